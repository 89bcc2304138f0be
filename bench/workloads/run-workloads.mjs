// Real workloads, side by side in one run: npm libraries doing real work (bench/workloads/*.ts), bundled with
// esbuild plain and with the probeprof plugin instrumenting node_modules, run in every configuration a user would
// pick: plain, each probeprof clock mode, and `node --cpu-prof` at its default 1 ms and at 100 µs. Each run is its
// own Node process; the configurations take turns in a shuffled order per round; every table gives medians over
// rounds of each process's median repetition, and ratios against plain from the same rounds.
//
// Besides slowdowns: calls per second (exact, from the counts-only runs), report sizes, the agreement of our top 10
// functions by own time with V8's sampling profiler's, and memory (after a full GC, against the plain run).
//
//   node bench/workloads/run-workloads.mjs [--rounds 5] [--reps 5] [--warmup 2] [--scale 1]
//        [--workloads marked,babel-parser,…] [--configs plain,precise,fast,sampled,counts,cpuprof@1000,cpuprof@100,cpuprof-noinline@100]
//        [--quick] [--json FILE]
//
// --quick: small inputs, one round, one repetition: proves every configuration runs (CI), measures nothing.
// Exits 1 (one line) when a configuration fails or an instrumented run's output differs from the plain run's; 2 for a
// usage error.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { compensateReport } from '@probeprof/runtime/report'
import { buildForNode } from '../node-build.mjs'
import { writeInputs } from './inputs.mjs'
import { WORKLOADS } from './workloads.mjs'
import { agreement, ownTimeByFunction, topKeys, v8SamplesByFunction } from './top-functions.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '../..')
const work = join(root, 'bench/.work/workloads')

export { WORKLOADS }
// cpuprof-noinline@100: V8's sampler with TurboFan's inlining off, so that every function is a frame of its own; the
// reference ranking for the top-10 agreement besides the default sampler (which credits inlined callees to callers).
const PROBEPROF_MODES = ['precise', 'fast', 'sampled', 'counts']
const ALL_CONFIGS = ['plain', 'precise', 'fast', 'sampled', 'counts', 'cpuprof@1000', 'cpuprof@100', 'cpuprof-noinline@100']
// Diagnostics, not run by default: `plain+noinline` and `counts+noinline` (any configuration + `+noinline`) run with
// TurboFan's inlining off, to see how much of the probes' cost is inlining they prevent.
const NOINLINE = '+noinline'
// `precise+args` (any probeprof mode + `+args`): the build with argument fingerprinting on (the plugin's `args`
// option), for what memoization candidates cost.
const ARGS = '+args'
// `counts+memory` (any probeprof mode + `+memory`): PROBEPROF_MEMORY=1, V8's sampling heap profiler joined to the
// report, for what memory per function costs.
const MEMORY = '+memory'
const withoutSuffix = (config, suffix) => (config.endsWith(suffix) ? config.slice(0, -suffix.length) : config)
const isKnownConfig = (config) => {
  const base = withoutSuffix(config, NOINLINE)
  if (base.endsWith(MEMORY)) return PROBEPROF_MODES.includes(withoutSuffix(base, MEMORY))
  return ALL_CONFIGS.includes(base) || (base.endsWith(ARGS) && PROBEPROF_MODES.includes(withoutSuffix(base, ARGS)))
}

function fail(message, code = 1) {
  process.stderr.write(`run-workloads: error: ${message}\n`)
  process.exit(code)
}
const usage = (message) => fail(message, 2)

const options = {
  rounds: { type: 'string' },
  reps: { type: 'string' },
  warmup: { type: 'string' },
  scale: { type: 'string' },
  workloads: { type: 'string', default: Object.keys(WORKLOADS).join(',') },
  configs: { type: 'string', default: ALL_CONFIGS.join(',') },
  quick: { type: 'boolean', default: false },
  json: { type: 'string' },
}
let values
try {
  ;({ values } = parseArgs({ options }))
} catch (error) {
  usage(`${error.message} (options: ${Object.keys(options).map((name) => `--${name}`).join(', ')})`)
}

function positive(name, text, fallback) {
  const value = Number(text ?? fallback)
  if (!(value > 0)) usage(`--${name} must be a positive number, got '${text}'`)
  return value
}

