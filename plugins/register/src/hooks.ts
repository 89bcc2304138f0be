// The loader hooks `--import @probeprof/register` installs with module.register (they run on Node's loader thread).
// resolve: TypeScript's specifiers (`./primes` or `./primes.js` naming primes.ts) find their file, as tsc and
// bundlers find it. load: a file the filter accepts (the app's own files; node_modules only when asked) is
// instrumented on the code as written by plugin-core's Instrumenter, so rows point at the TypeScript lines, then
// TypeScript is compiled by esbuild's transform, which keeps the map chain for `--enable-source-maps`.
// CommonJS is left to the require hook (require-hook.ts), which runs where `require` runs.

import { readFile } from 'node:fs/promises'
import type { LoadHook, ResolveHook } from 'node:module'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Instrumenter, resolveOptions } from '@probeprof/plugin-core'
import { compileTypeScriptSync, moduleFormatOf, registerOptions, TYPESCRIPT } from './compile.js'

let instrumenter: Instrumenter | undefined
let runtimeModule: string | undefined
let flushTimer: NodeJS.Timeout | undefined

export async function initialize(data: { cwd: string }): Promise<void> {
  // The transform service imports Babel's side lazily; imported from inside a hook, on this thread, that import
  // would wait on the very hooks it runs in (Node 20 never answers it), so it is loaded here, before they start.
  await import(pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('@probeprof/plugin-core')), 'instrument-file.js')).href)
  instrumenter = new Instrumenter(resolveOptions(registerOptions(process.env), process.env, '@probeprof/register'), data.cwd)
  runtimeModule = instrumenter.runtimeFile()
}

/** Extensions tried, in order, for a relative specifier that names no file, as TypeScript resolves it. */
const TRY_EXTENSIONS = ['.ts', '.tsx', '.mts', '.js', '.mjs', '/index.ts', '/index.js']

export const resolve: ResolveHook = async (specifier, context, nextResolve) => {
  try {
    return await nextResolve(specifier, context)
  } catch (error) {
    const relativeSpecifier = specifier.startsWith('./') || specifier.startsWith('../')
    if (!relativeSpecifier || (error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error
    const base = specifier.replace(/\.(c|m)?js$/, '')
    const candidates = base === specifier ? TRY_EXTENSIONS.map((ext) => specifier + ext) : [`${base}.ts`, `${base}.tsx`, `${base}.mts`, `${base}.cts`]
    for (const candidate of candidates) {
      try {
        return await nextResolve(candidate, context)
      } catch {
        // next candidate
      }
    }
    throw error
  }
}

export const load: LoadHook = async (url, context, nextLoad) => {
  if (instrumenter === undefined || runtimeModule === undefined || !url.startsWith('file:')) return nextLoad(url, context)
  const path = fileURLToPath(url)
  const typescript = TYPESCRIPT.test(path)
  if (!instrumenter.shouldInstrument(path)) {
    if (!typescript) return nextLoad(url, context)
  }
  const format = typescript ? moduleFormatOf(path) : (await nextLoad(url, context)).format
  // CommonJS goes through Node's CommonJS loader, where the require hook instruments it
  if (format !== 'module') return typescript ? { format: 'commonjs', shortCircuit: true } : nextLoad(url, context)
  const source = await readFile(path)
  let code = source.toString('utf8')
  if (instrumenter.shouldInstrument(path)) {
    const outcome = await instrumenter.instrument(path, source, runtimeModule, true)
    if (outcome.kind === 'code') code = Buffer.from(outcome.contents).toString('utf8')
    else if (outcome.kind === 'unparsable') process.stderr.write(instrumenter.notInstrumented(path, outcome) + '\n')
    scheduleCacheFlush()
  }
  if (typescript) code = compileTypeScriptSync(code, path, 'esm')
  return { format: 'module', source: code, shortCircuit: true }
}

/** Writes the cache entries of the files instrumented so far, once loading pauses (a loader never "ends"). */
function scheduleCacheFlush(): void {
  clearTimeout(flushTimer)
  flushTimer = setTimeout(() => void instrumenter?.finishBuild(), 200)
  flushTimer.unref()
}

