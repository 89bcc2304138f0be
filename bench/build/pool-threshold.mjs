// When do worker threads pay? Instruments the first N files of three.js's sources (in bundle order) on the main
// thread, and on a pool of worker threads started for the occasion (their start-up included), each measurement in
// a fresh process so that neither side has a warm JIT. The plugin starts its pool once this much source waits
// (K_POOL_START_CHARS in plugins/esbuild/src/transform-service.ts).
//
//   node bench/build/pool-threshold.mjs [--runs 3]
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { availableParallelism, cpus, loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import * as esbuild from 'esbuild'

const here = dirname(fileURLToPath(import.meta.url))
const repoRoot = join(here, '../..')
const dist = join(repoRoot, 'plugins/esbuild/dist')

if (process.argv[2] === '--child') {
  const [, , , mode, count] = process.argv
  const files = JSON.parse(readFileSync(join(repoRoot, '.tmp/bench-build/files.json'), 'utf8')).slice(0, Number(count))
  const sources = files.map((file) => ({ file, code: readFileSync(file, 'utf8') }))
  const options = { root: repoRoot, runtimeModule: 'probeprof:runtime', sourceMaps: false }
  const start = performance.now()
  if (mode === 'main') {
    const { instrumentFile } = await import(join(dist, 'instrument-file.js'))
    for (const { file, code } of sources) instrumentFile({ code, filename: file, options })
  } else {
    const { WorkerPool } = await import(join(dist, 'worker-pool.js'))
    const pool = new WorkerPool(availableParallelism())
    await Promise.all(sources.map(({ file, code }) => pool.run({ code, filename: file, options })))
    await pool.close()
  }
  process.stdout.write(`${performance.now() - start}\n`)
  process.exit(0)
}

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } })
const runs = Number(values.runs)
const entry = "export * as THREE from 'three/src/Three.js'; export * as WebGPU from 'three/src/Three.WebGPU.js'; export * as TSL from 'three/src/Three.TSL.js'"
const layout = await esbuild.build({ stdin: { contents: entry, resolveDir: repoRoot }, bundle: true, write: false, metafile: true, outfile: 'x.js', logLevel: 'error' })
const files = Object.keys(layout.metafile.inputs).filter((input) => input.startsWith('node_modules/')).map((input) => join(repoRoot, input))
spawnSync('mkdir', ['-p', join(repoRoot, '.tmp/bench-build')])
const { writeFileSync } = await import('node:fs')
writeFileSync(join(repoRoot, '.tmp/bench-build/files.json'), JSON.stringify(files))

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const loadBefore = loadavg()[0]
const rows = []
for (const count of [5, 20, 50, 100, 200, files.length]) {
  const chars = files.slice(0, count).reduce((sum, file) => sum + readFileSync(file, 'utf8').length, 0)
  const times = { main: [], pool: [] }
  for (let run = 0; run < runs; run++) {
    for (const mode of ['main', 'pool']) {
      const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', mode, String(count)], { encoding: 'utf8' })
      if (child.status !== 0) throw new Error(child.stderr)
      times[mode].push(Number(child.stdout))
    }
  }
  rows.push(`| ${count} | ${Math.round(chars / 1000)} K | ${Math.round(median(times.main))} | ${Math.round(median(times.pool))} |`)
  process.stderr.write(`${count} files done\n`)
}
process.stdout.write(
  [
    `Machine: ${cpus()[0].model}, ${availableParallelism()} cores, Node ${process.version}; load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after.`,
    `Command: \`node bench/build/pool-threshold.mjs --runs ${runs}\` (medians, each measurement in a fresh process).`,
    '',
    `| files | source chars | main thread ms | ${availableParallelism()} worker threads ms (start-up included) |`,
    '| ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n') + '\n',
)
