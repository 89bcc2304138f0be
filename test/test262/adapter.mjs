// test262 adapter (../shared/test262/runner/run-test262.js --transform): every test instrumented by the transform a
// build uses (transformSource, every function probed), the runtime recording. Tests run as classic scripts in
// fresh vm realms, so the instrumented code reaches the runtime through the global (`runtime: 'global'`), which
// setupRealm installs in each realm as an application installs the runtime before loading its scripts.

import { transformSource } from '@probeprof/babel-plugin'
import { hideProbesFromToString, install } from '@probeprof/runtime/install'

// one profiler for the whole worker process: it records every realm's calls; no report is written
const profiler = install({ writeOnExit: false, quiet: true })

export function transform(code, filename, info) {
  // parsed as the runner will run it (a module test as a module, the rest as classic scripts), as a bundler would
  const result = transformSource(code, filename, { runtime: 'global', sourceMaps: false, sourceType: info.sourceType })
  return result === null ? code : result.code
}

export function setupRealm(realmGlobal) {
  Object.defineProperty(realmGlobal, '__probeprof', { value: profiler, writable: true, configurable: true, enumerable: false })
  // what install() does in its own realm: functions' text without the probes
  hideProbesFromToString(realmGlobal)
}
