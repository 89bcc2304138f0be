// The two helper threads of the thread-based modes: the `fast` clock and the `sampled` sampler. Each is a short
// script run by host.startThread(); it shares typed arrays with the probes and never touches anything else.

import type { Clock } from './clock.js'
import type { BackgroundThread, Host } from './host.js'
import type { SampledTime } from './recorder.js'

/**
 * **Fast clock.** The thread spins on `performance.now()` and stores the time into shared memory, where a probe
 * reads it for ~1–5 ns instead of a ~45 ns clock call.
 *
 * **Write interval.** Every store invalidates the cache line in the reading core, and the next read misses
 * (~50–100 ns on these VMs). Writing only when the time moved by `tickMs` bounds the misses to one per tick;
 * reads in between hit the cache. The tick is the clock's resolution (bench: runtime/fast-clock).
 *
 * **Padding.** The value sits alone in the middle 64-byte line of a 192-byte buffer, so no other data shares
 * its cache line, whatever the buffer's alignment.
 *
 * **Cores.** The thread takes a core. On a single core it competes with the app itself, and the clock stalls
 * whenever the thread is descheduled (milliseconds), so the profiler falls back to `precise` when
 * `availableParallelism()` is 1 (bench: runtime/probe-cost --cpus 0).
 */
export interface FastClock {
  read: Clock
  resolutionMs: number
  thread: BackgroundThread
  /** Milliseconds the thread could not run (gaps longer than K_STALL_MS): the clock stood still meanwhile. */
  stalledMs(): number
}

/** A gap between two consecutive reads of the helper thread longer than this means the OS descheduled it. */
const K_STALL_MS = 0.05

const K_CACHE_LINE_BYTES = 64
const K_FAST_CLOCK_SLOT = K_CACHE_LINE_BYTES / Float64Array.BYTES_PER_ELEMENT // the middle line's first double
/** Control slots: [0] the thread has started, [1] stop. */
const K_CONTROL_SLOTS = 2

const FAST_CLOCK_SOURCE = `
const clock = new Float64Array(threadData.clock)
const control = new Int32Array(threadData.control)
const stall = new Float64Array(threadData.stall)
const slot = threadData.slot
const tick = threadData.tickMs
const stallMs = threadData.stallMs
const offset = performance.timeOrigin - threadData.timeOrigin // this thread's time on the reader's time line
let written = performance.now() + offset
let previous = written
clock[slot] = written
Atomics.store(control, 0, 1)
Atomics.notify(control, 0)
while (Atomics.load(control, 1) === 0) {
  for (let i = 0; i < 4096; i++) {
    const t = performance.now() + offset
    if (t - written >= tick) {
      clock[slot] = t
      written = t
    }
    if (t - previous > stallMs) stall[0] += t - previous // descheduled: the clock stood still meanwhile
    previous = t
  }
}
`

export function startFastClock(host: Host, tickMs: number): FastClock | null {
  if (typeof SharedArrayBuffer !== 'function') return null // pages that are not cross-origin isolated
  const clock = new Float64Array(new SharedArrayBuffer(3 * K_CACHE_LINE_BYTES))
  const control = new Int32Array(new SharedArrayBuffer(K_CONTROL_SLOTS * Int32Array.BYTES_PER_ELEMENT))
  const stall = new Float64Array(new SharedArrayBuffer(Float64Array.BYTES_PER_ELEMENT))
  clock[K_FAST_CLOCK_SLOT] = performance.now() // what reads return until the thread's first write (pages do not wait)
  const thread = host.startThread(
    FAST_CLOCK_SOURCE,
    {
      clock: clock.buffer,
      control: control.buffer,
      stall: stall.buffer,
      slot: K_FAST_CLOCK_SLOT,
      tickMs,
      stallMs: Math.max(K_STALL_MS, tickMs * 2),
      timeOrigin: performance.timeOrigin,
    },
    control,
  )
  if (thread === null) return null
  const read = () => clock[K_FAST_CLOCK_SLOT]
  return {
    read,
    resolutionMs: tickMs,
    stalledMs: () => stall[0],
    thread: {
      stop() {
        Atomics.store(control, 1, 1)
        thread.stop()
      },
    },
  }
}

