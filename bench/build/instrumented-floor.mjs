// What a warm build cannot go below: esbuild bundling the instrumented files straight from disk (no plugin, no
// round trips to JavaScript) next to plain esbuild and to the warm plugin. The instrumented code is larger, and
// esbuild parses, links and prints all of it; that ratio is the floor of the warm build's. One more row shows why
// the runtime is imported by a file path: the same files importing a virtual module that a plugin resolves, which
// costs a round trip to JavaScript per module.
//
//   node bench/build/instrumented-floor.mjs [--runs 7]
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import * as esbuild from 'esbuild'
import probeprof from '@probeprof/esbuild'

const here = dirname(fileURLToPath(import.meta.url))
const repoRoot = join(here, '../..')
const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' } } })
const runs = Number(values.runs)
const entry = "export * as THREE from 'three/src/Three.js'; export * as WebGPU from 'three/src/Three.WebGPU.js'; export * as TSL from 'three/src/Three.TSL.js'"
const cache = join(repoRoot, '.tmp/bench-build/floor-cache')
const mirror = join(repoRoot, '.tmp/bench-build/instrumented')
const options = (resolveDir, plugins) => ({ stdin: { contents: entry, resolveDir }, bundle: true, write: false, format: 'esm', outfile: join(repoRoot, '.tmp/bench-build/floor.js'), logLevel: 'error', plugins })

// The instrumented files, as the plugin produces them, written where a plain build finds them.
const layout = await esbuild.build({ ...options(repoRoot, []), metafile: true })
const { TransformService } = await import(join(repoRoot, 'plugins/core/dist/transform-service.js'))
const service = new TransformService('floor', undefined, 0)
rmSync(mirror, { recursive: true, force: true })
cpSync(join(repoRoot, 'node_modules/three/package.json'), join(mirror, 'node_modules/three/package.json'))
const virtualMirror = `${mirror}-virtual`
rmSync(virtualMirror, { recursive: true, force: true })
cpSync(join(repoRoot, 'node_modules/three/package.json'), join(virtualMirror, 'node_modules/three/package.json'))
const runtimeFile = join(mirror, 'runtime.mjs')
writeFileSync(runtimeFile, 'export const runtime = {}\n')
let plainChars = 0
let instrumentedChars = 0
for (const input of Object.keys(layout.metafile.inputs).filter((path) => path.startsWith('node_modules/'))) {
  const source = readFileSync(join(repoRoot, input))
  for (const [dir, runtimeModule] of [[mirror, runtimeFile], [virtualMirror, 'probeprof:runtime']]) {
    const outcome = await service.instrument(join(repoRoot, input), source, { root: repoRoot, runtimeModule, sourceMaps: false })
    const contents = outcome.kind === 'code' ? outcome.contents : source
    if (dir === mirror) {
      plainChars += source.length
      instrumentedChars += contents.length
    }
    mkdirSync(dirname(join(dir, input)), { recursive: true })
    writeFileSync(join(dir, input), contents)
  }
}
await service.close()
const runtimeStub = {
  name: 'runtime-stub',
  setup(build) {
    build.onResolve({ filter: /^probeprof:runtime$/ }, () => ({ path: 'runtime', namespace: 'stub' }))
    build.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export const runtime = {}' }))
  },
}
await esbuild.build(options(repoRoot, [probeprof({ enabled: true, nodeModules: true, cache })])) // fills the cache

const modes = {
  'plain esbuild': () => esbuild.build(options(repoRoot, [])),
  'plain esbuild on the instrumented files': () => esbuild.build(options(mirror, [])),
  'the same, importing a virtual runtime module': () => esbuild.build(options(virtualMirror, [runtimeStub])),
  'probeprof, warm cache': () => esbuild.build(options(repoRoot, [probeprof({ enabled: true, nodeModules: true, cache })])),
}
const samples = Object.fromEntries(Object.keys(modes).map((mode) => [mode, []]))
const loadBefore = loadavg()[0]
for (let run = 0; run < runs; run++) {
  for (const [mode, build] of Object.entries(modes)) {
    const start = performance.now()
    await build()
    samples[mode].push(performance.now() - start)
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const base = median(samples['plain esbuild'])
const baseMin = Math.min(...samples['plain esbuild'])
process.stdout.write(
  [
    `Machine: ${cpus()[0].model}, ${cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}; load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after (shared with other engineers).`,
    `Command: \`node bench/build/instrumented-floor.mjs --runs ${runs}\` (one process, modes taking turns). Source: ${(plainChars / 1e6).toFixed(2)} MB; instrumented: ${(instrumentedChars / 1e6).toFixed(2)} MB (${((instrumentedChars / plainChars - 1) * 100).toFixed(0)}% more).`,
    '',
    '| build | median ms | vs plain | fastest ms | vs plain |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...Object.entries(samples).map(
      ([mode, xs]) => `| ${mode} | ${Math.round(median(xs))} | ${(median(xs) / base).toFixed(2)}× | ${Math.round(Math.min(...xs))} | ${(Math.min(...xs) / baseMin).toFixed(2)}× |`,
    ),
  ].join('\n') + '\n',
)
