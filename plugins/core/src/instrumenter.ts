// What every bundler integration holds for one build (or one watch session, or one dev server): which files get
// probes, the transform service with its cache and threads, and the runtime file the instrumented files import.
// An integration only translates its bundler's hooks into these calls.

import { join, relative, resolve, sep } from 'node:path'
import { loaderSourceType } from '@probeprof/babel-plugin/source-type'
import { TransformCache, defaultCacheDirectory, transformFingerprint, type CachedOutcome } from './cache.js'
import { fileFilter, onLoadFilter, type FileFilter, type FilterOptions } from './file-filter.js'
import type { ResolvedOptions } from './options.js'
import { bundledRuntimeFile, runtimeDirectory } from './runtime-file.js'
import { TransformService, type TransformStats } from './transform-service.js'

export class Instrumenter {
  /** absolute: globs and the paths in reports are relative to it */
  readonly root: string
  /** undefined: no persistent cache (`cache: false`) */
  readonly cacheDirectory: string | undefined
  /** The exact decision for an absolute path (a bundler's id without its `?query`). */
  readonly shouldInstrument: FileFilter
  /** A superset of the files `shouldInstrument` accepts, in RE2 syntax: for the bundler's own hook filter. */
  readonly idFilter: RegExp
  private readonly filter: FilterOptions & { neverInstrument: string[] }
  private readonly service: TransformService

  /** `bundlerRoot`: the directory the bundler builds from (esbuild's absWorkingDir, Vite's root, webpack's context). */
  constructor(
    readonly options: ResolvedOptions,
    bundlerRoot: string,
  ) {
    this.root = resolve(bundlerRoot, options.root ?? '.')
    this.filter = { root: this.root, include: options.include, exclude: options.exclude, nodeModules: options.nodeModules, neverInstrument: [runtimeDirectory] }
    this.cacheDirectory = options.cache === true ? defaultCacheDirectory(this.root) : options.cache === false ? undefined : resolve(this.root, options.cache)
    this.service = new TransformService(
      transformFingerprint(),
      this.cacheDirectory === undefined ? undefined : new TransformCache(this.cacheDirectory),
      options.workers,
    )
    this.shouldInstrument = fileFilter(this.filter)
    this.idFilter = onLoadFilter(this.filter)
  }

  /** Worker threads started so far. */
  get threads(): number {
    return this.service.threads
  }

  /**
   * The runtime file the instrumented files of a bundled build import (written if missing; `extra`: code run after
   * the install, which may use `runtime`), or undefined where none can be written. Its directory is never
   * instrumented. Call it again at each build: a long session may outlive the file (`npm ci` empties node_modules).
   */
  runtimeFile(extra = ''): string | undefined {
    const directory = join(this.cacheDirectory ?? defaultCacheDirectory(this.root), 'runtime')
    const file = bundledRuntimeFile(directory, this.options.runtimeOptions, extra)
    if (file !== undefined && !this.filter.neverInstrument.includes(directory + sep)) this.filter.neverInstrument.push(directory + sep)
    return file
  }

  /**
   * One file: `source` as read (hashed as it is), `runtimeModule` the specifier its probes import. Never throws: an
   * internal error of ours is an `unparsable` outcome whose reason says so, since it must not cost the user their
   * build (the file goes uninstrumented, with one warning).
   */
  async instrument(path: string, source: Uint8Array, runtimeModule: string, sourceMaps: boolean): Promise<CachedOutcome> {
    try {
      // `args` only when on: with it off the options (and so the cache keys) are those of a build without it
      const args = this.options.args ? { args: true } : {}
      // decided here, so that the cache key changes with the package.json `type` that decides it
      const sourceType = loaderSourceType(path) === 'module' ? { sourceType: 'module' as const } : {}
      return await this.service.instrument(path, source, { root: this.root, runtimeModule, sourceMaps, ...args, ...sourceType })
    } catch (error) {
      const message = error instanceof Error ? (process.env.PROBEPROF_DEBUG === '1' ? (error.stack ?? error.message) : error.message.split('\n')[0]) : String(error)
      return { kind: 'unparsable', reason: `internal error: ${message} (set PROBEPROF_DEBUG=1 for details, and report it)` }
    }
  }

  /** At the end of a build: the cache entries on disk, the long-unused ones pruned (once a day), the build's counts. */
  async finishBuild(): Promise<TransformStats> {
    await this.service.flush()
    await this.service.pruneCache()
    return this.service.takeStats()
  }

  /** The one line printed after a build (at the bundler's verbose log levels, or with PROBEPROF_DEBUG=1). */
  summary(stats: TransformStats): string {
    return (
      `probeprof: ${stats.files} files: ${stats.fromMemory} from memory, ${stats.fromDisk} from the cache, ` +
      `${stats.onMainThread} instrumented on the main thread, ${stats.onWorkers} on workers (${this.service.threads} threads)` +
      (stats.unparsable === 0 ? '' : `; ${stats.unparsable} not instrumented (Babel cannot parse ${stats.unparsable === 1 ? 'it' : 'them'})`)
    )
  }

  /** The warning for a file left uninstrumented, in one line: `file:line:column: reason` (column 0-based, as esbuild's). */
  notInstrumented(path: string, outcome: CachedOutcome & { kind: 'unparsable' }): string {
    const at = outcome.line === undefined ? '' : `:${outcome.line}:${outcome.column ?? 0}`
    return `probeprof: not instrumented: ${this.relativePath(path)}${at}: ${outcome.reason}`
  }

  async close(): Promise<void> {
    await this.service.close()
  }

  /** `path` relative to the root, with forward slashes, as reports and warnings name files. */
  relativePath(path: string): string {
    return relative(this.root, path).split(sep).join('/')
  }
}
