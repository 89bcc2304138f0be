// Which module system Node would load a script with, by its rules: .mjs/.mts are ES modules, .cjs/.cts
// CommonJS, others follow the nearest package.json's "type"; without one, Node (≥ 20.19) looks at the syntax:
// a script with import/export is an ES module. `null` means that last case: the build decides.

import { readFileSync } from 'node:fs'
import { dirname, extname, join } from 'node:path'

export type ModuleFormat = 'module' | 'commonjs'

export function declaredModuleFormat(script: string): ModuleFormat | null {
  const extension = extname(script)
  if (extension === '.mjs' || extension === '.mts') return 'module'
  if (extension === '.cjs' || extension === '.cts') return 'commonjs'
  const type = packageTypeOf(dirname(script))
  return type === 'module' ? 'module' : type === 'commonjs' ? 'commonjs' : null
}

function packageTypeOf(directory: string): string | undefined {
  for (let dir = directory; ; dir = dirname(dir)) {
    let text: string | undefined
    try {
      text = readFileSync(join(dir, 'package.json'), 'utf8')
    } catch {
      text = undefined
    }
    if (text !== undefined) {
      try {
        const type = (JSON.parse(text) as { type?: unknown }).type
        return typeof type === 'string' ? type : undefined
      } catch {
        return undefined // Node would fail on it too; the build reports it
      }
    }
    if (dirname(dir) === dir) return undefined
  }
}
