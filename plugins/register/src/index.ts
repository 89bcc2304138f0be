// `node --import @probeprof/register app.js`: with PROBEPROF=1, every ES module the app loads goes through the
// loader hooks in hooks.ts (module.register, off the main thread), which instrument it with plugin-core's
// Instrumenter (its options, file filter and cache) and compile TypeScript with esbuild. With the flag off this
// module registers nothing at all: the app runs exactly as under plain `node`.
//
// Worker threads and child processes inherit it: `--import` travels in execArgv and NODE_OPTIONS as Node passes
// them on, and the runtime writes one report per process or thread (probeprof.<pid>.json) that `probeprof merge`
// joins.

import { register } from 'node:module'
import { isFlagOn } from '@probeprof/plugin-core'

if (isFlagOn(process.env.PROBEPROF)) {
  register('./hooks.js', import.meta.url, { data: { cwd: process.cwd() } })
}
