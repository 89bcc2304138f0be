// What `probeprof run` tells the preload module in the child process: a JSON file whose path travels in the
// query string of the `--import` URL, not in the environment, so the program sees exactly the environment it
// would see unprofiled, and workers started with the same execArgv find it too.

import { readFileSync, writeFileSync } from 'node:fs'
import type { ClockChoice } from '@probeprof/runtime/report'
import type { ModuleFormat } from '@probeprof/babel-plugin/source-type'

export interface RunConfig {
  /** absolute path of the script, as process.argv[1] shows it */
  script: string
  /** absolute path of the instrumented bundle to serve in the script's place */
  bundle: string
  format: ModuleFormat
  /** absolute path of the report */
  out: string
  /** no "wrote …" line: probeprof run prints the table itself */
  quiet: boolean
  clock: ClockChoice
}

/** Writes the config next to the bundle and returns the `--import` specifier that names it. */
export function writeRunConfig(preload: URL, path: string, config: RunConfig): string {
  writeFileSync(path, JSON.stringify(config))
  const url = new URL(preload)
  url.search = `?${encodeURIComponent(path)}`
  return url.href
}

/** The config named by the preload module's own URL, or null when it was imported without one. */
export function readRunConfig(url: string): RunConfig | null {
  const path = decodeURIComponent(new URL(url).search.slice(1))
  if (path === '') return null
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as RunConfig
  } catch {
    return null // a process started after the run ended (a detached child): nothing to serve
  }
}
