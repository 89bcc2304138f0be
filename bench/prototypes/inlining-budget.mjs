// Run: node bench/prototypes/inlining-budget.mjs (after run-workloads.mjs built the workloads); W=a,b FLAGS='...' ROUNDS=N MODE=counts
// Does the inlining budget limit the probes? plain and counts builds, with V8's default cumulative inlining budget
// and with a larger one, side by side, shuffled per round.
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
const work = join(dirname(fileURLToPath(import.meta.url)), '../.work/workloads')
const workloads = (process.env.W ?? 'parse5,babel-parser,acorn,typescript,lodash,marked').split(',')
const flagSets = { default: [], big: (process.env.FLAGS ?? '--max-inlined-bytecode-size-cumulative=4000').split(' ') }
const builds = { plain: join(work, 'plain'), counts: join(work, process.env.AFTER ?? 'instrumented') }
const rounds = Number(process.env.ROUNDS ?? 3)
const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1]
const ms = {}
for (let r = 0; r < rounds; r++) {
  const jobs = []
  for (const w of workloads) for (const b of Object.keys(builds)) for (const f of Object.keys(flagSets)) jobs.push({ w, b, f, o: Math.random() })
  jobs.sort((a, b) => a.o - b.o)
  for (const { w, b, f } of jobs) {
    const env = { ...process.env, BENCH_DATA: join(work, 'data-1'), BENCH_REPS: '5', BENCH_WARMUP: '2', PROBEPROF: '', PROBEPROF_QUIET: '1', PROBEPROF_CLOCK: b === 'plain' ? '' : (process.env.MODE ?? 'counts'), PROBEPROF_OUT: join(work, 'compare.json') }
    const c = spawnSync(process.execPath, [...flagSets[f], join(builds[b], `${w}.mjs`)], { env, encoding: 'utf8' })
    if (c.status !== 0) throw new Error(c.stderr)
    ;(ms[`${w} ${b} ${f}`] ??= []).push(JSON.parse(c.stdout.trim().split('\n').at(-1)).medianMs)
  }
}
console.log('| workload | plain ms | plain, big budget | counts × plain | counts, big budget × plain (big budget) |')
for (const w of workloads) {
  const m = (b, f) => median(ms[`${w} ${b} ${f}`])
  console.log(`| ${w} | ${m('plain', 'default').toFixed(0)} | ${m('plain', 'big').toFixed(0)} | ${(m('counts', 'default') / m('plain', 'default')).toFixed(2)}× | ${(m('counts', 'big') / m('plain', 'big')).toFixed(2)}× |`)
}
