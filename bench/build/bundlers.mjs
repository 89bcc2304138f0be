// Build speed per bundler (issue 15): esbuild, Vite, Rollup, webpack and Rspack each build the same real code base
// plain, with probeprof on an empty cache (cold) and with probeprof on the cache the cold build filled (warm). Each
// build runs in its own process (bench/build/bundler-one.mjs), the builds take turns within each round, and the table
// gives medians over the rounds and each bundler's ratio to its own plain build.
//
//   node bench/build/bundlers.mjs [--runs 3] [--bundlers esbuild,vite,…] [--quick] [--write]
//
// The workload: three.js's core (`three/src/Three.js`) from node_modules, instrumented (`nodeModules: true`), plain
// JavaScript that all five bundle for Node without a loader. --quick bundles one small corner of it
// (`three/src/math/Vector3.js`) so bench/run.mjs --quick proves every bundler runs in seconds; its numbers mean
// nothing. --write replaces the "Build speed per bundler (issue 15)" section of bench/RESULTS.md with this run's table.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { cpus, loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const here = dirname(fileURLToPath(import.meta.url))
const repoRoot = join(here, '../..')
const require = createRequire(import.meta.url)

function usage(message) {
  process.stderr.write(`bundlers: error: ${message}\n`)
  process.exit(2)
}

const BUNDLERS = [
  { id: 'esbuild', pkg: 'esbuild' },
  { id: 'vite', pkg: 'vite' },
  { id: 'rollup', pkg: 'rollup' },
  { id: 'webpack', pkg: 'webpack' },
  { id: 'rspack', pkg: '@rspack/core' },
]
const MODES = [
  { id: 'plain', label: 'plain' },
  { id: 'cold', label: 'probeprof, cold cache' },
  { id: 'warm', label: 'probeprof, warm cache' },
]

let values
try {
  ;({ values } = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      bundlers: { type: 'string' },
      quick: { type: 'boolean', default: false },
      write: { type: 'boolean', default: false },
    },
  }))
} catch (error) {
  usage(`${error.message} (options: --runs N, --bundlers ${BUNDLERS.map((b) => b.id).join(',')}, --quick, --write)`)
}
const runs = Number(values.runs)
if (!Number.isInteger(runs) || runs < 1) usage(`--runs must be a positive integer, got '${values.runs}'`)
const wanted = values.bundlers?.split(',') ?? BUNDLERS.map((b) => b.id)
for (const id of wanted) if (!BUNDLERS.some((b) => b.id === id)) usage(`unknown bundler '${id}' (choose from ${BUNDLERS.map((b) => b.id).join(', ')})`)
const selected = BUNDLERS.filter((b) => wanted.includes(b.id))
if (values.quick && values.write) usage('--quick numbers mean nothing: not written to RESULTS.md')

spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b'], { cwd: repoRoot, stdio: 'inherit' })
const workDir = join(repoRoot, '.tmp/bench-build/bundlers')
mkdirSync(workDir, { recursive: true })
const threeSource = values.quick ? 'src/math/Vector3.js' : 'src/Three.js'
const entry = join(workDir, 'entry.js')
// an absolute path: no bundler needs a resolver plugin for a bare specifier; three's own imports are relative
writeFileSync(entry, `export * as THREE from ${JSON.stringify(join(repoRoot, 'node_modules/three', threeSource))}\n`)

// the size of the code base, counted once by esbuild (each bundler counts modules its own way: Rollup leaves out the
// empty ones, webpack counts a concatenated scope as one)
const esbuild = await import('esbuild')
const { metafile } = await esbuild.build({ entryPoints: [entry], bundle: true, write: false, metafile: true, logLevel: 'error' })
const sourceModules = Object.keys(metafile.inputs).filter((path) => path.includes('node_modules/three/'))
const sourceBytes = sourceModules.reduce((sum, path) => sum + metafile.inputs[path].bytes, 0)
await esbuild.stop()

const K_BUILD_TIMEOUT_MS = 600_000
function measure(bundler, mode) {
  const cacheDir = join(workDir, `cache-${bundler}`)
  if (mode === 'cold') rmSync(cacheDir, { recursive: true, force: true })
  const outDir = join(workDir, `out-${bundler}-${mode}`)
  rmSync(outDir, { recursive: true, force: true })
  const start = performance.now()
  const child = spawnSync(process.execPath, [join(here, 'bundler-one.mjs'), bundler, mode === 'plain' ? 'plain' : 'probeprof', entry, outDir, cacheDir], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, PROBEPROF: '' },
    timeout: K_BUILD_TIMEOUT_MS,
  })
  const processMs = performance.now() - start
  if (child.status !== 0) {
    const why = child.error?.message ?? child.stderr.trim().split('\n').slice(-5).join('\n')
    process.stderr.write(`bundlers: error: ${bundler} ${mode} build failed: ${why}\n`)
    process.exit(1)
  }
  const { buildMs, outputBytes } = JSON.parse(child.stdout.trim().split('\n').pop())
  return { buildMs, processMs, outputBytes }
}

