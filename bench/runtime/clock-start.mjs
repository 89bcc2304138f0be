// What a clock mode costs a short process at start and exit: the main thread's wait for a helper thread to start
// (what `sampled`, the default `auto` in Node, and `fast` pay once per process and per worker thread, in
// host.startThread), and whole-process times of a 1,000-call script in each mode next to `node -e 0`.
//
//   node bench/runtime/clock-start.mjs [--rounds 15]
import { spawnSync } from 'node:child_process'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { Worker } from 'node:worker_threads'
import { buildForNode, repoRoot } from '../node-build.mjs'

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '15' } } })
const rounds = Number(values.rounds)
if (!Number.isInteger(rounds) || rounds < 1) {
  process.stderr.write(`clock-start: error: --rounds must be a positive integer, got '${values.rounds}'\n`)
  process.exit(2)
}
const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1]
const loadBefore = loadavg()[0]

// 1. A helper thread's start, as host.startThread waits for it
const waits = []
for (let i = 0; i < rounds; i++) {
  const started = new Int32Array(new SharedArrayBuffer(4))
  const t = performance.now()
  const worker = new Worker("const s = new Int32Array(require('worker_threads').workerData); Atomics.store(s, 0, 1); Atomics.notify(s, 0)", {
    eval: true,
    workerData: started.buffer,
    stdout: false,
    stderr: false,
  })
  Atomics.wait(started, 0, 0, 5000)
  waits.push(performance.now() - t)
  await worker.terminate()
}

// 2. Whole processes, the modes taking turns in each round
const out = join(repoRoot, 'bench/.work/clock-start')
await buildForNode([join(repoRoot, 'bench/runtime/programs/short-script.ts')], out, {})
const script = join(out, 'short-script.mjs')
const modes = ['node -e 0', 'counts', 'auto', 'precise']
const times = Object.fromEntries(modes.map((mode) => [mode, []]))
for (let round = 0; round < rounds; round++) {
  for (const mode of modes) {
    const argv = mode === 'node -e 0' ? ['-e', '0'] : [script]
    const env = { ...process.env, PROBEPROF_CLOCK: mode, PROBEPROF_QUIET: '1', PROBEPROF_OUT: join(out, 'report.json') }
    const t = performance.now()
    const run = spawnSync(process.execPath, argv, { env, encoding: 'utf8' })
    times[mode].push(performance.now() - t)
    if (run.status !== 0) throw new Error(`${mode}: ${run.stderr}`)
  }
}

console.log(`node ${process.version}, ${rounds} rounds, load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after\n`)
console.log('| what | median ms |')
console.log('| --- | ---: |')
console.log(`| the main thread's wait for a helper thread to start (min ${Math.min(...waits).toFixed(1)}, max ${Math.max(...waits).toFixed(1)}) | ${median(waits).toFixed(1)} |`)
for (const mode of modes) console.log(`| whole process: ${mode === 'node -e 0' ? mode : `1,000-call script, ${mode}`} | ${median(times[mode]).toFixed(1)} |`)
