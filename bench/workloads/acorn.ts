// acorn, a hand-written recursive-descent parser, parsing three.js's core build (1.4 MB of ES2020 from npm) and
// walking the tree: the call-dense shape of every parser (a call per token and per grammar rule).
import { parse, type Node } from 'acorn'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { runWorkload } from './harness.js'

// three's exports map hides build/three.core.js; its main entry (build/three.cjs) sits next to it
const code = readFileSync(join(dirname(createRequire(import.meta.url).resolve('three')), 'three.core.js'), 'utf8')
runWorkload(() => {
  const ast = parse(code, { ecmaVersion: 'latest', sourceType: 'module', locations: true }) as Node & { body: Node[] }
  return `${ast.body.length} ${ast.body.map((node) => node.type).join(',')} ${ast.end}`
})
