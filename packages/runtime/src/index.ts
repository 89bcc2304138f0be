// @probeprof/runtime: the stats module the probes call. Zero dependencies; Node and browsers.

import { install } from './install.js'
import type { Profiler } from './profiler.js'

/** The profiler of this JS realm (installed on first use). */
export const profiler: Profiler = install()

export { install } from './install.js'
export type { Profiler, ProfileResult } from './profiler.js'
export type { RuntimeOptions } from './options.js'
export * from './format-spec.js'
