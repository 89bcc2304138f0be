// One measured build through one bundler, in its own process, printed as JSON: { buildMs, outputBytes }; the caller
// times the whole process. Usage:
//   node bench/build/bundler-one.mjs <esbuild|vite|rollup|webpack|rspack> <plain|probeprof> <entry.js> <outDir> <cacheDir>
// Every bundler gets the same plain JavaScript entry (no loader, no TypeScript), bundles for Node as ESM without
// minifying, and, in probeprof mode, the same plugin options: node_modules instrumented, the given cache directory,
// the default worker threads. The bundlers' own persistent caches stay at their defaults (off for all five in a
// one-shot build), so "warm" below means probeprof's cache only.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

const [bundler, mode, entry, outDir, cacheDir] = process.argv.slice(2)
if (mode !== 'plain' && mode !== 'probeprof') throw new Error(`unknown mode '${mode}'`)
const pluginOptions = { enabled: true, nodeModules: true, cache: cacheDir, runtime: { quiet: true } }

/** The plugin of `pkg` (each integration's default export) in probeprof mode, none when plain. */
async function probeprofPlugins(pkg) {
  if (mode === 'plain') return []
  const { default: probeprof } = await import(pkg)
  return [probeprof(pluginOptions)]
}

/** webpack and Rspack take the same configuration (Rspack's is webpack's), only the compiler differs. */
function webpackLikeConfig(plugins) {
  return {
    mode: 'production',
    context: join(outDir, '..'),
    entry: { bundle: entry },
    target: 'node20',
    devtool: false,
    optimization: { minimize: false },
    experiments: { outputModule: true },
    output: { path: outDir, filename: '[name].mjs', module: true, library: { type: 'module' } },
    plugins,
  }
}

function runCompiler(compiler) {
  return new Promise((resolve, reject) => {
    compiler.run((error, stats) => {
      compiler.close(() => {
        if (error) reject(error)
        else if (stats.hasErrors()) reject(new Error(stats.toString({ all: false, errors: true })))
        else readFile(join(outDir, 'bundle.mjs'), 'utf8').then(resolve, reject)
      })
    })
  })
}

const builds = {
  async esbuild() {
    const esbuild = await import('esbuild')
    const plugins = await probeprofPlugins('@probeprof/esbuild')
    const result = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      format: 'esm',
      platform: 'node',
      outdir: outDir,
      write: false,
      logLevel: 'error',
      plugins,
    })
    await esbuild.stop()
    return result.outputFiles[0].text
  },
  async vite() {
    const { build } = await import('vite')
    const plugins = await probeprofPlugins('@probeprof/vite')
    const result = await build({
      configFile: false,
      root: join(outDir, '..'),
      logLevel: 'silent',
      plugins,
      ssr: { noExternal: true },
      build: { ssr: entry, outDir, write: false, minify: false, rollupOptions: { output: { entryFileNames: '[name].mjs' } } },
    })
    const output = (Array.isArray(result) ? result[0] : result).output
    return output.find((file) => file.type === 'chunk').code
  },
  async rollup() {
    const { rollup } = await import('rollup')
    const plugins = await probeprofPlugins('@probeprof/rollup')
    const bundle = await rollup({ input: entry, plugins, logLevel: 'silent' })
    const { output } = await bundle.generate({ format: 'es' })
    await bundle.close()
    return output[0].code
  },
  async webpack() {
    const { default: webpack } = await import('webpack')
    return runCompiler(webpack(webpackLikeConfig(await probeprofPlugins('@probeprof/webpack'))))
  },
  async rspack() {
    const { rspack } = await import('@rspack/core')
    return runCompiler(rspack(webpackLikeConfig(await probeprofPlugins('@probeprof/rspack'))))
  },
}
if (!(bundler in builds)) throw new Error(`unknown bundler '${bundler}'`)

// the clock starts before the bundler and the plugin are imported: a user's `vite build` pays for both
const start = performance.now()
const code = await builds[bundler]()
const buildMs = performance.now() - start
// a build that silently left the plugin out (or put it in the plain build) would compare the wrong things
if (code.includes('@probeprof/runtime') !== (mode === 'probeprof')) {
  throw new Error(`${bundler} ${mode}: the output ${mode === 'plain' ? 'contains' : 'lacks'} probeprof's runtime`)
}
process.stdout.write(JSON.stringify({ buildMs, outputBytes: Buffer.byteLength(code) }) + '\n')
