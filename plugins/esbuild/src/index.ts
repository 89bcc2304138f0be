// @probeprof/esbuild: `plugins: [probeprof()]`. With PROBEPROF=1 (or `enabled: true`) every function of the
// project's sources (and, with `nodeModules`, of its dependencies) gets probes, and the runtime is supplied by the
// plugin; otherwise the plugin registers no hooks at all and the build is byte-identical to one without it.
// Everything but esbuild's hooks is @probeprof/plugin-core's, shared with the other bundlers' integrations.

import { readFileSync } from 'node:fs'
import { extname, relative, sep } from 'node:path'
import type { Loader, OnLoadArgs, OnLoadResult, PartialMessage, Plugin, PluginBuild } from 'esbuild'
import { Instrumenter, OptionsError, resolveOptions, type CachedOutcome, type ProbeprofOptions, type ResolvedOptions } from '@probeprof/plugin-core'
import { blankProbeMarkers } from '@probeprof/runtime/install'
import { RUNTIME_SPECIFIER, UnbundledRuntime, provideBundledRuntime } from './runtime-module.js'

/** The esbuild plugin's options: those of every probeprof integration. */
export type ProbeprofEsbuildOptions = ProbeprofOptions
export type { ClockChoice, BakedRuntimeOptions, WorkerCount } from '@probeprof/plugin-core'
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
const WARNING_LOG_LEVELS = new Set(['warning', ...VERBOSE_LOG_LEVELS])

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

  const workingDirectory = initial.absWorkingDir ?? process.cwd()
  /** This build's warnings, given in onEnd: from onLoad, esbuild would add the importer's line, which is our generated code. */
  let warnings: PartialMessage[] = []
  build.onLoad({ filter: instrumenter.idFilter, namespace: 'file' }, async (args): Promise<OnLoadResult | undefined> => {
    const loader = loaderOf(args, userLoaders)
    if (loader === undefined || !instrumenter.shouldInstrument(args.path)) return undefined
    const runtimeModule = unbundled === undefined ? (bundledRuntime ?? RUNTIME_SPECIFIER) : unbundled.specifierFor(args.path)
    if (runtimeModule === undefined) return undefined
    const source = readFileSync(args.path) // sync: see TransformCache.get
    const outcome = await instrumenter.instrument(args.path, source, runtimeModule, sourceMaps)
    if (outcome.kind === 'unparsable') warnings.push(notInstrumentedWarning(outcome, relative(workingDirectory, args.path).split(sep).join('/'), source))
    return toLoadResult(outcome, source, loader)
  })
  build.onStart(() => void (warnings = []))

  build.onEnd(async (result) => {
    const stats = await instrumenter.finishBuild()
    if (unbundled !== undefined && result.errors.length === 0) await unbundled.emit(result)
    // esbuild's own summary shows at logLevel info and up (the CLI's default): so does this line
    if (process.env.PROBEPROF_DEBUG === '1' || VERBOSE_LOG_LEVELS.has(initial.logLevel ?? 'warning')) {
      process.stderr.write(instrumenter.summary(stats) + '\n')
    }
    // esbuild logs onLoad's messages but not onEnd's: print these as it would print them
    if (warnings.length > 0 && WARNING_LOG_LEVELS.has(initial.logLevel ?? 'warning')) {
      const formatted = await build.esbuild.formatMessages(warnings.map((warning) => ({ ...warning, pluginName: NAME })), { kind: 'warning', color: process.stderr.isTTY === true })
      process.stderr.write(formatted.join(''))
    }
    return { warnings }
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
  // esbuild reprints the code: the toString markers would not survive intact (source-text.ts)
  if (outcome.kind === 'code') return { contents: blankProbeMarkers(Buffer.from(outcome.contents).toString('utf8')), loader }
  if (outcome.kind === 'skip') return undefined
  return { contents: source, loader } // Babel cannot parse it: bundled as written, uninstrumented (a warning says so)
}

/** One line naming the file at the position Babel stopped, as esbuild shows its own (`file` relative to its working directory). */
function notInstrumentedWarning(outcome: CachedOutcome & { kind: 'unparsable' }, file: string, source: Uint8Array): PartialMessage {
  if (outcome.line === undefined) return { text: `probeprof: not instrumented: ${file}: ${outcome.reason}` }
  const lineText = Buffer.from(source).toString('utf8').split(/\r?\n/)[outcome.line - 1] ?? ''
  return { text: `probeprof: not instrumented: ${outcome.reason}`, location: { file, line: outcome.line, column: outcome.column ?? 0, lineText } }
}
