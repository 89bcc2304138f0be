// @probeprof/esbuild: `plugins: [probeprof()]`. With PROBEPROF=1 (or `enabled: true`) every function of the
// project's sources (and, with `nodeModules`, of its dependencies) gets probes, and the runtime is supplied by the
// plugin; otherwise the plugin registers no hooks at all and the build is byte-identical to one without it.

import { readFileSync } from 'node:fs'
import { extname, join, relative, resolve, sep } from 'node:path'
import type { Loader, OnLoadArgs, OnLoadResult, PartialMessage, Plugin, PluginBuild } from 'esbuild'
import { TransformCache, defaultCacheDirectory, transformFingerprint, type CachedOutcome } from './cache.js'
import { fileFilter, onLoadFilter } from './file-filter.js'
import { EsbuildOptionsError, resolveEsbuildOptions, type ProbeprofEsbuildOptions, type ResolvedEsbuildOptions } from './options.js'
import { RUNTIME_SPECIFIER, UnbundledRuntime, bundledRuntimeFile, provideBundledRuntime, runtimeDirectory } from './runtime-module.js'
import { TransformService } from './transform-service.js'

export type { ProbeprofEsbuildOptions, ClockMode, BakedRuntimeOptions } from './options.js'
export type { WorkerCount } from './thread-budget.js'
export { optionRecords, formatOptionsTable } from './options.js'

const NAME = 'probeprof'
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
const WARNING_LOG_LEVELS = new Set(['warning', ...VERBOSE_LOG_LEVELS])

export default function probeprof(options?: ProbeprofEsbuildOptions): Plugin {
  let resolved: ResolvedEsbuildOptions
  try {
    resolved = resolveEsbuildOptions(options, process.env)
  } catch (error) {
    if (!(error instanceof EsbuildOptionsError)) throw error
    const text = error.message
    return { name: NAME, setup: (build) => build.onStart(() => ({ errors: [{ text }] })) }
  }
  if (!resolved.enabled) return { name: NAME, setup() {} }
  return { name: NAME, setup: (build) => setupInstrumentation(build, resolved) }
}

function setupInstrumentation(build: PluginBuild, options: ResolvedEsbuildOptions): void {
  const initial = build.initialOptions
  const root = resolve(initial.absWorkingDir ?? process.cwd(), options.root ?? '.')
  const filter = { root, include: options.include, exclude: options.exclude, nodeModules: options.nodeModules, neverInstrument: [runtimeDirectory] }
  const sourceMaps = Boolean(initial.sourcemap)
  const userLoaders = initial.loader ?? {}
  const cacheDirectory = options.cache === true ? defaultCacheDirectory(root) : options.cache === false ? undefined : resolve(root, options.cache)
  const service = new TransformService(
    transformFingerprint(),
    cacheDirectory === undefined ? undefined : new TransformCache(cacheDirectory),
    options.workers,
  )

  const unbundled = initial.bundle === true ? undefined : new UnbundledRuntime(build, options.runtimeOptions)
  let bundledRuntime: string | undefined
  if (unbundled === undefined) {
    const directory = join(cacheDirectory ?? defaultCacheDirectory(root), 'runtime')
    bundledRuntime = bundledRuntimeFile(directory, options.runtimeOptions)
    if (bundledRuntime === undefined) provideBundledRuntime(build, options.runtimeOptions, root)
    else {
      filter.neverInstrument.push(directory + sep)
      // a long watch session may outlive the file (`npm ci` empties node_modules): each build makes sure of it
      build.onStart(() => void bundledRuntimeFile(directory, options.runtimeOptions))
    }
  } else build.onStart(async () => {
    const problem = await unbundled.prepare()
    return problem === undefined ? undefined : { errors: [{ text: `@probeprof/esbuild: ${problem}` }] }
  })

  const shouldInstrument = fileFilter(filter)
  const workingDirectory = initial.absWorkingDir ?? process.cwd()
  /** This build's warnings, given in onEnd: from onLoad, esbuild would add the importer's line, which is our generated code. */
  let warnings: PartialMessage[] = []
  build.onLoad({ filter: onLoadFilter(filter), namespace: 'file' }, async (args): Promise<OnLoadResult | undefined> => {
    const loader = loaderOf(args, userLoaders)
    if (loader === undefined || !shouldInstrument(args.path)) return undefined
    const runtimeModule = unbundled === undefined ? (bundledRuntime ?? RUNTIME_SPECIFIER) : unbundled.specifierFor(args.path)
    if (runtimeModule === undefined) return undefined
    const source = readFileSync(args.path) // sync: see TransformCache.get
    let outcome: CachedOutcome
    try {
      outcome = await service.instrument(args.path, source, { root, runtimeModule, sourceMaps })
    } catch (error) {
      // A bug of ours must not cost the user their build: this file goes uninstrumented, and the warning says why.
      const message = error instanceof Error ? (process.env.PROBEPROF_DEBUG === '1' ? (error.stack ?? error.message) : error.message.split('\n')[0]) : String(error)
      outcome = { kind: 'unparsable', reason: `internal error: ${message} (set PROBEPROF_DEBUG=1 for details, and report it)` }
    }
    if (outcome.kind === 'unparsable') warnings.push(notInstrumentedWarning(outcome, relative(workingDirectory, args.path).split(sep).join('/'), source))
    return toLoadResult(outcome, source, loader)
  })
  build.onStart(() => void (warnings = []))

  build.onEnd(async (result) => {
    await service.flush()
    await service.pruneCache()
    if (unbundled !== undefined && result.errors.length === 0) await unbundled.emit(result)
    const stats = service.takeStats()
    // esbuild's own summary shows at logLevel info and up (the CLI's default): so does this line
    if (process.env.PROBEPROF_DEBUG === '1' || VERBOSE_LOG_LEVELS.has(initial.logLevel ?? 'warning')) {
      const unparsable = stats.unparsable === 0 ? '' : `; ${stats.unparsable} not instrumented (Babel cannot parse ${stats.unparsable === 1 ? 'it' : 'them'})`
      process.stderr.write(
        `probeprof: ${stats.files} files: ${stats.fromMemory} from memory, ${stats.fromDisk} from the cache, ` +
          `${stats.onMainThread} instrumented on the main thread, ${stats.onWorkers} on workers (${service.threads} threads)${unparsable}\n`,
      )
    }
    // esbuild logs onLoad's messages but not onEnd's: print these as it would print them
    if (warnings.length > 0 && WARNING_LOG_LEVELS.has(initial.logLevel ?? 'warning')) {
      const formatted = await build.esbuild.formatMessages(warnings.map((warning) => ({ ...warning, pluginName: NAME })), { kind: 'warning', color: process.stderr.isTTY === true })
      process.stderr.write(formatted.join(''))
    }
    return { warnings }
  })
  build.onDispose(() => void service.close())
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
  return { contents: source, loader } // Babel cannot parse it: bundled as written, uninstrumented (a warning says so)
}

/** One line naming the file at the position Babel stopped, as esbuild shows its own (`file` relative to its working directory). */
function notInstrumentedWarning(outcome: CachedOutcome & { kind: 'unparsable' }, file: string, source: Uint8Array): PartialMessage {
  if (outcome.line === undefined) return { text: `probeprof: not instrumented: ${file}: ${outcome.reason}` }
  const lineText = Buffer.from(source).toString('utf8').split(/\r?\n/)[outcome.line - 1] ?? ''
  return { text: `probeprof: not instrumented: ${outcome.reason}`, location: { file, line: outcome.line, column: outcome.column ?? 0, lineText } }
}