const loadBefore = loadavg()
const samples = Object.fromEntries(selected.map((b) => [b.id, Object.fromEntries(MODES.map((m) => [m.id, []]))]))
// warms the file system cache and each bundler's imports; --quick measures nothing, so it saves the five builds
if (!values.quick) for (const bundler of selected) measure(bundler.id, 'plain')
for (let round = 0; round < runs; round++) {
  // cold, then warm on the cache it filled; the bundlers take turns so a burst of load spreads over all of them
  for (const bundler of selected) for (const mode of MODES) samples[bundler.id][mode.id].push(measure(bundler.id, mode.id))
  process.stderr.write(`round ${round + 1}/${runs} done\n`)
}
const loadAfter = loadavg()

const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
// read from node_modules: three's exports do not include package.json
const version = (pkg) => JSON.parse(readFileSync(join(repoRoot, 'node_modules', pkg, 'package.json'), 'utf8')).version
const rows = []
for (const bundler of selected) {
  const plain = samples[bundler.id].plain
  const plainBuild = median(plain.map((s) => s.buildMs))
  const plainProcess = median(plain.map((s) => s.processMs))
  for (const mode of MODES) {
    const list = samples[bundler.id][mode.id]
    const build = median(list.map((s) => s.buildMs))
    const proc = median(list.map((s) => s.processMs))
    const fastest = Math.min(...list.map((s) => s.buildMs))
    const outputKb = list[0].outputBytes / 1024
    rows.push(
      `| ${bundler.id} | ${mode.label} | ${Math.round(outputKb)} | ${Math.round(build)} | ${Math.round(fastest)} | ${(build / plainBuild).toFixed(2)}× | ${Math.round(proc)} | ${(proc / plainProcess).toFixed(2)}× |`,
    )
  }
}
const cpu = cpus()
const date = new Date().toISOString().slice(0, 10)
const command = `node bench/build/bundlers.mjs --runs ${runs}${values.bundlers === undefined ? '' : ` --bundlers ${values.bundlers}`}${values.quick ? ' --quick' : ''}`
const table = [
  `Workload: three.js ${version('three')} \`${threeSource}\` and everything it imports (${sourceModules.length} modules, ${(sourceBytes / 2 ** 20).toFixed(1)} MB), bundled from node_modules for Node (ESM, not minified, no source maps) with \`nodeModules: true\`; ` +
    'each bundler with its plain JavaScript defaults (no loader), probeprof with its default worker threads. "output KB" is the size of the bundle (probeprof adds its probes and its runtime).',
  `Machine: ${cpu[0].model}, ${cpu.length} cores, Node ${process.version}, ${selected.map((b) => `${b.pkg} ${version(b.pkg)}`).join(', ')}, ${date}. ` +
    `Load average ${loadBefore[0].toFixed(2)} before, ${loadAfter[0].toFixed(2)} after${loadBefore[0] < 0.5 && loadAfter[0] < 1 ? ' (the machine was quiet)' : ': the machine was shared with other engineers\' builds and tests'}.`,
  `Command: \`${command}\` — each build in its own process, the builds taking turns, medians of ${runs} rounds. ` +
    '"build ms" runs from importing the bundler (and the plugin) to the finished output; "vs plain" divides by the same bundler\'s plain median; ' +
    "warm means probeprof's cache filled by the round's cold build, the bundler's own caches off (their default for one build).",
  '',
  '| bundler | build | output KB | build ms, median | fastest | vs plain | whole process ms | vs plain |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows,
].join('\n')
process.stdout.write(table + '\n')

if (values.write) {
  const path = join(repoRoot, 'bench/RESULTS.md')
  const heading = '## Build speed per bundler (issue 15)'
  let text = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmark results\n'
  const start = text.indexOf(`${heading}\n`)
  if (start === -1) {
    // a new section goes before the earlier runs, after the full run's build speed
    const before = text.indexOf('\n## Earlier runs')
    const section = `${heading}\n\n${table}\n`
    text = before === -1 ? `${text.trimEnd()}\n\n${section}` : `${text.slice(0, before).trimEnd()}\n\n${section}${text.slice(before)}`
  } else {
    // keep the reading written below the table: replace only the measured lines (up to the blank line after the table)
    const tableEnd = text.indexOf('\n\n', text.indexOf('\n| ', start))
    text = text.slice(0, start) + `${heading}\n\n${table}` + (tableEnd === -1 ? '\n' : text.slice(tableEnd))
  }
  writeFileSync(path, text)
}
