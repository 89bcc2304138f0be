// Installs the one profiler of this JS realm on `globalThis.__probeprof`, or returns the one already there:
// several bundles on one page, or a bundle plus a separately loaded module, share a single runtime.

import { detectHost } from './host.js'
import { resolveRuntimeOptions, type RuntimeOptions } from './options.js'
import { PROBE_ABI, Profiler } from './profiler.js'
import { hideProbesFromToString } from './source-text.js'

export const GLOBAL_KEY = '__probeprof'

type Scope = Record<string, Profiler | undefined>

export function install(options: RuntimeOptions = {}): Profiler {
  const scope = globalThis as unknown as Scope
  const existing = scope[GLOBAL_KEY]
  if (existing !== undefined && existing.abi === PROBE_ABI) return existing
  // instrumented functions' text is the source as written (source-text.ts), in this realm from now on
  hideProbesFromToString()
  const host = detectHost()
  const resolved = resolveRuntimeOptions(options, host.env(), (message) => host.notify(`probeprof: ${message}`))
  const profiler = new Profiler(resolved, host)
  // not enumerable: a page that lists `Object.keys(window)` or walks it with for-in sees what it saw plain
  if (existing === undefined) Object.defineProperty(scope, GLOBAL_KEY, { value: profiler, writable: true, configurable: true, enumerable: false })
  else host.notify(`probeprof: another probeprof runtime (abi ${existing.abi}) is loaded; this bundle records on its own`)
  return profiler
}

// Other realms (a vm context, an iframe) that call this runtime through their global get the same toString.
export { blankProbeMarkers, hideProbesFromToString, PROBE_CLOSE, PROBE_OPEN, PROBE_OPEN_AFTER_SLASH, stripProbeText } from './source-text.js'
// Build tools (the bundler plugins) validate the options they bake into a build against the runtime's own table.
export { CLOCK_CHOICES, CLOCK_MODES, defaultRuntimeOptions, resolveRuntimeOptions, type ClockChoice } from './options.js'
export type { RuntimeOptions, ResolvedRuntimeOptions } from './options.js'
