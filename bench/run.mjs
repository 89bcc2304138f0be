// `npm run bench`: every benchmark, one after the other, each in its own process, with the load average before and
// after each (the machine may be shared), the exact command, and its tables. The results go to stdout and to
// bench/.work/results-<date>.md; bench/RESULTS.md is written from them by hand, with the reading of the numbers.
//
//   npm run bench                          everything (about an hour on 2 cores)
//   npm run bench -- --quick               a CI subset in under 2 minutes: proves every benchmark runs, measures nothing
//   npm run bench -- --only workloads,accuracy
//   npm run bench -- --wait-quiet 1.5      first wait (up to an hour) until the 1-minute load average is below 1.5
//
// Exit code: 0 when every benchmark ran, 1 when one could not run (the others still run; a summary names it),
// 2 for a usage error. Never fails on a timing.
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..')
const require = createRequire(import.meta.url)

/**
 * Every benchmark: `full` and `quick` are its arguments (relative to the repository), `env` extra variables.
 * A piece without `quick` is left out of --quick.
 */
const PIECES = [
  {
    id: 'probe-cost',
    title: 'Probe cost: ns per call, every mode, python3 cProfile, raw clock cost',
    full: ['bench/runtime/probe-cost.mjs', '--rounds', '7', '--modes', 'plain,counts,precise,fast,sampled,cpuprof@100,cpuprof@1000,python,cprofile'],
    quick: ['bench/runtime/probe-cost.mjs', '--rounds', '1', '--fib', '20', '--modes', 'plain,counts,precise,sampled,python,cprofile'],
    quickEnv: { BENCH_REPS: '3' },
  },
  {
    id: 'workloads',
    title: 'Real workloads: slowdown, calls, reports, memory, top-10 agreement with V8’s sampler',
    full: ['bench/workloads/run-workloads.mjs', '--rounds', '5', '--json', 'bench/.work/workloads.json'],
    quick: ['bench/workloads/run-workloads.mjs', '--quick'],
  },
  {
    id: 'accuracy',
    title: 'Accuracy against ground truth, with and without overhead compensation',
    full: ['bench/runtime/accuracy.mjs', '--runs', '5', '--modes', 'precise,fast,sampled@100,sampled@1000'],
    quick: ['bench/runtime/accuracy.mjs', '--runs', '1', '--modes', 'precise,sampled'],
  },
  {
    id: 'servers',
    title: 'Servers: requests per second plain and profiled, Express, Fastify, Koa, node:http under autocannon',
    full: ['bench/servers/throughput.mjs', '--rounds', '3', '--seconds', '3'],
    quick: ['bench/servers/throughput.mjs', '--rounds', '1', '--seconds', '1', '--warmup', '0', '--apps', 'express,http', '--configs', 'plain,counts,precise', '--workloads', 'health'],
  },
  {
    id: 'build',
    title: 'Build speed: three.js through esbuild, plain, probeprof cold/warm/rebuild, istanbul',
    full: ['bench/build/build-speed.mjs', '--runs', '5'],
    quick: ['bench/build/build-speed.mjs', '--runs', '1', '--modes', 'probeprof-cold,probeprof-warm'],
  },
  {
    id: 'build-bundlers',
    title: 'Build speed per bundler: three.js through esbuild, Vite, Rollup, webpack, Rspack, plain and probeprof cold/warm',
    full: ['bench/build/bundlers.mjs', '--runs', '3'],
    quick: ['bench/build/bundlers.mjs', '--runs', '1', '--quick'],
  },
  {
    id: 'build-sourcemap',
    title: 'Build speed with source maps',
    full: ['bench/build/build-speed.mjs', '--runs', '3', '--sourcemap'],
  },
  {
    id: 'build-floor',
    title: 'Warm build floor: esbuild on the instrumented files',
    full: ['bench/build/instrumented-floor.mjs', '--runs', '9'],
  },
  {
    id: 'transform',
    title: 'Transform speed: lodash.js through transformSource, Babel, esbuild',
    full: ['bench/transform/transform.bench.mjs', '--rounds', '11'],
    quick: ['bench/transform/transform.bench.mjs', '--rounds', '1'],
  },
  {
    id: 'fast-clock',
    title: 'The fast clock thread: read cost, lag, stalls',
    full: ['bench/runtime/fast-clock.mjs'],
    quick: ['bench/runtime/fast-clock.mjs', '1'],
  },
  {
    id: 'pool-threshold',
    title: 'When worker threads pay for instrumenting',
    full: ['bench/build/pool-threshold.mjs', '--runs', '3'],
  },
]

function usage(message) {
  process.stderr.write(`bench: error: ${message}\n`)
  process.exit(2)
}

let values
try {
  ;({ values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      'wait-quiet': { type: 'string' },
      out: { type: 'string' },
    },
  }))
} catch (error) {
  usage(`${error.message} (options: --quick, --only ${PIECES.map((piece) => piece.id).join(',')}, --wait-quiet LOAD, --out FILE)`)
}

