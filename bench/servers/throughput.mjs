// Server throughput, plain against profiled: the four fixture servers (fixtures/servers: Express 5, Fastify 5,
// Koa 3 + @koa/router, node:http), each built plain and with the esbuild plugin, loaded by autocannon on
// 127.0.0.1. Configurations are interleaved in a shuffled order per round, each server in its own process with
// a warm-up before the timed run; medians over rounds. Usage:
//   node bench/servers/throughput.mjs [--rounds 3] [--seconds 3] [--connections 50] [--apps express,fastify,koa,http]
//                                     [--configs plain,off,counts,sampled,precise,fast] [--workloads mix,health] [--warmup 1]
// Configurations: `plain` (no plugin), `off` (instrumented, PROBEPROF=0: the probes shipped but not recording,
// the adapter passing requests through), `counts`/`sampled`/`precise` (instrumented, recording, per route).
// Workloads: `mix` cycles the CPU-heavy, async and fast routes on every connection; `health` is the fast route
// alone, where the per-request cost of the integration (async context, route matching) weighs most.
import { spawn } from 'node:child_process'
import { availableParallelism, cpus, loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { buildForNode } from '../node-build.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '../..')
const work = join(root, 'bench/.work/servers')
const APPS = ['express', 'fastify', 'koa', 'http']
const CONFIGS = ['plain', 'off', 'counts', 'sampled', 'precise', 'fast']
const workloads = { mix: ['/primes/2000', '/api/users/7', '/health'], health: ['/health'] }

function usage(message) {
  process.stderr.write(`throughput: error: ${message}\n`)
  process.exit(2)
}
let values
try {
  ;({ values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '3' },
      seconds: { type: 'string', default: '3' },
      warmup: { type: 'string', default: '1' },
      connections: { type: 'string', default: '50' },
      apps: { type: 'string', default: APPS.join(',') },
      configs: { type: 'string', default: 'plain,off,counts,precise' },
      workloads: { type: 'string', default: 'mix,health' },
    },
  }))
} catch (error) {
  usage(error.message)
}
for (const name of ['rounds', 'seconds', 'connections']) if (!(Number(values[name]) > 0)) usage(`--${name} must be a positive number, got '${values[name]}'`)
if (!(Number(values.warmup) >= 0)) usage(`--warmup must be a number of seconds, got '${values.warmup}'`)
const rounds = Number(values.rounds)
const apps = values.apps.split(',')
const configs = values.configs.split(',')
const chosenWorkloads = values.workloads.split(',')
for (const app of apps) if (!APPS.includes(app)) usage(`unknown app '${app}' (choose from ${APPS.join(', ')})`)
for (const config of configs) if (!CONFIGS.includes(config)) usage(`unknown configuration '${config}' (choose from ${CONFIGS.join(', ')})`)
for (const workload of chosenWorkloads) if (!(workload in workloads)) usage(`unknown workload '${workload}' (choose from ${Object.keys(workloads).join(', ')})`)
if (!configs.includes('plain')) usage('--configs must include plain: every ratio is against it')

// frameworks stay in node_modules (`packages: 'external'`), as servers are usually bundled
const build = (instrumented) =>
  buildForNode(
    apps.map((app) => join(root, `fixtures/servers/src/${app}-app.ts`)),
    join(work, instrumented ? 'instrumented' : 'plain'),
    instrumented ? {} : false,
    { packages: 'external', target: 'node20' },
  )

function startServer(script, env) {
  const child = spawn(process.execPath, [script], {
    cwd: work,
    env: { ...process.env, PROBEPROF_QUIET: '1', PROBEPROF_OUT: join(work, 'report-%p.json'), ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  return new Promise((resolve) => {
    let stdout = ''
    child.stdout.on('data', (chunk) => {
      stdout += chunk
      if (stdout.includes('\n')) {
        const { port } = JSON.parse(stdout.split('\n')[0])
        resolve({ port, stop: () => (child.kill('SIGTERM'), exited) })
      }
    })
  })
}

async function measure(port, paths, seconds) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: Number(values.connections),
    duration: seconds,
    requests: paths.map((path) => ({ method: 'GET', path })),
  })
  if (result.errors > 0 || result.non2xx > 0) throw new Error(`errors: ${result.errors}, non-2xx: ${result.non2xx}`)
  return result.requests.total / seconds
}

const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1]
const shuffle = (xs) => xs.map((x) => [Math.random(), x]).sort((a, b) => a[0] - b[0]).map(([, x]) => x)

const loadBefore = loadavg()
const plainDir = await build(false)
const instrumentedDir = await build(true)
const samples = {} // `${app} ${workload} ${config}` → requests per second
for (let round = 0; round < rounds; round++) {
  const jobs = []
  for (const app of apps) for (const workload of chosenWorkloads) for (const config of configs) jobs.push({ app, workload, config })
  for (const { app, workload, config } of shuffle(jobs)) {
    const dir = config === 'plain' ? plainDir : instrumentedDir
    const env = config === 'plain' ? {} : config === 'off' ? { PROBEPROF: '0' } : { PROBEPROF_CLOCK: config }
    const server = await startServer(join(dir, `${app}-app.mjs`), env)
    if (Number(values.warmup) > 0) await measure(server.port, workloads[workload], Number(values.warmup))
    const rate = await measure(server.port, workloads[workload], Number(values.seconds))
    await server.stop()
    ;(samples[`${app} ${workload} ${config}`] ??= []).push(rate)
  }
  process.stderr.write(`round ${round + 1}/${rounds} done\n`)
}
const loadAfter = loadavg()

const lines = []
lines.push(
  `Node ${process.version}, ${cpus()[0].model}, ${availableParallelism()} cores, autocannon in the benchmark's own process; ` +
    `load average ${loadBefore[0].toFixed(2)} before, ${loadAfter[0].toFixed(2)} after; ${new Date().toISOString().slice(0, 10)}`,
)
lines.push(`median requests/s of ${rounds} rounds, ${values.seconds} s each after a ${values.warmup} s warm-up, ${values.connections} connections; in brackets: × plain`)
lines.push('')
lines.push(`| server | workload | ${configs.join(' | ')} |`)
lines.push(`| --- | --- | ${configs.map(() => '---:').join(' | ')} |`)
for (const app of apps) {
  for (const workload of chosenWorkloads) {
    const plain = median(samples[`${app} ${workload} plain`] ?? [NaN])
    const cells = configs.map((config) => {
      const rate = median(samples[`${app} ${workload} ${config}`])
      return config === 'plain' ? rate.toFixed(0) : `${rate.toFixed(0)} (${(rate / plain).toFixed(2)}×)`
    })
    lines.push(`| ${app} | ${workload} | ${cells.join(' | ')} |`)
  }
}
process.stdout.write(`${lines.join('\n')}\n`)
