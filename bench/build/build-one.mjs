// One measured build, in its own process (what a user waits for when running `node build.mjs`), printed as JSON:
// { buildMs, cpuMs }; the caller times the whole process. Usage: node bench/build/build-one.mjs <mode> <cacheDir> [sourcemap]
//   mode: plain | probeprof | probeprof-main-thread | probeprof-1-worker | istanbul | rebuild | plain-rebuild
// The workload: three.js's sources (src/Three.js, Three.WebGPU.js, Three.TSL.js: about 750 modules), bundled from
// node_modules with instrumentation on (`nodeModules: true`).
import { readFile, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as esbuild from 'esbuild'

const [mode, cacheDir, sourcemapFlag] = process.argv.slice(2)
const here = dirname(fileURLToPath(import.meta.url))
const repoRoot = join(here, '../..')
const require = createRequire(import.meta.url)
const sourcemap = sourcemapFlag === 'sourcemap'

const entry = "export * as THREE from 'three/src/Three.js'; export * as WebGPU from 'three/src/Three.WebGPU.js'; export * as TSL from 'three/src/Three.TSL.js'"

function options(plugins) {
  return {
    stdin: { contents: entry, resolveDir: repoRoot, sourcefile: 'three-app.js' },
    absWorkingDir: repoRoot,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    outfile: join(repoRoot, '.tmp/bench-build/three.js'),
    write: false,
    sourcemap,
    logLevel: 'error',
    plugins,
  }
}

/** istanbul-lib-instrument through esbuild's onLoad, as esbuild-plugin-istanbul does it: one file at a time. */
function istanbulPlugin() {
  const { createInstrumenter } = require('istanbul-lib-instrument')
  const instrumenter = createInstrumenter({ esModules: true, produceSourceMap: sourcemap, compact: false })
  return {
    name: 'istanbul',
    setup(build) {
      build.onLoad({ filter: /node_modules\/three\/src\/.*\.js$/ }, async (args) => {
        const code = await readFile(args.path, 'utf8')
        let contents = instrumenter.instrumentSync(code, args.path)
        const map = instrumenter.lastSourceMap()
        if (map) contents += `\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}`
        return { contents, loader: 'js' }
      })
    },
  }
}

let buildMs
if (mode === 'plain') {
  const start = performance.now()
  await esbuild.build(options([]))
  buildMs = performance.now() - start
} else if (mode === 'istanbul') {
  const start = performance.now()
  await esbuild.build(options([istanbulPlugin()]))
  buildMs = performance.now() - start
} else if (mode.startsWith('probeprof')) {
  const start = performance.now()
  const { default: probeprof } = await import('@probeprof/esbuild')
  const workers = { probeprof: undefined, 'probeprof-main-thread': 0, 'probeprof-1-worker': 1, 'probeprof-2-workers': 2 }[mode]
  await esbuild.build(options([probeprof({ enabled: true, nodeModules: true, cache: cacheDir, workers })]))
  buildMs = performance.now() - start
} else if (mode === 'rebuild' || mode === 'plain-rebuild') {
  // watch mode's case: a context already built once, one file changed, rebuilt
  const { default: probeprof } = await import('@probeprof/esbuild')
  const copy = join(repoRoot, `.tmp/bench-build/changed-${mode}.js`)
  await writeFile(copy, 'export function changed() { return 1 }\n')
  const opts = options(mode === 'rebuild' ? [probeprof({ enabled: true, nodeModules: true, cache: cacheDir })] : [])
  opts.stdin.contents += `; export { changed } from ${JSON.stringify(copy)}`
  const context = await esbuild.context(opts)
  await context.rebuild()
  await writeFile(copy, `export function changed() { return ${Date.now()} }\n`)
  const start = performance.now()
  await context.rebuild()
  buildMs = performance.now() - start
  await context.dispose()
} else {
  throw new Error(`unknown mode '${mode}'`)
}
// CPU time of everything the build ran: this process's threads (main, workers) and, once reaped, esbuild's own
// process. It suffers far less than wall time from other processes on a shared machine.
await esbuild.stop()
let cpuMs = null
try {
  // wait until esbuild's process is reaped: only then are its times in this process's children's times
  const children = `/proc/self/task/${process.pid}/children`
  for (let i = 0; i < 200 && (await readFile(children, 'utf8')).trim() !== ''; i++) await new Promise((resolve) => setTimeout(resolve, 10))
  const fields = (await readFile('/proc/self/stat', 'utf8')).split(') ')[1].split(' ')
  const K_TICKS_PER_SECOND = 100 // Linux's USER_HZ
  cpuMs = ((Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * 1000) / K_TICKS_PER_SECOND
} catch {
  // not Linux: no CPU column
}
process.stdout.write(JSON.stringify({ buildMs, cpuMs }) + '\n')