const quick = values.quick
const rounds = positive('rounds', values.rounds, quick ? 1 : 5)
// quick: 3 repetitions, so that even the shortest workload gives V8's 100 µs sampler a window of ~30 ms to join
const reps = positive('reps', values.reps, quick ? 3 : 5)
const warmup = positive('warmup', values.warmup, quick ? 1 : 2)
const scale = positive('scale', values.scale, quick ? 0.03 : 1)
const workloads = values.workloads.split(',')
const configs = values.configs.split(',')
for (const name of workloads) if (!(name in WORKLOADS)) usage(`unknown workload '${name}' (choose from ${Object.keys(WORKLOADS).join(', ')})`)
for (const config of configs) if (!isKnownConfig(config)) usage(`unknown configuration '${config}' (choose from ${ALL_CONFIGS.join(', ')}, each optionally with ${NOINLINE}; probeprof modes also with ${ARGS} or ${MEMORY})`)
if (!configs.includes('plain')) usage('--configs must include plain: every ratio is against it')

const loadBefore = loadavg()
const startedAt = performance.now()
const dataDir = join(work, `data-${scale}`)
const inputSizes = writeInputs(dataDir, scale)

// Bundles of CommonJS libraries in ESM output need `require` and `__filename` (typescript reads both).
const banner =
  "import { createRequire as __benchRequire } from 'node:module'; import { fileURLToPath as __benchPath } from 'node:url'; " +
  "const require = __benchRequire(import.meta.url); const __filename = __benchPath(import.meta.url); const __dirname = __filename.slice(0, __filename.lastIndexOf('/'));"

async function build(kind) {
  const outdir = join(work, kind)
  rmSync(outdir, { recursive: true, force: true })
  const start = performance.now()
  const plugin = kind === 'plain' ? false : { nodeModules: true, ...(kind === 'instrumented-args' ? { args: true } : {}) }
  await buildForNode(workloads.map((name) => join(here, `${name}.ts`)), outdir, plugin, {
    sourcemap: 'external', // the join of V8's positions to source files; not loaded at run time
    banner: { js: banner },
  })
  return { outdir, ms: performance.now() - start }
}

const plainBuild = await build('plain')
const instrumentedBuild = await build('instrumented')
const argsBuild = configs.some((config) => withoutSuffix(config, NOINLINE).endsWith(ARGS)) ? await build('instrumented-args') : null
const bundleBytes = (kind, name) => statSync(join(work, kind, `${name}.mjs`)).size

const reportsDir = join(work, 'reports')
const cpuprofDir = join(work, 'cpuprof')
rmSync(reportsDir, { recursive: true, force: true })
rmSync(cpuprofDir, { recursive: true, force: true })
mkdirSync(reportsDir, { recursive: true })
mkdirSync(cpuprofDir, { recursive: true })

