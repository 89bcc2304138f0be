// @probeprof/esbuild: `plugins: [probeprof()]`. With PROBEPROF=1 (or `enabled: true`) every function of the
// project's sources (and, with `nodeModules`, of its dependencies) gets probes, and the runtime is supplied by the
// plugin; otherwise the plugin registers no hooks at all and the build is byte-identical to one without it.
// Everything but esbuild's hooks is @probeprof/plugin-core's, shared with the other bundlers' integrations.

import { readFileSync } from 'node:fs'
import { extname } from 'node:path'
import type { Loader, OnLoadArgs, OnLoadResult, Plugin, PluginBuild } from 'esbuild'
import { Instrumenter, OptionsError, resolveOptions, type CachedOutcome, type ProbeprofOptions, type ResolvedOptions } from '@probeprof/plugin-core'
import { RUNTIME_SPECIFIER, UnbundledRuntime, provideBundledRuntime } from './runtime-module.js'

/** The esbuild plugin's options: those of every probeprof integration. */
export type ProbeprofEsbuildOptions = ProbeprofOptions
export type { ClockMode, BakedRuntimeOptions, WorkerCount } from '@probeprof/plugin-core'
export { optionRecords, formatOptionsTable } from '@probeprof/plugin-core'

const NAME = 'probeprof'
const PACKAGE = '@probeprof/esbuild'
/** The loaders of files the plugin instruments, by extension; a user's `loader` option wins. */
const SOURCE_LOADERS: Record<string, Loader> = {
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.tsx': 'tsx',
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
  '.jsx': 'jsx',
}
const SCRIPT_LOADERS = new Set<Loader>(['js', 'jsx', 'ts', 'tsx'])
const VERBOSE_LOG_LEVELS = new Set(['info', 'debug', 'verbose'])

export default function probeprof(options?: ProbeprofEsbuildOptions): Plugin {
  let resolved: ResolvedOptions
  try {
    resolved = resolveOptions(options, process.env, PACKAGE)
  } catch (error) {
    if (!(error instanceof OptionsError)) throw error
    const text = error.message
    return { name: NAME, setup: (build) => build.onStart(() => ({ errors: [{ text }] })) }
  }
  if (!resolved.enabled) return { name: NAME, setup() {} }
  return { name: NAME, setup: (build) => setupInstrumentation(build, resolved) }
}

function setupInstrumentation(build: PluginBuild, options: ResolvedOptions): void {
  const initial = build.initialOptions
  const instrumenter = new Instrumenter(options, initial.absWorkingDir ?? process.cwd())
  const sourceMaps = Boolean(initial.sourcemap)
  const userLoaders = initial.loader ?? {}

  const unbundled = initial.bundle === true ? undefined : new UnbundledRuntime(build, options.runtimeOptions)
  let bundledRuntime: string | undefined
  if (unbundled === undefined) {
    bundledRuntime = instrumenter.runtimeFile()
    if (bundledRuntime === undefined) provideBundledRuntime(build, options.runtimeOptions, instrumenter.root)
    // a long watch session may outlive the file (`npm ci` empties node_modules): each build makes sure of it
    else build.onStart(() => void instrumenter.runtimeFile())
  } else build.onStart(async () => {
    const problem = await unbundled.prepare()
    return problem === undefined ? undefined : { errors: [{ text: `${PACKAGE}: ${problem}` }] }
  })

  build.onLoad({ filter: instrumenter.idFilter, namespace: 'file' }, async (args): Promise<OnLoadResult | undefined> => {
    const loader = loaderOf(args, userLoaders)
    if (loader === undefined || !instrumenter.shouldInstrument(args.path)) return undefined
    const runtimeModule = unbundled === undefined ? (bundledRuntime ?? RUNTIME_SPECIFIER) : unbundled.specifierFor(args.path)
    if (runtimeModule === undefined) return undefined
    const source = readFileSync(args.path) // sync: see TransformCache.get
    return toLoadResult(await instrumenter.instrument(args.path, source, runtimeModule, sourceMaps), source, loader)
  })

  build.onEnd(async (result) => {
    const stats = await instrumenter.finishBuild()
    if (unbundled !== undefined && result.errors.length === 0) await unbundled.emit(result)
    // esbuild's own summary shows at logLevel info and up (the CLI's default): so does this line
    if (process.env.PROBEPROF_DEBUG === '1' || VERBOSE_LOG_LEVELS.has(initial.logLevel ?? 'warning')) {
      process.stderr.write(instrumenter.summary(stats) + '\n')
    }
  })
  build.onDispose(() => void instrumenter.close())
}

/** The loader esbuild would use, when it is one the plugin instruments; undefined for other content. */
function loaderOf(args: OnLoadArgs, userLoaders: Record<string, Loader>): Loader | undefined {
  // `import data from './x.js' with { type: 'text' }` and `?query` imports are not modules to instrument
  if (Object.keys(args.with).length > 0 || args.suffix !== undefined && args.suffix !== '') return undefined
  const extension = extname(args.path)
  const loader = userLoaders[extension] ?? SOURCE_LOADERS[extension]
  return loader !== undefined && SCRIPT_LOADERS.has(loader) ? loader : undefined
}

/** No resolveDir: esbuild takes the file's own directory for files in the `file` namespace. */
function toLoadResult(outcome: CachedOutcome, source: Uint8Array, loader: Loader): OnLoadResult | undefined {
  if (outcome.kind === 'code') return { contents: outcome.contents, loader }
  if (outcome.kind === 'skip') return undefined
  // Babel cannot parse it: bundle it as written, uninstrumented, and say so once.
  return { contents: source, loader, warnings: [{ text: `probeprof: not instrumented: ${outcome.reason}` }] }
}
