// The loader hooks `--import @probeprof/register` installs with module.register (they run on Node's loader thread).
// resolve: TypeScript's specifiers (`./primes` or `./primes.js` naming primes.ts) find their file, as tsc and
// bundlers find it. load: a file the filter accepts (the app's own files; node_modules only when asked) is
// instrumented on the code as written by plugin-core's Instrumenter, so rows point at the TypeScript lines, then
// TypeScript is compiled by esbuild's transform, which keeps the map chain for `--enable-source-maps`.
// CommonJS is left to the require hook (require-hook.ts), which runs where `require` runs and sends each file here,
// to the same Instrumenter, over the port `initialize` receives.

import { readFile } from 'node:fs/promises'
import type { LoadHook, ResolveHook } from 'node:module'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { MessagePort } from 'node:worker_threads'
import { Instrumenter, resolveOptions } from '@probeprof/plugin-core'
import { commonJsRuntimeFile, compileFailure, compileTypeScriptSync, failingModule, moduleFormatOf, registerOptions, TYPESCRIPT } from './compile.js'
import type { CompileReply, CompileRequest } from './require-hook.js'

let instrumenter: Instrumenter | undefined
let runtimeModule: string | undefined
let flushTimer: NodeJS.Timeout | undefined

/** What index.ts passes: the working directory, and the require hook's channel (its port and wake-up signal). */
export interface HooksData {
  cwd: string
  port: MessagePort
  signal: Int32Array
}

export async function initialize(data: HooksData): Promise<void> {
  // The transform service imports Babel's side lazily; imported from inside a hook, on this thread, that import
  // would wait on the very hooks it runs in (Node 20 never answers it), so it is loaded here, before they start.
  await import(pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('@probeprof/plugin-core')), 'instrument-file.js')).href)
  instrumenter = new Instrumenter(resolveOptions(registerOptions(process.env), process.env, '@probeprof/register'), data.cwd)
  runtimeModule = instrumenter.runtimeFile()
  const { port, signal } = data
  port.on('message', (request: CompileRequest) => {
    void compileCommonJs(request).then((reply) => {
      port.postMessage(reply)
      Atomics.store(signal, 0, 1)
      Atomics.notify(signal, 0)
    })
  })
  // the thread that requires keeps it alive while it runs; the port alone must not keep the loader thread up
  port.unref()
}

let compilerStarted = false

/**
 * esbuild's first synchronous call starts its service (0.1 s, a second on a loaded machine): started before a
 * CommonJS file of the app runs, since TypeScript it requires would count that in the function that requires
 * it. Only then: a process that runs none of the app's files (npx, a test runner's parent) never starts it.
 */
function startCompiler(): void {
  if (compilerStarted) return
  compilerStarted = true
  compileTypeScriptSync('', 'warm-up.ts', 'cjs')
}

/** The runtime CommonJS files require, made on the first CommonJS file (an app of ES modules never needs it). */
let commonJsRuntime: string | undefined | null

/** One CommonJS file for the require hook: instrumented if the filter accepts it, then compiled if TypeScript. */
async function compileCommonJs(request: CompileRequest): Promise<CompileReply> {
  const { id, path, content } = request
  try {
    const typescript = TYPESCRIPT.test(path)
    let code: string | undefined
    if (instrumenter !== undefined && runtimeModule !== undefined && instrumenter.shouldInstrument(path)) {
      if (commonJsRuntime === undefined) commonJsRuntime = commonJsRuntimeFile(runtimeModule) ?? null
      if (commonJsRuntime !== null) {
        const outcome = await instrumenter.instrument(path, Buffer.from(content), commonJsRuntime, true)
        if (outcome.kind === 'code') code = Buffer.from(outcome.contents).toString('utf8')
        else if (outcome.kind === 'unparsable') process.stderr.write(instrumenter.notInstrumented(path, outcome) + '\n')
        scheduleCacheFlush()
      }
    }
    if (typescript) code = compileOrFail(code ?? content, path, 'cjs')
    return { id, code }
  } catch (error) {
    return { id, error: error instanceof Error ? error.message : String(error) }
  }
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
  if (format !== 'module') {
    if (format === 'commonjs') startCompiler()
    return typescript ? { format: 'commonjs', shortCircuit: true } : nextLoad(url, context)
  }
  const source = await readFile(path)
  let code = source.toString('utf8')
  if (instrumenter.shouldInstrument(path)) {
    const outcome = await instrumenter.instrument(path, source, runtimeModule, true)
    if (outcome.kind === 'code') code = Buffer.from(outcome.contents).toString('utf8')
    else if (outcome.kind === 'unparsable') process.stderr.write(instrumenter.notInstrumented(path, outcome) + '\n')
    scheduleCacheFlush()
  }
  if (typescript) code = compileOrFail(code, path, 'esm')
  return { format: 'module', source: code, shortCircuit: true }
}

/**
 * TypeScript compiled. When it does not compile, the error is esbuild's failure in one line: for CommonJS a module
 * that throws it where the file would run (so the stack names the file and who required it); for an ES module,
 * which is linked before it runs (an import of a missing export would hide it), thrown here, without our frames.
 */
function compileOrFail(code: string, path: string, format: 'esm' | 'cjs'): string {
  try {
    return compileTypeScriptSync(code, path, format)
  } catch (error) {
    const failure = compileFailure(error)
    if (failure === undefined) throw error
    if (format === 'cjs') return failingModule(failure)
    const syntaxError = new SyntaxError(failure)
    syntaxError.stack = `SyntaxError: ${failure}`
    throw syntaxError
  }
}

/** Writes the cache entries of the files instrumented so far, once loading pauses (a loader never "ends"). */
function scheduleCacheFlush(): void {
  clearTimeout(flushTimer)
  flushTimer = setTimeout(() => void instrumenter?.finishBuild(), 200)
  flushTimer.unref()
}

