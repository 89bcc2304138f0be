// Times a workload inside one process: warm-up, then several timed repetitions; prints one JSON line with the
// median and the minimum ns per call. Runs in plain and instrumented builds alike (this file is instrumented too: a few calls).

import { serverProfiler } from '@probeprof/runtime/server'

// probe-cost.mjs's `+context` modes: the probes of a server integration, activated as an adapter activates them
if (process.env.PROBEPROF_BENCH_CONTEXT === '1' && serverProfiler() === undefined) throw new Error('no instrumented runtime to activate')

const K_WARMUP_RUNS = 5
const K_TIMED_RUNS = Number(process.env.BENCH_REPS ?? 15)

export function runTimed(work: () => number, callsPerRun: number): void {
  let sink = 0
  for (let i = 0; i < K_WARMUP_RUNS; i++) sink += work()
  const nsPerCall: number[] = []
  for (let i = 0; i < K_TIMED_RUNS; i++) {
    const start = process.hrtime.bigint()
    sink += work()
    nsPerCall.push(Number(process.hrtime.bigint() - start) / callsPerRun)
  }
  nsPerCall.sort((a, b) => a - b)
  const median = nsPerCall[nsPerCall.length >> 1]
  process.stdout.write(`${JSON.stringify({ nsPerCall: median, minNsPerCall: nsPerCall[0], callsPerRun, sink: sink !== 0 })}\n`)
}
