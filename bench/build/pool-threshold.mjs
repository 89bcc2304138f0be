// When do worker threads pay? Instruments the first N files of three.js's sources (in bundle order, all handed
// over at once, as esbuild does) on the main thread alone, and on the main thread with `cores − 1` worker threads
// started at once (their start-up included); each measurement in a fresh process, so no JIT is warm. The plugin
// starts its threads once this much source waits (K_POOL_START_CHARS in plugins/core/src/transform-service.ts).
//
//   node bench/build/pool-threshold.mjs [--runs 3]
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import * as esbuild from 'esbuild'

const here = dirname(fileURLToPath(import.meta.url))
const repoRoot = join(here, '../..')
const dist = join(repoRoot, 'plugins/core/dist')
const filesJson = join(repoRoot, '.tmp/bench-build/files.json')

/** CPU time of this process, all threads (Linux: /proc/self/stat, in 1/100 s). */
function cpuMs() {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

if (process.argv[2] === '--child') {
  const [, , , workers, count] = process.argv
  const files = JSON.parse(readFileSync(filesJson, 'utf8')).slice(0, Number(count))
  const sources = files.map((file) => ({ file, bytes: readFileSync(file) }))
  const options = { root: repoRoot, runtimeModule: 'probeprof:runtime', sourceMaps: false }
  const { TransformService } = await import(join(dist, 'transform-service.js'))
  const cpuStart = cpuMs()
  const start = performance.now()
  const service = new TransformService('bench', undefined, Number(workers), 0)
  await Promise.all(sources.map(({ file, bytes }) => service.instrument(file, bytes, options)))
  const wall = performance.now() - start
  await service.close()
  process.stdout.write(JSON.stringify({ wall, cpu: cpuMs() - cpuStart }) + '\n')
  process.exit(0)
}

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } })
const runs = Number(values.runs)
const entry = "export * as THREE from 'three/src/Three.js'; export * as WebGPU from 'three/src/Three.WebGPU.js'; export * as TSL from 'three/src/Three.TSL.js'"
const layout = await esbuild.build({ stdin: { contents: entry, resolveDir: repoRoot }, bundle: true, write: false, metafile: true, outfile: 'x.js', logLevel: 'error' })
const files = Object.keys(layout.metafile.inputs).filter((input) => input.startsWith('node_modules/')).map((input) => join(repoRoot, input))
mkdirSync(dirname(filesJson), { recursive: true })
writeFileSync(filesJson, JSON.stringify(files))

const workers = Math.max(1, availableParallelism() - 1)
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const loadBefore = loadavg()[0]
const rows = []
for (const count of [5, 20, 50, 100, 200, files.length]) {
  const chars = files.slice(0, count).reduce((sum, file) => sum + readFileSync(file, 'utf8').length, 0)
  const samples = { 0: [], [workers]: [] }
  for (let run = 0; run < runs; run++) {
    for (const threads of [0, workers]) {
      const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', String(threads), String(count)], { encoding: 'utf8' })
      if (child.status !== 0) throw new Error(child.stderr)
      samples[threads].push(JSON.parse(child.stdout))
    }
  }
  const cell = (threads) => `${Math.round(median(samples[threads].map((s) => s.wall)))} | ${Math.round(median(samples[threads].map((s) => s.cpu)))}`
  rows.push(`| ${count} | ${Math.round(chars / 1000)} K | ${cell(0)} | ${cell(workers)} |`)
  process.stderr.write(`${count} files done\n`)
}
process.stdout.write(
  [
    `Machine: ${cpus()[0].model}, ${availableParallelism()} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}; load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after (shared with other engineers).`,
    `Command: \`node bench/build/pool-threshold.mjs --runs ${runs}\` (medians, each measurement in a fresh process).`,
    '',
    `| files | source chars | main thread: wall ms | CPU ms | main + ${workers} worker(s): wall ms | CPU ms |`,
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n') + '\n',
)
