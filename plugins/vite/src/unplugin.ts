// The one probeprof plugin for the bundlers unplugin adapts (Vite now; Rollup, webpack and Rspack through the same
// factory): the same contract as @probeprof/esbuild. With the flag off the plugin has no hooks, so the build is
// byte-identical to one without it; with it on, every included file goes through @probeprof/plugin-core's
// Instrumenter before any other plugin sees it (`enforce: 'pre'`: the original TypeScript, so rows point at it).

import { Instrumenter, OptionsError, resolveOptions, splitInlineMap, type ProbeprofOptions, type ResolvedOptions } from '@probeprof/plugin-core'
import { createUnplugin, type UnpluginOptions } from 'unplugin'
import type { ViteDevServer } from 'vite'

const NAME = 'probeprof'

/** Where the pages of Vite's dev server send their report (the `probeprof` package's collector serves it). */
const DEV_COLLECT_PATH = '/__probeprof'

export const probeprofUnplugin = createUnplugin<ProbeprofOptions | undefined, false>((user, meta) => {
  let options: ResolvedOptions
  try {
    options = resolveOptions(user, process.env, `@probeprof/${meta.framework}`)
  } catch (error) {
    if (!(error instanceof OptionsError)) throw error
    const message = error.message
    // the build fails at its start with the one line: bundlers print a plugin error's stack, so it has none of ours
    return {
      name: NAME,
      buildStart() {
        const failure = new OptionsError(message)
        failure.stack = message
        throw failure
      },
    }
  }
  if (!options.enabled) return { name: NAME }
  return instrumentingPlugin(options)
})

function instrumentingPlugin(options: ResolvedOptions): UnpluginOptions {
  let bundlerRoot = process.cwd()
  let instrumenter: Instrumenter | undefined
  let runtimeModule: string | undefined
  /** Vite's dev server: pages send their report to its /__probeprof unless the build's `runtime.collect` says otherwise. */
  let devServer = false
  const sourceMaps = true // the bundler drops the map when its build wants none
  const ready = (): Instrumenter =>
    (instrumenter ??= new Instrumenter(
      devServer ? { ...options, runtimeOptions: Object.freeze({ collect: DEV_COLLECT_PATH, ...options.runtimeOptions }) } : options,
      bundlerRoot,
    ))
  return {
    name: NAME,
    enforce: 'pre',
    vite: {
      configResolved(config) {
        bundlerRoot = config.root
        devServer = config.command === 'serve'
      },
      configureServer: (server) => mountCollector(server, options),
    },
    webpack(compiler) {
      bundlerRoot = compiler.options.context ?? bundlerRoot
    },
    rspack(compiler) {
      bundlerRoot = compiler.options.context ?? bundlerRoot
    },
    buildStart() {
      runtimeModule = ready().runtimeFile()
      if (runtimeModule === undefined) process.stderr.write('probeprof: cannot write the runtime file next to the cache: nothing is instrumented (set `cache` to a writable directory)\n')
    },
    transformInclude(id) {
      // `?query` ids (`?worker`, `?raw`, Vite's `?v=`) and virtual modules are not files to instrument
      return runtimeModule !== undefined && !id.includes('?') && !id.startsWith('\0') && ready().shouldInstrument(id)
    },
    async transform(code, id) {
      const outcome = await ready().instrument(id, Buffer.from(code), runtimeModule!, sourceMaps)
      if (outcome.kind === 'code') return splitInlineMap(outcome.contents)
      if (outcome.kind === 'unparsable') this.warn(ready().notInstrumented(id, outcome))
      return null
    },
    async buildEnd() {
      const stats = await ready().finishBuild()
      if (process.env.PROBEPROF_DEBUG === '1') process.stderr.write(ready().summary(stats) + '\n')
    },
  }
}

/**
 * The dev server's /__probeprof: the `probeprof` package's collector (the one `probeprof serve` runs), writing each
 * page load's report in Vite's root (`out`, if the build sets one, is the file name pattern) and printing its path
 * through Vite's logger. `probeprof` is an optional peer: without it, one warning and no collector.
 */
async function mountCollector(server: ViteDevServer, options: ResolvedOptions): Promise<void> {
  const logger = server.config.logger
  let collectorModule: typeof import('probeprof/collector')
  try {
    collectorModule = await import('probeprof/collector')
  } catch {
    logger.warn(`probeprof: pages cannot send their reports to the dev server: install the probeprof package (npm install --save-dev probeprof) for its ${DEV_COLLECT_PATH} collector`)
    return
  }
  const collector = collectorModule.createCollector({
    out: options.runtimeOptions.out,
    cwd: server.config.root,
    onReport: (line) => logger.info(`probeprof: ${line}`, { timestamp: true }),
    onRefused: (line) => logger.warn(`probeprof: ${line}`, { timestamp: true }),
  })
  server.middlewares.use((request, response, next) => {
    if (!collector.handle(request, response)) next()
  })
}
