// Build speed of the esbuild plugin on a large real code base, side by side in one run: plain esbuild, probeprof
// with an empty cache (cold), probeprof with the cache filled (warm), a watch-mode rebuild after one changed file
// (next to plain esbuild's), probeprof cold with other thread counts (main thread only, two workers), and istanbul
// instrumenting through esbuild (the peer). Each build runs in its own process, the modes take turns within each
// round, and the table gives medians over the rounds.
//
//   node bench/build/build-speed.mjs [--runs 5] [--sourcemap] [--write] [--modes plain,probeprof-cold,…]
//
// --modes keeps only some builds (ids below; `plain` always runs, the ratios need it), e.g. for bench/run.mjs --quick.
// --write replaces the "Build speed" section of bench/RESULTS.md with this run's table.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { cpus, loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const here = dirname(fileURLToPath(import.meta.url))
const repoRoot = join(here, '../..')
const require = createRequire(import.meta.url)
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    sourcemap: { type: 'boolean', default: false },
    write: { type: 'boolean', default: false },
    modes: { type: 'string' },
  },
})
const runs = Number(values.runs)
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write(`build-speed: error: --runs must be a positive integer, got '${values.runs}'\n`)
  process.exit(2)
}

const ALL_MODES = [
  { id: 'plain', label: 'plain esbuild' },
  { id: 'probeprof-cold', label: "probeprof, cold cache (default `workers: 'auto'`)" },
  { id: 'probeprof-warm', label: 'probeprof, warm cache' },
  { id: 'plain-rebuild', label: 'plain esbuild, watch rebuild after 1 changed file', baseline: 'plain-rebuild' },
  { id: 'rebuild', label: 'probeprof, watch rebuild after 1 changed file', baseline: 'plain-rebuild' },
  { id: 'probeprof-main-thread', label: 'probeprof, cold cache, main thread only (`workers: 0`)' },
  { id: 'probeprof-2-workers', label: 'probeprof, cold cache, two worker threads (`workers: 2`)' },
  { id: 'istanbul', label: 'istanbul-lib-instrument through esbuild' },
]
const wanted = values.modes === undefined ? ALL_MODES.map((mode) => mode.id) : ['plain', ...values.modes.split(',')]
for (const id of wanted) {
  if (!ALL_MODES.some((mode) => mode.id === id)) {
    process.stderr.write(`build-speed: error: unknown mode '${id}' (choose from ${ALL_MODES.map((mode) => mode.id).join(', ')})\n`)
    process.exit(2)
  }
}
// a rebuild row is divided by the plain rebuild: keep it when a rebuild is asked for
if (wanted.includes('rebuild')) wanted.push('plain-rebuild')
const MODES = ALL_MODES.filter((mode) => wanted.includes(mode.id))

spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b'], { cwd: repoRoot, stdio: 'inherit' })
const cacheDir = join(repoRoot, '.tmp/bench-build/cache')
mkdirSync(dirname(cacheDir), { recursive: true })

function measure(mode) {
  const script = mode === 'probeprof-cold' || mode === 'probeprof-warm' ? 'probeprof' : mode
  const cold = mode === 'probeprof-cold' || mode === 'probeprof-main-thread' || mode === 'probeprof-2-workers'
  if (cold) rmSync(cacheDir, { recursive: true, force: true })
  const start = performance.now()
  const child = spawnSync(process.execPath, [join(here, 'build-one.mjs'), script, cacheDir, values.sourcemap ? 'sourcemap' : ''], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, PROBEPROF: '' },
  })
  const processMs = performance.now() - start
  if (child.status !== 0) throw new Error(`${mode} failed:\n${child.stderr}`)
  const { buildMs, cpuMs } = JSON.parse(child.stdout.trim().split('\n').pop())
  return { buildMs, processMs, cpuMs }
}

const loadBefore = loadavg()
const samples = Object.fromEntries(MODES.map((mode) => [mode.id, []]))
measure('plain') // warms the file system cache
for (let round = 0; round < runs; round++) {
  // cold first, then warm on the cache it filled; the others in between keep rounds comparable
  for (const mode of MODES) samples[mode.id].push(measure(mode.id))
  process.stderr.write(`round ${round + 1}/${runs} done\n`)
}
const loadAfter = loadavg()

const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
const rows = MODES.map((mode) => {
  const baseline = mode.baseline ?? 'plain'
  const build = median(samples[mode.id].map((s) => s.buildMs))
  const fastest = Math.min(...samples[mode.id].map((s) => s.buildMs))
  const proc = median(samples[mode.id].map((s) => s.processMs))
  const ratio = build / median(samples[baseline].map((s) => s.buildMs))
  const processRatio = proc / median(samples[baseline].map((s) => s.processMs))
  const cpu = median(samples[mode.id].map((s) => s.cpuMs ?? NaN))
  const cpuRatio = cpu / median(samples[baseline].map((s) => s.cpuMs ?? NaN))
  return `| ${mode.label} | ${Math.round(build)} | ${Math.round(fastest)} | ${ratio.toFixed(2)}× | ${Math.round(proc)} | ${processRatio.toFixed(2)}× | ${Math.round(cpu)} | ${cpuRatio.toFixed(2)}× |`
})
const modules = 756
const cpu = cpus()
const date = new Date().toISOString().slice(0, 10)
const command = `node bench/build/build-speed.mjs --runs ${runs}${values.sourcemap ? ' --sourcemap' : ''}${values.modes === undefined ? '' : ` --modes ${values.modes}`}`
const table = [
  `Workload: three.js ${JSON.parse(readFileSync(join(repoRoot, 'node_modules/three/package.json'), 'utf8')).version} sources (\`src/Three.js\`, \`Three.WebGPU.js\`, \`Three.TSL.js\`: ${modules} modules, 4.7 MB), bundled from node_modules with \`nodeModules: true\`${values.sourcemap ? ', `sourcemap: true`' : ', no source maps'}.`,
  `Machine: ${cpu[0].model}, ${cpu.length} cores, Node ${process.version}, esbuild ${require('esbuild/package.json').version}, ${date}. ` +
    `Load average ${loadBefore[0].toFixed(2)} before, ${loadAfter[0].toFixed(2)} after: the machine was shared with other engineers' builds and tests${loadBefore[0] < 0.5 && loadAfter[0] < 1 ? ' (it was quiet during this run)' : ''}.`,
  `Command: \`${command}\` — each build in its own process, modes taking turns, medians of ${runs} rounds. ` +
    '"vs plain" divides medians; the rebuild rows are divided by the plain rebuild, the others by the plain build. ' +
    'The whole-process and CPU columns of the rebuild rows include their first build.',
  '',
  '| build | build() ms, median | fastest | vs plain | whole process ms | vs plain | CPU ms (all threads + esbuild) | vs plain |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows,
].join('\n')
process.stdout.write(table + '\n')

if (values.write) {
  const path = join(repoRoot, 'bench/RESULTS.md')
  const heading = `## Build speed${values.sourcemap ? ' (source maps)' : ''}`
  let text = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmark results\n'
  const section = `${heading}\n\n${table}\n`
  const start = text.indexOf(`${heading}\n`)
  if (start === -1) text = `${text.trimEnd()}\n\n${section}`
  else {
    const next = text.indexOf('\n## ', start + heading.length)
    text = text.slice(0, start) + section + (next === -1 ? '' : text.slice(next))
  }
  writeFileSync(path, text)
}
