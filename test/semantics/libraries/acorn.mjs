// acorn, instrumented in full, parses real JavaScript: every file of several packages, as modules and with locations.
import { createHash } from 'node:crypto'
import * as acorn from 'acorn'
import { filesUnder } from './inputs.mjs'

const inputs = [
  ...filesUnder(['node_modules/acorn/dist', 'node_modules/marked/lib', 'node_modules/yaml/dist', 'node_modules/magic-string/dist', 'node_modules/picomatch/lib'], /\.(m?js|cjs)$/),
  ...filesUnder(['node_modules/lodash'], /^lodash\.js$/),
]
let parsed = 0
for (const { name, text } of inputs) {
  let out
  for (const sourceType of ['module', 'script']) {
    try {
      const ast = acorn.parse(text, { ecmaVersion: 'latest', sourceType, locations: true, allowHashBang: true })
      out = `${sourceType} ${ast.body.length} statements ${createHash('sha256').update(JSON.stringify(ast)).digest('hex')}`
      parsed++
      break
    } catch (error) {
      out = `error ${error.message}`
    }
  }
  console.log(`${name}: ${out}`)
}
let tokens = 0
for (const token of acorn.tokenizer(inputs[0].text, { ecmaVersion: 'latest', sourceType: 'module' })) tokens += token.end - token.start
console.log(`parsed ${parsed} of ${inputs.length} files; ${tokens} token characters in ${inputs[0].name}`)
