// Runtime options: one table of defaults, one resolver. Build-time options (baked in by a bundler plugin) are
// overridden by the environment of the running process (PROBEPROF_* variables) where the host has one.

import type { ClockMode } from './format-spec.js'
import { K_DEFAULT_MAX_NODES } from './context-tree.js'
import { K_MAX_NODES } from './recorder.js'
import { K_DEFAULT_MEMORY_INTERVAL } from './memory.js'

export interface RuntimeOptions {
  /**
   * How probes measure time: 'sampled' (exact counts, times from a sampler thread), 'precise' (two clock reads
   * per call), 'fast' (a clock thread writes the time into shared memory) or 'counts' (no time); 'auto', the
   * default, is 'sampled' where the host runs shared-memory threads and 'precise' where it does not.
   * Env: PROBEPROF_CLOCK.
   */
  clock?: ClockChoice
  /** `fast` clock: microseconds between the clock thread's writes (its resolution). Env: PROBEPROF_CLOCK_TICK_US. */
  clockTickUs?: number
  /** `sampled`: microseconds between samples. Env: PROBEPROF_SAMPLE_US. */
  sampleUs?: number
  /** Report path; `%p` becomes the pid, `%t` a timestamp. Env: PROBEPROF_OUT. */
  out?: string
  /** Do not print the "wrote …" line on stderr. Env: PROBEPROF_QUIET=1. */
  quiet?: boolean
  /** Cap on distinct calling contexts; calls past it are counted under `(truncated)`. Env: PROBEPROF_MAX_NODES. */
  maxNodes?: number
  /** Record from start-up; `false` waits for `profiler.enable()`. Env: PROBEPROF=0 turns it off. */
  enabled?: boolean
  /** Write the report when the process ends (Node). */
  writeOnExit?: boolean
  /**
   * Also write it on SIGINT/SIGTERM/SIGHUP, then die by the signal. A listener delays the signal until the event
   * loop turns, so an app stuck in a synchronous loop ignores Ctrl-C; `false` leaves signals alone (the report is
   * lost on a signal). Env: PROBEPROF_SIGNALS=0.
   */
  signals?: boolean
  /**
   * Milliseconds between periodic snapshots written to the report path while the app runs (Node), so a process
   * killed by a signal it cannot catch (SIGKILL, the OOM killer) leaves its last one, marked partial; the report
   * written at the end replaces it. In a page with `collect`: sent to the collector that often (when changed), so a
   * tab closed without its `pagehide` leaves the last one. 0 (the default): none, and no timer. Env: PROBEPROF_FLUSH_MS.
   */
  flushMs?: number
  /**
   * Pages: the collector the report is POSTed to each time the page is hidden or left (`visibilitychange` to
   * hidden, `pagehide`), by `navigator.sendBeacon` or a keepalive `fetch`: `'/__probeprof'` (the Vite dev server's
   * default, or `probeprof serve`), or an absolute URL. `''` (the default): none. Ignored in Node, which writes a file.
   */
  collect?: string
  /**
   * Memory per function: V8's sampling heap profiler runs in-process and the report carries the bytes each
   * function and calling context allocated (sampled), and the heap in use at the end. Node only (a page has no
   * such sampler; its report says so). Env: PROBEPROF_MEMORY=1.
   */
  memory?: boolean
  /** `memory`: average bytes allocated between two samples (V8's samplingInterval). Env: PROBEPROF_MEMORY_INTERVAL. */
  memoryInterval?: number
}

export type ResolvedRuntimeOptions = Readonly<Required<RuntimeOptions>>

/** The clocks a report can have been recorded with. */
export const CLOCK_MODES: readonly ClockMode[] = ['precise', 'fast', 'sampled', 'counts']

/**
 * What a user may ask for: a clock, or 'auto'. 'auto' is sampled because on call-dense code it costs 2.0× against
 * precise's 5.1× (geometric mean of eight real libraries) and ranks closer to V8's sampler, at 1.5 % median error
 * against ground truth (bench/RESULTS.md); precise only where no sampler thread can run (a page that is not
 * cross-origin isolated).
 */
export type ClockChoice = 'auto' | ClockMode
export const CLOCK_CHOICES: readonly ClockChoice[] = ['auto', ...CLOCK_MODES]

/** Chosen by bench/runtime/probe-cost.mjs and bench/runtime/accuracy.mjs (bench/RESULTS.md). */
export const K_DEFAULT_CLOCK_TICK_US = 1
export const K_DEFAULT_SAMPLE_US = 100
/** Periodic snapshots closer than this would spend the app's time writing reports. */
export const K_MIN_FLUSH_MS = 10