/** One process: a workload in one configuration. */
function runOnce(name, config, round) {
  const noinline = config.endsWith(NOINLINE)
  const args = withoutSuffix(config, NOINLINE).endsWith(ARGS)
  const memory = withoutSuffix(config, NOINLINE).endsWith(MEMORY)
  const [kind, tuning] = withoutSuffix(withoutSuffix(withoutSuffix(config, NOINLINE), MEMORY), ARGS).split('@')
  const instrumented = PROBEPROF_MODES.includes(kind)
  const script = join(instrumented ? (args ? argsBuild : instrumentedBuild).outdir : plainBuild.outdir, `${name}.mjs`)
  const env = { ...process.env, BENCH_DATA: dataDir, BENCH_REPS: String(reps), BENCH_WARMUP: String(warmup), PROBEPROF: '', PROBEPROF_QUIET: '1' }
  const flags = ['--expose-gc', ...(noinline ? ['--no-turbo-inlining'] : [])]
  let reportPath = null
  let cpuprofPath = null
  if (instrumented) {
    reportPath = join(reportsDir, `${name}-${kind}${args ? '-args' : ''}${memory ? '-memory' : ''}${noinline ? '-noinline' : ''}-${round}.json`)
    env.PROBEPROF_CLOCK = kind
    if (memory) env.PROBEPROF_MEMORY = '1'
    env.PROBEPROF_OUT = reportPath
  }
  if (kind.startsWith('cpuprof')) {
    const file = `${name}-${kind}-${tuning}${noinline ? '-noinline' : ''}-${round}.cpuprofile`
    cpuprofPath = join(cpuprofDir, file)
    flags.push('--cpu-prof', '--cpu-prof-dir', cpuprofDir, '--cpu-prof-name', file, '--cpu-prof-interval', tuning)
    if (kind === 'cpuprof-noinline') flags.push('--no-turbo-inlining')
  }
  const start = performance.now()
  const child = spawnSync(process.execPath, [...flags, script], { env, encoding: 'utf8', maxBuffer: 1 << 26 })
  const processMs = performance.now() - start
  if (child.status !== 0) fail(`${name} (${config}) exited with ${child.status ?? child.signal}: ${child.stderr.trim().split('\n').slice(-3).join(' | ')}`)
  const result = JSON.parse(child.stdout.trim().split('\n').pop())
  // the report covers the timed repetitions only (the harness resets the recording after the warm-up)
  const callsPerRep = reportPath === null ? null : JSON.parse(readFileSync(reportPath, 'utf8')).meta.totalCalls / result.reps
  return { ...result, callsPerRep, processMs, reportPath, cpuprofPath }
}

const shuffle = (xs) => xs.map((x) => [Math.random(), x]).sort((a, b) => a[0] - b[0]).map(([, x]) => x)
const runs = {} // `${name} ${config}` → results, one per round
const loads = []
for (let round = 0; round < rounds; round++) {
  const jobs = shuffle(workloads.flatMap((name) => configs.map((config) => ({ name, config }))))
  for (const { name, config } of jobs) (runs[`${name} ${config}`] ??= []).push(runOnce(name, config, round))
  loads.push(loadavg()[0])
  process.stderr.write(`workloads: round ${round + 1}/${rounds} done (load average ${loadavg()[0].toFixed(2)})\n`)
}

// Semantics first: every configuration must print what the plain build printed.
for (const name of workloads) {
  const expected = runs[`${name} plain`][0].checksum
  for (const config of configs) {
    for (const run of runs[`${name} ${config}`]) {
      if (run.checksum !== expected) fail(`${name} (${config}) printed a different result than the plain build (${run.checksum} vs ${expected})`)
    }
  }
}

