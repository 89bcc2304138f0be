// Module or script: how the file's loader (Node, the bundler) will read it. Its own module, without Babel, so
// that bundler integrations can decide it (and key their cache on it) before they load the transform.

import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import type { SourceTypeOption } from './options.js'

export type ParsedSourceType = 'module' | 'script' | 'unambiguous'

/** The module system Node loads a file with. */
export type ModuleFormat = 'module' | 'commonjs'

/**
 * Which module system a file declares by Node's rules: `.mjs`/`.mts` ES modules, `.cjs`/`.cts` CommonJS, other
 * files the nearest package.json's `"type"`; null when nothing declares it (Node ≥ 20.19 then looks at the syntax,
 * older ones take CommonJS). One rule for the transform's parse mode, `probeprof run` and `@probeprof/register`.
 */
export function declaredModuleFormat(filename: string): ModuleFormat | null {
  if (/\.m[jt]sx?$/.test(filename)) return 'module'
  if (/\.c[jt]sx?$/.test(filename)) return 'commonjs'
  const type = packageType(resolve(filename))
  return type === 'module' ? 'module' : type === 'commonjs' ? 'commonjs' : null
}

/**
 * How a file's loader reads it, as Node and esbuild decide: `.mjs`/`.mts` and the files of a package whose
 * package.json says `"type": "module"` are ES modules ('module'); other files are modules only if they use
 * import/export ('unambiguous'). Parsed that way, a file the loader would reject as a module (`class await {}`,
 * `with`) is never instrumented as a script, and one without import/export in a module package gets an `import`
 * of the runtime, not a `require` that ES modules do not have.
 */
export function loaderSourceType(filename: string, declared: SourceTypeOption = 'auto'): ParsedSourceType {
  if (declared !== 'auto') return declared
  return declaredModuleFormat(filename) === 'module' ? 'module' : 'unambiguous'
}

/** The `type` of the package.json nearest to a file, as Node finds it (the first one up the tree). */
function packageType(file: string): string | undefined {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    let text: string
    try {
      text = readFileSync(join(dir, 'package.json'), 'utf8')
    } catch {
      if (dirname(dir) === dir) return undefined
      continue
    }
    try {
      const type = (JSON.parse(text) as { type?: unknown }).type
      return typeof type === 'string' ? type : undefined
    } catch {
      return undefined // Node fails on it too; the bundler says so
    }
  }
}