const ids = values.only?.split(',') ?? PIECES.map((piece) => piece.id)
for (const id of ids) if (!PIECES.some((piece) => piece.id === id)) usage(`unknown benchmark '${id}' (choose from ${PIECES.map((piece) => piece.id).join(', ')})`)
const selected = PIECES.filter((piece) => ids.includes(piece.id) && (!values.quick || piece.quick !== undefined))
if (selected.length === 0) usage(`none of ${ids.join(', ')} has a --quick variant`)
let quietLoad
if (values['wait-quiet'] !== undefined) {
  quietLoad = Number(values['wait-quiet'])
  if (!(quietLoad > 0)) usage(`--wait-quiet must be a positive load average, got '${values['wait-quiet']}'`)
}

const K_WAIT_POLL_MS = 120_000
const K_WAIT_MAX_MS = 60 * 60_000
if (quietLoad !== undefined) {
  const start = Date.now()
  while (loadavg()[0] >= quietLoad && Date.now() - start < K_WAIT_MAX_MS) {
    process.stderr.write(`bench: load average ${loadavg()[0].toFixed(2)} ≥ ${quietLoad}; waiting (${Math.round((Date.now() - start) / 60000)} min so far)\n`)
    await new Promise((resolve) => setTimeout(resolve, K_WAIT_POLL_MS))
  }
  process.stderr.write(`bench: load average ${loadavg()[0].toFixed(2)}; starting\n`)
}

const load = () => loadavg().map((x) => x.toFixed(2)).join(' ')
const date = new Date().toISOString()
const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`
const out = []
out.push(`# Benchmark run ${date.slice(0, 16).replace('T', ' ')} UTC`)
out.push('')
out.push(`- Command: \`${command}\``)
out.push(`- Machine: ${cpus()[0].model}, ${availableParallelism()} cores, ${Math.round(totalmem() / 2 ** 30)} GiB; Node ${process.version}; esbuild ${require('esbuild/package.json').version}; ${pythonVersion()}`)
out.push(`- Load average at the start: ${load()}${values.quick ? '; --quick: a subset at tiny sizes, proving each benchmark runs; its numbers mean nothing' : ''}`)
out.push('')
process.stdout.write(`${out.join('\n')}\n`)

// The benchmarks import the packages' dist/: build them from the current sources first.
const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b'], { cwd: root, stdio: 'inherit' })
if (tsc.status !== 0) usage('tsc -b failed: fix the type errors above first')

const failed = []
const whole = performance.now()
for (const piece of selected) {
  const args = values.quick ? piece.quick : piece.full
  const before = load()
  const start = performance.now()
  process.stderr.write(`bench: ${piece.id}: node ${args.join(' ')}\n`)
  const child = await runPiece(args, { ...process.env, PROBEPROF: '', ...(values.quick ? piece.quickEnv : {}) })
  const seconds = (performance.now() - start) / 1000
  const section = [`## ${piece.title}`, '', `\`node ${args.join(' ')}\` — ${seconds.toFixed(0)} s; load average ${before} before, ${load()} after.`, '']
  if (child.status === 0) section.push(child.stdout.trim())
  else {
    failed.push(piece.id)
    const why = child.stderr.trim().split('\n').slice(-5).join('\n') || `exit ${child.status}`
    section.push(`**Could not run** (exit ${child.status}):`, '', '```', why, '```')
  }
  section.push('')
  const text = section.join('\n')
  out.push(text)
  process.stdout.write(`${text}\n`)
}

const summary = `${selected.length - failed.length} of ${selected.length} benchmarks ran in ${((performance.now() - whole) / 60000).toFixed(1)} min${failed.length ? `; could not run: ${failed.join(', ')}` : ''}.`
out.push(summary)
process.stdout.write(`${summary}\n`)
const file = values.out ?? join(root, 'bench/.work', `results-${date.slice(0, 19).replace(/:/g, '')}${values.quick ? '-quick' : ''}.md`)
mkdirSync(dirname(file), { recursive: true })
writeFileSync(file, `${out.join('\n')}\n`)
process.stderr.write(`bench: results in ${relative(process.cwd(), file)}\n`)
process.exitCode = failed.length > 0 ? 1 : 0

/** One benchmark in its own process: its stdout is the section's text; its stderr (progress) is shown as it comes. */
function runPiece(args, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (text) => (stdout += text))
    child.stderr.setEncoding('utf8').on('data', (text) => {
      stderr += text
      process.stderr.write(text)
    })
    child.on('error', (error) => resolve({ status: error.message, stdout, stderr: `${stderr}${error.message}\n` }))
    child.on('close', (code, signal) => resolve({ status: code ?? signal, stdout, stderr }))
  })
}

function pythonVersion() {
  const python = spawnSync('python3', ['--version'], { encoding: 'utf8' })
  return python.status === 0 ? python.stdout.trim() : 'python3 not found (the cProfile rows will fail)'
}
