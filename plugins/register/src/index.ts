// `node --import @probeprof/register app.js`: with PROBEPROF=1, every ES module the app loads goes through the
// loader hooks in hooks.ts (module.register, off the main thread), which instrument it with plugin-core's
// Instrumenter (its options, file filter and cache) and compile TypeScript with esbuild; every CommonJS file goes
// through the require hook in require-hook.ts, which asks that same thread to instrument it. With the flag off this
// module registers nothing at all: the app runs exactly as under plain `node`.
//
// Worker threads and child processes inherit it: `--import` travels in execArgv and NODE_OPTIONS as Node passes
// them on, and the runtime writes one report per process or thread (probeprof.<pid>.json) that `probeprof merge`
// joins.

import { register } from 'node:module'
import { MessageChannel } from 'node:worker_threads'
import { Instrumenter, isFlagOn, OptionsError, resolveOptions, type ResolvedOptions } from '@probeprof/plugin-core'
import { registerOptions } from './compile.js'
import type { HooksData } from './hooks.js'
import { installRequireHook } from './require-hook.js'

/** The run's options from the environment; a bad one ends the process in its one line, before the app starts. */
function optionsOrExit(): ResolvedOptions {
  try {
    return resolveOptions(registerOptions(process.env), process.env, '@probeprof/register')
  } catch (error) {
    if (!(error instanceof OptionsError)) throw error
    process.stderr.write(`${error.message}\n`)
    process.exit(2)
  }
}

if (isFlagOn(process.env.PROBEPROF)) {
  const options = optionsOrExit()
  const { port1, port2 } = new MessageChannel()
  const signal = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT))
  const data: HooksData = { cwd: process.cwd(), port: port2, signal }
  register('./hooks.js', import.meta.url, { data, transferList: [port2] })
  // the file filter here too: a CommonJS file it rejects (a dependency) costs no round trip to the hooks thread
  const filter = new Instrumenter(options, process.cwd()).shouldInstrument
  installRequireHook(port1, signal, filter)
}