export const defaultRuntimeOptions: ResolvedRuntimeOptions = Object.freeze({
  clock: 'auto',
  clockTickUs: K_DEFAULT_CLOCK_TICK_US,
  sampleUs: K_DEFAULT_SAMPLE_US,
  out: 'probeprof.json',
  quiet: false,
  maxNodes: K_DEFAULT_MAX_NODES,
  enabled: true,
  writeOnExit: true,
  signals: true,
  flushMs: 0,
  collect: '',
  memory: false,
  memoryInterval: K_DEFAULT_MEMORY_INTERVAL,
})

/**
 * Merges build-time options and environment overrides over the defaults. The runtime runs inside the user's
 * app, so a bad value is reported through `warn` and replaced by the default; it never throws.
 */
export function resolveRuntimeOptions(
  options: RuntimeOptions,
  env: Record<string, string | undefined>,
  warn: (message: string) => void,
): ResolvedRuntimeOptions {
  const merged: Required<RuntimeOptions> = { ...defaultRuntimeOptions }
  for (const key of Object.keys(options) as (keyof RuntimeOptions)[]) {
    if (!(key in defaultRuntimeOptions)) warn(`unknown runtime option '${key}' ignored`)
    else if (options[key] !== undefined) Object.assign(merged, { [key]: options[key] })
  }
  if (env.PROBEPROF_CLOCK) merged.clock = env.PROBEPROF_CLOCK as ClockChoice
  if (env.PROBEPROF_OUT) merged.out = env.PROBEPROF_OUT
  if (env.PROBEPROF_QUIET) merged.quiet = isTrue(env.PROBEPROF_QUIET)
  if (env.PROBEPROF_MAX_NODES) merged.maxNodes = Number(env.PROBEPROF_MAX_NODES)
  if (env.PROBEPROF_SIGNALS) merged.signals = isTrue(env.PROBEPROF_SIGNALS)
  if (env.PROBEPROF_CLOCK_TICK_US) merged.clockTickUs = Number(env.PROBEPROF_CLOCK_TICK_US)
  if (env.PROBEPROF_SAMPLE_US) merged.sampleUs = Number(env.PROBEPROF_SAMPLE_US)
  if (env.PROBEPROF_FLUSH_MS) merged.flushMs = Number(env.PROBEPROF_FLUSH_MS)
  if (env.PROBEPROF_MEMORY) merged.memory = isTrue(env.PROBEPROF_MEMORY)
  if (env.PROBEPROF_MEMORY_INTERVAL) merged.memoryInterval = Number(env.PROBEPROF_MEMORY_INTERVAL)
  if (env.PROBEPROF !== undefined && env.PROBEPROF !== '' && !isTrue(env.PROBEPROF)) merged.enabled = false

  if (!CLOCK_CHOICES.includes(merged.clock)) {
    warn(`unknown clock '${merged.clock}' (PROBEPROF_CLOCK or the clock option), using 'auto'; choose from ${CLOCK_CHOICES.join(', ')}`)
    merged.clock = 'auto'
  }
  if (!Number.isInteger(merged.maxNodes) || merged.maxNodes < 2 || merged.maxNodes > K_MAX_NODES) {
    warn(`PROBEPROF_MAX_NODES must be an integer from 2 to ${K_MAX_NODES}, using ${K_DEFAULT_MAX_NODES}`)
    merged.maxNodes = K_DEFAULT_MAX_NODES
  }
  if (!(merged.clockTickUs >= 0 && merged.clockTickUs <= 1e6)) {
    warn(`PROBEPROF_CLOCK_TICK_US must be a number of microseconds from 0 to 1000000, using ${K_DEFAULT_CLOCK_TICK_US}`)
    merged.clockTickUs = K_DEFAULT_CLOCK_TICK_US
  }
  if (!(merged.sampleUs >= 10 && merged.sampleUs <= 1e6)) {
    warn(`PROBEPROF_SAMPLE_US must be a number of microseconds from 10 to 1000000, using ${K_DEFAULT_SAMPLE_US}`)
    merged.sampleUs = K_DEFAULT_SAMPLE_US
  }
  if (!(Number.isInteger(merged.flushMs) && (merged.flushMs === 0 || merged.flushMs >= K_MIN_FLUSH_MS))) {
    warn(`PROBEPROF_FLUSH_MS must be 0 (no periodic snapshots) or an integer of at least ${K_MIN_FLUSH_MS} milliseconds, using 0`)
    merged.flushMs = 0
  }
  if (!(Number.isInteger(merged.memoryInterval) && merged.memoryInterval >= 1 && merged.memoryInterval <= 2 ** 30)) {
    warn(`PROBEPROF_MEMORY_INTERVAL must be an integer number of bytes from 1 to ${2 ** 30}, using ${K_DEFAULT_MEMORY_INTERVAL}`)
    merged.memoryInterval = K_DEFAULT_MEMORY_INTERVAL
  }
  return Object.freeze(merged)
}

function isTrue(value: string): boolean {
  return value === '1' || value.toLowerCase() === 'true' || value.toLowerCase() === 'yes'
}
