/* probeprof-ignore-file: the timing loop is the benchmark's, not the workload's; it must not show in reports */
// Runs one real workload inside its process: reads its input, warms up, times several repetitions, and prints one
// JSON line for bench/workloads/run-workloads.mjs. The same file runs in the plain and the instrumented bundle, and
// under `node --cpu-prof`: what differs between configurations is only the instrumentation and the profiler.
//
// Profiles cover the timed repetitions only, so that ours and V8's compare the same work: an instrumented build's
// recording is reset after the warm-up (profiler.reset()), and the line printed gives the timed window on the
// clock V8's `.cpuprofile` timestamps use (CLOCK_MONOTONIC, µs), to select its samples.
//
// Environment: BENCH_DATA (input directory), BENCH_WARMUP and BENCH_REPS (repetitions).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const K_WARMUP = Number(process.env.BENCH_WARMUP ?? 2)
const K_REPS = Number(process.env.BENCH_REPS ?? 5)

export function readInput(name: string): string {
  const dir = process.env.BENCH_DATA
  if (dir === undefined) throw new Error('BENCH_DATA is not set: run this through bench/workloads/run-workloads.mjs')
  return readFileSync(join(dir, name), 'utf8')
}

/** The parts of the runtime object this harness uses; `table` is the profiler's private registry of functions. */
interface RuntimeLike {
  reset(): void
  table?: { file: unknown[] }
}

function runtimeObject(): RuntimeLike | undefined {
  return (globalThis as { __probeprof?: RuntimeLike }).__probeprof
}

/** FNV-1a over the output's text: plain and instrumented runs must print the same. */
function checksum(text: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193)
  return `${(hash >>> 0).toString(16)}:${text.length}`
}

export function runWorkload(work: () => string): void {
  let output = ''
  for (let i = 0; i < K_WARMUP; i++) output = work()
  const runtime = runtimeObject()
  runtime?.reset()
  const times: number[] = []
  const windowStart = process.hrtime.bigint()
  for (let i = 0; i < K_REPS; i++) {
    const start = performance.now()
    output = work()
    times.push(performance.now() - start)
  }
  const windowEnd = process.hrtime.bigint()
  const sorted = times.slice().sort((a, b) => a - b)
  // memory after a full collection (node --expose-gc): what stays allocated, profiler included
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
  const memory = process.memoryUsage()
  process.stdout.write(
    `${JSON.stringify({
      medianMs: sorted[sorted.length >> 1],
      minMs: sorted[0],
      times,
      reps: K_REPS,
      windowUs: [Number(windowStart / 1000n), Number(windowEnd / 1000n)],
      checksum: checksum(output),
      functions: runtime?.table?.file.length ?? 0,
      memory: { rss: memory.rss, maxRss: process.resourceUsage().maxRSS * 1024, heapUsed: memory.heapUsed, arrayBuffers: memory.arrayBuffers },
    })}\n`,
  )
}
