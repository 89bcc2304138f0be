// How much of a run the sampler thread misses, by run length: the report's own `threadStall` (the time samples
// were taken late, charged to whatever ran at wake-up) as a share of the wall time, the samples a function at
// advise's 5 % stop line gets (it needs 10 for a verdict), and the time in instrumented functions, sampled against
// precise. Short runs pay most: the sampler shares the cores with the main thread and V8's compile threads while
// the program warms up (a machine with a free core hardly stalls).
//
// Part 2 is the sampler's loop alone (threads.ts's, in a worker) under a 50 ms busy main thread, with and without
// running that loop for a while before the main thread goes on: whether a warmed-up sampler stalls less.
//
//   node bench/runtime/sampler-stall.mjs [--rounds 9]
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { Worker } from 'node:worker_threads'
import { buildForNode, repoRoot } from '../node-build.mjs'

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '9' } } })
const rounds = Number(values.rounds)
if (!Number.isInteger(rounds) || rounds < 1) {
  process.stderr.write(`sampler-stall: error: --rounds must be a positive integer, got '${values.rounds}'\n`)
  process.exit(2)
}
const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1]
const loadBefore = loadavg()[0]

const out = join(repoRoot, 'bench/.work/sampler-stall')
await buildForNode(['fixtures/primes/src/fast.ts', 'fixtures/primes/src/slow.ts', 'fixtures/advise/scaling.ts'].map((entry) => join(repoRoot, entry)), out, {})
const programs = [
  { name: 'primes fast.ts', script: 'primes/src/fast.mjs', args: [] },
  { name: 'primes slow.ts', script: 'primes/src/slow.mjs', args: [] },
  { name: 'advise scaling.ts 16000', script: 'advise/scaling.mjs', args: ['16000'] },
]

function record(program, clock) {
  const path = join(out, 'report.json')
  const env = { ...process.env, PROBEPROF_CLOCK: clock, PROBEPROF_QUIET: '1', PROBEPROF_OUT: path }
  const run = spawnSync(process.execPath, [join(out, program.script), ...program.args], { env, encoding: 'utf8' })
  if (run.status !== 0) throw new Error(`${program.name} (${clock}): ${run.stderr}`)
  return JSON.parse(readFileSync(path, 'utf8')).meta
}

const rows = []
for (const program of programs) {
  const sampled = []
  const precise = []
  for (let round = 0; round < rounds; round++) {
    sampled.push(record(program, 'sampled')) // the clocks take turns, so load changes hit both
    precise.push(record(program, 'precise'))
  }
  const wall = median(sampled.map((meta) => meta.wallTime * 1e3))
  rows.push(
    `| ${program.name} | ${wall.toFixed(1)} | ${median(sampled.map((meta) => (100 * meta.threadStall) / meta.wallTime)).toFixed(0)}% ` +
      `(${Math.min(...sampled.map((meta) => (100 * meta.threadStall) / meta.wallTime)).toFixed(0)}–${Math.max(...sampled.map((meta) => (100 * meta.threadStall) / meta.wallTime)).toFixed(0)}%) ` +
      `| ${median(sampled.map((meta) => (0.05 * meta.wallTime) / meta.sampleInterval)).toFixed(1)} ` +
      `| ${median(sampled.map((meta) => meta.totalTime * 1e3)).toFixed(2)} | ${median(precise.map((meta) => meta.totalTime * 1e3)).toFixed(2)} |`,
  )
}

console.log(`node ${process.version}, ${availableParallelism()} cores, ${rounds} rounds, load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after\n`)
console.log('| program | wall ms (sampled) | sampler stall, median (min–max) | samples at the 5 % stop line | Σ tottime ms, sampled | Σ tottime ms, precise |')
console.log('| --- | ---: | ---: | ---: | ---: | ---: |')
for (const row of rows) console.log(row)

// ---- 2. the sampler's loop alone: late time in a 50 ms busy main thread, cold and warmed up -------------------

const LOOP = `
const { control, gaps, warmMs } = require('worker_threads').workerData
const wait = new Int32Array(control), out = new Float64Array(gaps)
const warmStart = performance.now()
while (performance.now() - warmStart < warmMs) Atomics.wait(wait, 1, 0, 0.1)
let i = 0, last = performance.now()
Atomics.store(wait, 0, 1); Atomics.notify(wait, 0)
while (Atomics.wait(wait, 1, 0, 0.1) === 'timed-out') { const t = performance.now(); if (i < out.length) out[i++] = t - last; last = t }
`

async function lateMs(warmMs) {
  const control = new Int32Array(new SharedArrayBuffer(8))
  const gaps = new Float64Array(new SharedArrayBuffer(8 * 4000))
  const worker = new Worker(LOOP, { eval: true, workerData: { control: control.buffer, gaps: gaps.buffer, warmMs } })
  Atomics.wait(control, 0, 0, 5000)
  const start = performance.now()
  while (performance.now() - start < 50); // the program: busy, as call-dense code is
  Atomics.store(control, 1, 1)
  Atomics.notify(control, 1)
  await worker.terminate()
  // threads.ts's rule: a gap over two intervals is late by all but one interval
  return gaps.filter((gap) => gap > 0.2).reduce((sum, gap) => sum + gap - 0.1, 0)
}

const late = { 0: [], 5: [], 20: [] }
for (let round = 0; round < rounds; round++) for (const warmMs of Object.keys(late)) late[warmMs].push(await lateMs(Number(warmMs)))
console.log('\n| sampler loop, 100 µs, main thread busy 50 ms | late ms, median (min–max) |')
console.log('| --- | ---: |')
for (const [warmMs, values] of Object.entries(late)) {
  console.log(`| ${warmMs === '0' ? 'started cold' : `run for ${warmMs} ms first`} | ${median(values).toFixed(2)} (${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}) |`)
}
