// Before and after for a hot-path change, on the real workloads: two instrumented builds of the workloads (a copy of
// bench/.work/workloads/instrumented made before the change, and the one run-workloads.mjs builds after it) run side
// by side with the plain build, in a shuffled order per round, each run its own process; medians over rounds.
//
//   cp -r bench/.work/workloads/instrumented bench/.work/workloads/instrumented-before    # before the change
//   node bench/workloads/run-workloads.mjs --rounds 1 --reps 1 --warmup 1 --configs plain,counts   # rebuilds
//   node bench/workloads/compare-builds.mjs [--rounds 3] [--modes counts,sampled,precise] [--workloads a,b]
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { WORKLOADS as DESCRIBED } from './workloads.mjs'

/** The workloads of run-workloads.mjs (its bundles are named after them). */
const WORKLOADS = Object.keys(DESCRIBED)
const work = join(dirname(fileURLToPath(import.meta.url)), '../.work/workloads')
const usage = (message) => {
  process.stderr.write(`compare-builds: error: ${message}\n`)
  process.exit(2)
}
let values
try {
  ;({ values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '3' },
      modes: { type: 'string', default: 'counts,sampled,precise' },
      workloads: { type: 'string', default: WORKLOADS.join(',') },
      before: { type: 'string', default: join(work, 'instrumented-before') },
      after: { type: 'string', default: join(work, 'instrumented') },
    },
  }))
} catch (error) {
  usage(error.message)
}
const rounds = Number(values.rounds)
if (!(rounds > 0)) usage(`--rounds must be a positive number, got '${values.rounds}'`)
const workloads = values.workloads.split(',')
for (const name of workloads) if (!WORKLOADS.includes(name)) usage(`unknown workload '${name}' (choose from ${WORKLOADS.join(', ')})`)
const builds = { plain: join(work, 'plain'), before: values.before, after: values.after }
for (const [kind, dir] of Object.entries(builds)) if (!existsSync(dir)) usage(`no ${kind} build at ${dir} (see the usage at the top of this file)`)

const runs = [{ name: 'plain', build: 'plain', mode: '' }]
for (const mode of values.modes.split(',')) for (const build of ['before', 'after']) runs.push({ name: `${build} ${mode}`, build, mode })

/** Median ms per repetition of one workload in one process. */
function run(workload, { build, mode }) {
  const env = { ...process.env, BENCH_DATA: join(work, 'data-1'), BENCH_REPS: '5', BENCH_WARMUP: '2', PROBEPROF: '', PROBEPROF_QUIET: '1', PROBEPROF_CLOCK: mode, PROBEPROF_OUT: join(work, 'compare.json') }
  const child = spawnSync(process.execPath, [join(builds[build], `${workload}.mjs`)], { env, encoding: 'utf8' })
  if (child.status !== 0) usage(`${workload} (${build} ${mode}) failed: ${child.stderr.trim().split('\n').at(-1)}`)
  return JSON.parse(child.stdout.trim().split('\n').at(-1)).medianMs
}

const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1]
const ms = {} // `${workload} ${run}` → ms per round
const loadBefore = loadavg()[0]
for (let round = 0; round < rounds; round++) {
  const jobs = workloads.flatMap((workload) => runs.map((r) => ({ workload, r, order: Math.random() }))).sort((a, b) => a.order - b.order)
  for (const { workload, r } of jobs) (ms[`${workload} ${r.name}`] ??= []).push(run(workload, r))
  process.stderr.write(`compare-builds: round ${round + 1}/${rounds} done\n`)
}
const lines = [
  `Node ${process.version}, load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after; median ms per repetition over ${rounds} rounds, × plain in brackets`,
  '',
  `| workload | plain ms | ${runs.slice(1).map((r) => r.name).join(' | ')} |`,
  `| --- | ---: | ${runs.slice(1).map(() => '---:').join(' | ')} |`,
]
for (const workload of workloads) {
  const plain = median(ms[`${workload} plain`])
  const cells = runs.slice(1).map((r) => {
    const value = median(ms[`${workload} ${r.name}`])
    return `${value.toFixed(0)} (${(value / plain).toFixed(2)}×)`
  })
  lines.push(`| ${workload} | ${plain.toFixed(0)} | ${cells.join(' | ')} |`)
}
process.stdout.write(`${lines.join('\n')}\n`)
