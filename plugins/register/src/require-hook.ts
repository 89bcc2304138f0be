// CommonJS under `node --import @probeprof/register`: Node 20 has no synchronous module hooks
// (module.registerHooks is Node 22+), so the require hook wraps the CommonJS loader where every CommonJS file
// passes: Module.prototype._compile(content, filename), reached from require(), from an ES module importing
// CommonJS, and from a CommonJS entry point. It runs on the thread that requires (the main thread or a worker),
// and hands each file to the loader-hooks thread (hooks.ts), which holds the one Instrumenter of this thread's
// ES modules too: one file filter, one memory, one cache, Babel loaded once. The request is synchronous, as
// require() is: a message on a MessagePort, then Atomics.wait until the hooks thread has posted its answer.
//
// `.ts`/`.cts`/`.tsx` become CommonJS extensions (so `require('./helper')` finds helper.ts), and a relative
// `./helper.js` that names no file finds helper.ts, as tsc and the ES module path resolve it.

import Module from 'node:module'
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads'
import type { FileFilter } from '@probeprof/plugin-core'
import { TYPESCRIPT } from './compile.js'

/** What the require hook asks the hooks thread: instrument (and compile, for TypeScript) one CommonJS file. */
export interface CompileRequest {
  /** numbers the requests, so that an answer arriving after its timeout is not taken for the next one's */
  id: number
  path: string
  content: string
}

/** The hooks thread's answer: the code to compile (undefined: the file as it is), or an internal error of ours. */
export type CompileReply = { id: number } & ({ code: string | undefined } | { error: string })

/**
 * How long require() waits for the hooks thread: far more than Babel takes on the largest file; past it the file
 * runs as written (with one line on stderr) rather than hanging the app.
 */
const K_COMPILE_TIMEOUT_MS = 60_000

const TYPESCRIPT_EXTENSIONS = ['.ts', '.cts', '.tsx']

interface CommonJsLoader {
  prototype: { _compile(this: unknown, content: string, filename: string, ...rest: unknown[]): unknown }
  _extensions: Record<string, (module: unknown, filename: string) => void>
  _resolveFilename(this: unknown, request: string, ...rest: unknown[]): string
}

/**
 * `port`: this thread's end of the channel whose other end the hooks thread listens on; `signal` a shared
 * Int32Array(1); `mayInstrument`: the hooks thread's file filter, or one that accepts more (it decides).
 */
export function installRequireHook(port: MessagePort, signal: Int32Array, mayInstrument: FileFilter): void {
  const loader = Module as unknown as CommonJsLoader
  port.unref()
  let lastId = 0

  const compile = loader.prototype._compile
  loader.prototype._compile = function (content: string, filename: string, ...rest: unknown[]) {
    // a dependency, most of what a server requires, costs one call of the filter, not a round trip to the hooks
    // thread, which waits for the scheduler twice: with a round trip per file, npx (hundreds of files) did not
    // start within a minute at a load average of 25
    const code = TYPESCRIPT.test(filename) || mayInstrument(filename) ? compileRemotely(port, signal, { id: ++lastId, path: filename, content }) : undefined
    return compile.call(this, code ?? content, filename, ...rest)
  }

  const javascript = loader._extensions['.js']!
  for (const extension of TYPESCRIPT_EXTENSIONS) loader._extensions[extension] ??= javascript

  const resolveFilename = loader._resolveFilename
  loader._resolveFilename = function (request: string, ...rest: unknown[]) {
    try {
      return resolveFilename.call(this, request, ...rest)
    } catch (error) {
      const relative = request.startsWith('./') || request.startsWith('../')
      if (!relative || (error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND' || !/\.(c|m)?js$/.test(request)) throw error
      const base = request.replace(/\.(c|m)?js$/, '')
      for (const candidate of [`${base}.ts`, `${base}.tsx`, `${base}.cts`]) {
        try {
          return resolveFilename.call(this, candidate, ...rest)
        } catch {
          // next candidate
        }
      }
      throw error
    }
  }
}

function compileRemotely(port: MessagePort, signal: Int32Array, request: CompileRequest): string | undefined {
  Atomics.store(signal, 0, 0)
  port.postMessage(request)
  if (Atomics.wait(signal, 0, 0, K_COMPILE_TIMEOUT_MS) === 'timed-out') {
    process.stderr.write(`probeprof: not instrumented: ${request.path}: the instrumenting thread did not answer in ${K_COMPILE_TIMEOUT_MS / 1000} s\n`)
    return undefined
  }
  let reply: CompileReply | undefined
  do reply = receiveMessageOnPort(port)?.message as CompileReply | undefined
  while (reply !== undefined && reply.id !== request.id)
  if (reply === undefined) return undefined
  if ('error' in reply) throw new Error(`probeprof: cannot load ${request.path}: ${reply.error}`)
  return reply.code
}