/**
 * **Sampled time.** The probes store the node on top of the stack into shared memory (one plain store per
 * probe, no clock); this thread wakes every `intervalMs`, reads that node and adds the time elapsed since its
 * previous sample to the node's own time. Counts and edges stay exact; times are a sampling profiler's
 * estimate, whose error shrinks with the number of samples a function gets.
 *
 * **Weights.** Each sample weighs the time that really elapsed, measured by the thread, not the nominal
 * interval: a late wake-up (a loaded machine, timer slack) then costs resolution, not accuracy of the total.
 *
 * **Why a thread and not V8's sampler.** `node:inspector`'s Profiler samples stacks by interrupting the main
 * thread (+13–17 % at 1 ms, +40–57 % at 100 µs measured here, js-profilers-formats.md §3.1), and its samples name
 * bundle positions that must be joined to our functions through source locations, which inlining and
 * minifiers blur. The thread reads our own context id, so the join is exact and free.
 */
export interface Sampler {
  time: SampledTime
  intervalMs: number
  thread: BackgroundThread
  /** Milliseconds of samples taken late (the thread was descheduled): attributed to whatever ran at wake-up. */
  stalledMs(): number
  /**
   * The recording starts (or restarts) now: nothing is charged before the first call, and the sample in flight
   * charges only the time after this moment. Without it, the samples taken while the main thread set up its
   * recorder after the thread started, and the first one after a reset, charged time the wall time leaves out
   * (2–6 ms at the start of a run here: a sampled report's times added up to more than its wall time).
   */
  markStart(): void
}

/** A clock both threads read alike: each thread's `performance.now()` counts from its own time origin. */
const K_SHARED_NOW = 'performance.timeOrigin + performance.now()'

const K_CURRENT_SLOT = K_CACHE_LINE_BYTES / Int32Array.BYTES_PER_ELEMENT

const SAMPLER_SOURCE = `
const current = new Int32Array(threadData.current)
const selfMs = new Float64Array(threadData.selfMs)
const control = new Int32Array(threadData.control)
const slot = threadData.slot
const interval = threadData.intervalMs
const late = new Float64Array(threadData.late)
const start = new Float64Array(threadData.start)
let last = ${K_SHARED_NOW}
Atomics.store(control, 0, 1)
Atomics.notify(control, 0)
while (Atomics.wait(control, 1, 0, interval) === 'timed-out') {
  const t = ${K_SHARED_NOW}
  const from = last > start[0] ? last : start[0] // time before the recording (re)started is nobody's
  if (start[0] > 0 && t > from) { // nor is anything before the first start (the main thread setting up its tree)
    selfMs[current[slot]] += t - from
    if (t - from > 2 * interval) late[0] += t - from - interval // woke late: this sample covers time it did not see
  }
  last = t
}
`

export function startSampler(host: Host, nodeCapacity: number, intervalMs: number): Sampler | null {
  if (typeof SharedArrayBuffer !== 'function') return null // pages that are not cross-origin isolated
  const currentBuffer = new SharedArrayBuffer(3 * K_CACHE_LINE_BYTES)
  const selfMs = new Float64Array(new SharedArrayBuffer(nodeCapacity * Float64Array.BYTES_PER_ELEMENT))
  const control = new Int32Array(new SharedArrayBuffer(K_CONTROL_SLOTS * Int32Array.BYTES_PER_ELEMENT))
  const late = new Float64Array(new SharedArrayBuffer(Float64Array.BYTES_PER_ELEMENT))
  const start = new Float64Array(new SharedArrayBuffer(Float64Array.BYTES_PER_ELEMENT))
  const thread = host.startThread(
    SAMPLER_SOURCE,
    { current: currentBuffer, selfMs: selfMs.buffer, control: control.buffer, late: late.buffer, start: start.buffer, slot: K_CURRENT_SLOT, intervalMs },
    control,
  )
  if (thread === null) return null
  return {
    time: { current: new Int32Array(currentBuffer, K_CACHE_LINE_BYTES, 1), selfMs },
    intervalMs,
    stalledMs: () => late[0],
    markStart() {
      const clock = (globalThis as { performance?: { timeOrigin: number; now(): number } }).performance
      if (clock !== undefined) start[0] = clock.timeOrigin + clock.now()
    },
    thread: {
      stop() {
        Atomics.store(control, 1, 1)
        Atomics.notify(control, 1)
        thread.stop()
      },
    },
  }
}
