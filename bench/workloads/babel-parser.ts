// @babel/parser parsing a large real file: three.js's core build (1.4 MB of ES2020 from npm).
import { parse } from '@babel/parser'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { runWorkload } from './harness.js'

// three's exports map hides build/three.core.js; its main entry (build/three.cjs) sits next to it
const code = readFileSync(join(dirname(createRequire(import.meta.url).resolve('three')), 'three.core.js'), 'utf8')
runWorkload(() => {
  const ast = parse(code, { sourceType: 'module' })
  const body = ast.program.body
  return `${body.length} ${body.map((node) => node.type).join(',')} ${ast.comments?.length ?? 0} ${ast.end}`
})
