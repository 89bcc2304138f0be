// Probe cost per call for every clock mode, side by side in one run: recursive fib and a method-heavy class
// workload, built plain and with the esbuild plugin, each configuration in its own Node process, configurations
// interleaved in a shuffled order per round, medians over rounds. Also the raw cost of each clock and of a
// plain call. Usage:
//   node bench/runtime/probe-cost.mjs [--rounds 7] [--modes plain,counts,precise,fast,sampled] [--cpus 0]
// `--cpus 0` runs every process under `taskset -c 0` (one core); the default uses every core.
// A mode may carry a tuning value: `fast@0.25` (clock thread tick, µs), `sampled@1000` (sample interval, µs).
// `precise+context` (any clock + `context`): the probes a server integration switches to (recorder.ts, context
// probes), activated in the workload as an adapter would, outside any request.
// `precise+args` (any clock + `args`): the build with argument fingerprinting on (the plugin's `args` option), whose
// fingerprinted functions also pass their arguments at entry and their result at each return.
// `cpuprof@100` is the alternative to `sampled` that the issue suggests: counts-only probes with V8's own sampler
// running (`node --cpu-prof --cpu-prof-interval 100`), i.e. the cost before any join by source location.
// `python` and `cprofile` run the same two workloads in python3 (workloads/*.py), plain and under cProfile: the
// per-call overhead we must beat; their "added" and "×" columns are against python3 plain.
import { spawnSync } from 'node:child_process'
import { availableParallelism, cpus, loadavg } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { buildForNode } from '../node-build.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '../..')
const work = join(root, 'bench/.work/runtime')
const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '7' },
    modes: { type: 'string', default: 'plain,counts,precise,fast,sampled,python,cprofile' },
    cpus: { type: 'string' },
    fib: { type: 'string', default: '25' },
  },
})
const rounds = Number(values.rounds)
const modes = values.modes.split(',')
const workloads = {
  fib: { entry: 'fib.ts', args: [values.fib] },
  methods: { entry: 'methods.ts', args: ['1000', '30'] },
}
const PYTHON_MODES = ['python', 'cprofile']
/** The mode a mode's "added" column is measured against. */
const baselineOf = (mode) => (PYTHON_MODES.includes(mode) ? 'python' : 'plain')

const build = (instrumented) =>
  buildForNode(Object.values(workloads).map((w) => join(here, 'workloads', w.entry)), join(work, instrumented ? 'instrumented' : 'plain'), instrumented ? {} : false)

function run(script, args, env, nodeFlags = [], interpreter = process.execPath) {
  const command = values.cpus === undefined ? interpreter : 'taskset'
  const prefix = values.cpus === undefined ? [] : ['-c', values.cpus, interpreter]
  const result = spawnSync(command, [...prefix, ...nodeFlags, script, ...args], {
    env: { ...process.env, PROBEPROF_QUIET: '1', PROBEPROF_OUT: join(work, 'report-%p.json'), ...env },
    encoding: 'utf8',
  })
  if (result.status !== 0) {
    const why = result.error?.message ?? result.stderr.trim().split('\n').slice(-3).join(' | ')
    process.stderr.write(`probe-cost: error: ${basename(command)} ${script} ${args.join(' ')} failed: ${why}\n`)
    process.exit(1)
  }
  return JSON.parse(result.stdout.trim().split('\n').pop())
}

const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1]
const shuffle = (xs) => xs.map((x) => [Math.random(), x]).sort((a, b) => a[0] - b[0]).map(([, x]) => x)

const plainDir = await build(false)
const instrumentedDir = await build(true)
const argsDir = modes.some((mode) => mode.split('@')[0].split('+')[1] === 'args')
  ? await buildForNode(Object.values(workloads).map((w) => join(here, 'workloads', w.entry)), join(work, 'instrumented-args'), { args: true })
  : null
