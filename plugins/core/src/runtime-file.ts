// The module that installs the runtime with a build's options: every instrumented file of a bundled build imports
// it, so a bundle (or each chunk set of a split build) holds one copy, and the user installs nothing. It is a real
// file, written once per set of options next to the cache, imported by its absolute path: every bundler resolves
// that without asking a plugin (esbuild in Go: a virtual module would cost a round trip to JavaScript for each of
// the build's modules, on three.js 1.6× slower; bench: build/instrumented-floor). Where no file can be written,
// an integration serves `runtimeSource` as a virtual module instead.
//
// Either way the runtime is the realm's one profiler on globalThis.__probeprof: two bundles on a page share it.

import { createHash } from 'node:crypto'
import { existsSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, sep } from 'node:path'
import { writeFileAtomic } from '@probeprof/runtime/atomic-write'
import type { RuntimeOptions } from '@probeprof/runtime/install'

const RUNTIME_FILE = 'probeprof-runtime'

const require = createRequire(import.meta.url)
/** Absolute path of the runtime's `install` module, which the runtime file imports. */
export const runtimeInstall = require.resolve('@probeprof/runtime/install')
/** The runtime package's directory, with a trailing separator: its own files are never instrumented. */
export const runtimeDirectory = dirname(require.resolve('@probeprof/runtime/package.json')) + sep

/** The runtime module's text: installs the runtime with `options` and exports it as `runtime`. */
export function runtimeSource(options: Readonly<RuntimeOptions>, extra = ''): string {
  return (
    `import { install } from ${JSON.stringify(runtimeInstall)};\n` +
    `export const runtime = install(${JSON.stringify(options)});\n` +
    extra
  )
}

/**
 * The absolute path of `<directory>/probeprof-runtime-<hash>.mjs`, the module that installs the runtime with these
 * options (and runs `extra`, code that may use `runtime`), written if missing, atomically (concurrent builds may
 * race for it); undefined when it cannot be written.
 */
export function bundledRuntimeFile(directory: string, options: Readonly<RuntimeOptions>, extra = ''): string | undefined {
  const source = runtimeSource(options, extra)
  const file = join(directory, `${RUNTIME_FILE}-${createHash('sha256').update(source).digest('hex').slice(0, 16)}.mjs`)
  if (existsSync(file)) return file
  try {
    mkdirSync(directory, { recursive: true })
    writeFileAtomic(file, source)
    return file
  } catch {
    return undefined // the directory is unusable: an integration serves runtimeSource as a virtual module instead
  }
}