const median = (xs) => {
  const sorted = xs.slice().sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
const geomean = (xs) => Math.exp(xs.reduce((sum, x) => sum + Math.log(x), 0) / xs.length)
const medianMs = (name, config) => median(runs[`${name} ${config}`].map((run) => run.medianMs))
/** Slowdown against plain: the median over rounds of each round's ratio (both processes of a round saw similar load). */
const ratio = (name, config) => {
  const base = runs[`${name} plain`]
  return median(runs[`${name} ${config}`].map((run, i) => run.medianMs / base[i].medianMs))
}
const fmt = (x, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : '—')
const kb = (bytes) => `${Math.round(bytes / 1024).toLocaleString('en-US')}`
const configLabel = (config) =>
  ({ 'cpuprof@1000': '--cpu-prof 1 ms', 'cpuprof@100': '--cpu-prof 100 µs', 'cpuprof-noinline@100': '--cpu-prof 100 µs, no inlining' })[config] ?? config
const others = configs.filter((config) => config !== 'plain')

const lines = []
const loadAfter = loadavg()
const cpu = cpus()[0].model
lines.push(
  `Node ${process.version}, ${cpu}, ${availableParallelism()} cores, ${new Date().toISOString().slice(0, 10)}; load average ${fmt(loadBefore[0])} before, ` +
    `${loads.map((x) => fmt(x)).join(' / ')} after each round${loadBefore[0] > 1.5 || Math.max(...loads) > 1.5 ? ' (**shared machine**: other engineers’ work ran meanwhile)' : ''}.`,
)
lines.push(`${rounds} rounds × ${configs.length} configurations × ${workloads.length} workloads, each its own process (${warmup} warm-up + ${reps} timed repetitions), shuffled per round; input scale ${scale}.`)
lines.push('')
lines.push('Slowdown against plain (median over rounds of the per-round ratio of median repetitions; plain in ms per repetition):')
lines.push('')
lines.push(`| workload | plain ms | ${others.map(configLabel).join(' | ')} |`)
lines.push(`| --- | ---: | ${others.map(() => '---:').join(' | ')} |`)
for (const name of workloads) lines.push(`| ${name} | ${fmt(medianMs(name, 'plain'), 1)} | ${others.map((config) => `${fmt(ratio(name, config))}×`).join(' | ')} |`)
lines.push(`| **geometric mean** | | ${others.map((config) => `**${fmt(geomean(workloads.map((name) => ratio(name, config))))}×**`).join(' | ')} |`)
lines.push('')

if (configs.includes('counts')) {
  lines.push('Calls (exact, counts-only runs) and what each mode adds per call ((mode − plain) ÷ calls, medians):')
  lines.push('')
  lines.push(`| workload | calls per repetition | calls per second (plain) | plain ns per call | ${others.map((config) => `${configLabel(config)} +ns/call`).join(' | ')} |`)
  lines.push(`| --- | ---: | ---: | ---: | ${others.map(() => '---:').join(' | ')} |`)
  for (const name of workloads) {
    const calls = runs[`${name} counts`][0].callsPerRep
    const plain = medianMs(name, 'plain')
    const added = others.map((config) => fmt(((medianMs(name, config) - plain) * 1e6) / calls, 1))
    lines.push(`| ${name} | ${calls.toLocaleString('en-US')} | ${(calls / (plain / 1000) / 1e6).toFixed(1)} M | ${fmt((plain * 1e6) / calls, 1)} | ${added.join(' | ')} |`)
  }
  lines.push('')
}

// Report sizes, the tree, memory.
const probeModes = others.filter((config) => PROBEPROF_MODES.includes(config))
if (probeModes.length > 0) {
  lines.push(
    'Reports, the calling-context tree (CCT), and memory, medians over rounds: heap after a full GC at the end of the timed repetitions, ' +
      'typed arrays (the runtime’s tables, reserved: only touched pages cost RSS), peak RSS; Δ against the plain run:',
  )
  lines.push('')
  lines.push(
    `| workload | bundle KB plain → instrumented | functions instrumented | functions called | CCT nodes | report KB (${probeModes[0]}) | .cpuprofile KB (1 ms / 100 µs) | ` +
      `${probeModes.map((mode) => `Δ heap MB ${mode}`).join(' | ')} | Δ heap bytes per instrumented function | Δ typed arrays MB | Δ peak RSS MB (${probeModes.join(' / ')}) |`,
  )
  lines.push(`| --- | --- | ---: | ---: | ---: | ---: | ---: | ${probeModes.map(() => '---:').join(' | ')} | ---: | ---: | ---: |`)
  for (const name of workloads) {
    const first = runs[`${name} ${probeModes[0]}`]
    const report = JSON.parse(readFileSync(first[0].reportPath, 'utf8'))
    const reportBytes = median(first.map((run) => statSync(run.reportPath).size))
    const cpuprofBytes = ['cpuprof@1000', 'cpuprof@100'].map((config) => (runs[`${name} ${config}`] ? kb(median(runs[`${name} ${config}`].map((run) => statSync(run.cpuprofPath).size))) : '—'))
    const delta = (mode, field) => median(runs[`${name} ${mode}`].map((run) => run.memory[field])) - median(runs[`${name} plain`].map((run) => run.memory[field]))
    const functions = first[0].functions
    const leanest = probeModes.includes('counts') ? 'counts' : probeModes[0]
    lines.push(
      `| ${name} | ${kb(bundleBytes('plain', name))} → ${kb(bundleBytes('instrumented', name))} | ${functions.toLocaleString('en-US')} | ${report.functions.length.toLocaleString('en-US')} | ` +
        `${report.tree.fn.length.toLocaleString('en-US')} | ${kb(reportBytes)} | ${cpuprofBytes.join(' / ')} | ` +
        `${probeModes.map((mode) => fmt(delta(mode, 'heapUsed') / 2 ** 20, 1)).join(' | ')} | ${fmt(delta(leanest, 'heapUsed') / functions, 0)} | ` +
        `${fmt(delta(leanest, 'arrayBuffers') / 2 ** 20, 1)} | ${probeModes.map((mode) => fmt(delta(mode, 'maxRss') / 2 ** 20, 0)).join(' / ')} |`,
    )
  }
  lines.push('')
}

// Top 10 by own time against V8's sampler.
const references = ['cpuprof@100', 'cpuprof-noinline@100'].filter((config) => configs.includes(config))
const timedModes = probeModes.filter((mode) => mode !== 'counts')
const agreementRows = {}
if (references.length > 0 && timedModes.length > 0) {
  const columns = timedModes.flatMap((mode) => (mode === 'sampled' ? [mode] : [mode, `${mode} compensated`]))
  const noise = configs.includes('cpuprof@1000') && configs.includes('cpuprof@100')
  lines.push(
    `Top 10 functions by own time, timed repetitions only, all rounds summed: how many of ours are in the top 10 of V8’s sampler at 100 µs ` +
      `(${references.map((config) => (config === 'cpuprof@100' ? 'default' : 'with inlining off')).join(' / ')}), joined by source file and line` +
      `${noise ? '; the noise floor: V8 at 1 ms against V8 at 100 µs' : ''}:`,
  )
  lines.push('')
  lines.push(`| workload | ${columns.join(' | ')}${noise ? ' | V8 1 ms vs 100 µs' : ''} | JS samples joined |`)
  lines.push(`| --- | ${columns.map(() => '---:').join(' | ')}${noise ? ' | ---:' : ''} | ---: |`)
  const samplesOf = (name, config, rows) =>
    v8SamplesByFunction(
      runs[`${name} ${config}`].map((run) => ({ path: run.cpuprofPath, windowUs: run.windowUs })),
      join(plainBuild.outdir, `${name}.mjs.map`),
      root,
      rows,
    )
  for (const name of workloads) {
    const reports = Object.fromEntries(timedModes.map((mode) => [mode, runs[`${name} ${mode}`].map((run) => JSON.parse(readFileSync(run.reportPath, 'utf8')))]))
    const rowsUnion = new Map()
    for (const mode of timedModes) for (const [key, row] of ownTimeByFunction(reports[mode]).rows) rowsUnion.set(key, row)
    const v8 = Object.fromEntries(references.map((config) => [config, samplesOf(name, config, rowsUnion)]))
    const tops = references.map((config) => topKeys(v8[config].samples))
    const ours = {}
    for (const mode of timedModes) {
      ours[mode] = topKeys(ownTimeByFunction(reports[mode]).own)
      if (mode !== 'sampled') ours[`${mode} compensated`] = topKeys(ownTimeByFunction(reports[mode].map(compensateReport)).own)
    }
    const row = Object.fromEntries(columns.map((column) => [column, tops.map((top) => agreement(top, ours[column]))]))
    if (noise) row.noise = agreement(tops[0], topKeys(samplesOf(name, 'cpuprof@1000', rowsUnion).samples))
    agreementRows[name] = row
    const joined = v8[references[0]]
    lines.push(
      `| ${name} | ${columns.map((column) => row[column].join(' / ')).join(' | ')}${noise ? ` | ${row.noise}` : ''} | ${joined.jsSamples === 0 ? 'no samples' : `${fmt((100 * joined.joinedSamples) / joined.jsSamples, 0)} %`} |`,
    )
  }
  lines.push('')
}

lines.push(`Builds: plain ${fmt(plainBuild.ms / 1000, 1)} s, instrumented (node_modules included, plugin cache as found) ${fmt(instrumentedBuild.ms / 1000, 1)} s. Inputs: ${Object.entries(inputSizes).map(([file, bytes]) => `${file} ${kb(bytes)} KB`).join(', ')}; three.core.js from npm. Whole run ${fmt((performance.now() - startedAt) / 60000, 1)} min.`)
process.stdout.write(`${lines.join('\n')}\n`)

if (values.json !== undefined) {
  writeFileSync(values.json, JSON.stringify({ rounds, reps, warmup, scale, loadBefore, loadAfter, loads, inputSizes, runs, agreement: agreementRows }, null, 1))
}