const samples = {} // `${workload} ${mode}` → ns per call (median of a process's repetitions)
const minimums = {} // the same, fastest repetition: the least disturbed on a shared machine
const clockSamples = {}
for (let round = 0; round < rounds; round++) {
  const jobs = []
  for (const [name, workload] of Object.entries(workloads)) {
    for (const mode of modes) jobs.push({ name, workload, mode })
  }
  jobs.push({ clock: true })
  for (const job of shuffle(jobs)) {
    if (job.clock) {
      for (const [clock, ns] of Object.entries(run(join(here, 'clock-cost.mjs'), [], {}))) (clockSamples[clock] ??= []).push(ns)
      continue
    }
    if (PYTHON_MODES.includes(job.mode)) {
      const script = join(here, 'workloads', job.workload.entry.replace(/\.ts$/, '.py'))
      const result = run(script, [...job.workload.args, ...(job.mode === 'cprofile' ? ['--cprofile'] : [])], { PYTHONDONTWRITEBYTECODE: '1' }, [], 'python3')
      ;(samples[`${job.name} ${job.mode}`] ??= []).push(result.nsPerCall)
      ;(minimums[`${job.name} ${job.mode}`] ??= []).push(result.minNsPerCall)
      continue
    }
    const [clockAndVariant, tuning] = job.mode.split('@')
    const [clock, variant] = clockAndVariant.split('+')
    const dir = job.mode === 'plain' ? plainDir : variant === 'args' ? argsDir : instrumentedDir
    const script = join(dir, job.workload.entry.replace(/\.ts$/, '.mjs'))
    const env = job.mode === 'plain' ? {} : { PROBEPROF_CLOCK: clock === 'cpuprof' ? 'counts' : clock }
    if (variant === 'context') env.PROBEPROF_BENCH_CONTEXT = '1'
    const nodeFlags = clock === 'cpuprof' ? ['--cpu-prof', '--cpu-prof-interval', tuning ?? '1000', '--cpu-prof-dir', join(work, 'cpuprof')] : []
    if (tuning !== undefined && clock !== 'cpuprof') env[clock === 'fast' ? 'PROBEPROF_CLOCK_TICK_US' : 'PROBEPROF_SAMPLE_US'] = tuning
    const result = run(script, job.workload.args, env, nodeFlags)
    ;(samples[`${job.name} ${job.mode}`] ??= []).push(result.nsPerCall)
    ;(minimums[`${job.name} ${job.mode}`] ??= []).push(result.minNsPerCall)
  }
  process.stderr.write(`round ${round + 1}/${rounds} done\n`)
}

const lines = []
lines.push(`Node ${process.version}, ${cpus()[0].model}, ${availableParallelism()} cores${values.cpus === undefined ? '' : `, pinned to CPU ${values.cpus} (taskset)`}, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} at the end, ${new Date().toISOString().slice(0, 10)}`)
lines.push(`median of ${rounds} rounds of the median of ${process.env.BENCH_REPS ?? 15} timed repetitions in one process; in brackets the fastest repetition of all rounds (least disturbed by other load); added = mode − plain (python3 cProfile: − python3 plain), × = mode ÷ the same`)
lines.push('')
lines.push('| mode | fib ns/call | added | × | methods ns/call | added | × |')
lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: |')
const min = (xs) => Math.min(...xs)
for (const mode of modes) {
  const cells = []
  const baseline = baselineOf(mode)
  for (const name of Object.keys(workloads)) {
    const ns = median(samples[`${name} ${mode}`])
    const plain = median(samples[`${name} ${baseline}`] ?? [NaN])
    const fastest = min(minimums[`${name} ${mode}`])
    const fastestPlain = min(minimums[`${name} ${baseline}`] ?? [NaN])
    if (mode === baseline) cells.push(`${ns.toFixed(1)} (${fastest.toFixed(1)})`, '', '')
    else cells.push(`${ns.toFixed(1)} (${fastest.toFixed(1)})`, `${(ns - plain).toFixed(1)} (${(fastest - fastestPlain).toFixed(1)})`, `${(ns / plain).toFixed(2)}×`)
  }
  lines.push(`| ${mode === 'python' ? 'python3 plain' : mode === 'cprofile' ? 'python3 cProfile' : mode} | ${cells.join(' | ')} |`)
}
lines.push('')
lines.push('| clock | ns per read |')
lines.push('| --- | ---: |')
for (const [clock, ns] of Object.entries(clockSamples)) lines.push(`| ${clock} | ${median(ns).toFixed(1)} |`)
process.stdout.write(`${lines.join('\n')}\n`)
