// Turns a file's source into the module a bundler loads, as cheaply as possible: from memory (a rebuild in the same
// process: esbuild's context, a watch session, a dev server), from the persistent cache, or through the transform —
// on the main thread while the build is small, and also on worker threads once enough source waits for it
// (starting threads costs more than a few small files do). The main thread keeps transforming alongside them: it
// is the one whose JIT is already warm.

import { TransformCache, cacheKey, type CachedOutcome } from './cache.js'
import type { InstrumentTask, instrumentFile } from './instrument-file.js'
import { workerThreadsFor, type WorkerCount } from './thread-budget.js'
import { PoolUnavailableError, WorkerPool } from './worker-pool.js'

/**
 * Source waiting for the transform, in characters, past which worker threads start: a backlog of about 0.2 s on
 * the main thread, about what a thread needs to load Babel. Smaller builds finish before a thread could help
 * (bench: build/pool-threshold, where on a busy machine threads never paid — hence `workers: 'auto'`).
 */
export const K_POOL_START_CHARS = 200_000

/** Each file counts once: under where its instrumented text came from, or as a file left as written. */
export interface TransformStats {
  files: number
  fromMemory: number
  fromDisk: number
  onMainThread: number
  onWorkers: number
  /** Babel cannot parse it (whether found in memory, in the cache, or transformed now) */
  unparsable: number
}

interface Waiting {
  task: InstrumentTask
  resolve(outcome: CachedOutcome): void
  reject(error: Error): void
}

export class TransformService {
  stats: TransformStats = emptyStats()
  /** last outcome per path: a rebuild finds unchanged files here without touching the disk */
  private readonly memory = new Map<string, { key: string; outcome: CachedOutcome }>()
  /** files waiting for the main thread (or for the pool to be ready) */
  private readonly waiting: Waiting[] = []
  private waitingChars = 0
  private draining = false
  private readonly writes = new Set<Promise<void>>()
  private pool: WorkerPool | undefined
  /** the pool is decided once, when a build first has enough source waiting */
  private poolDecided = false
  /** the transform on this thread, imported on first use: a build served from the cache never loads Babel */
  private inline: typeof instrumentFile | undefined

  /** `poolStartChars`: the threshold (K_POOL_START_CHARS; the benchmark that chose it varies it). */
  constructor(
    private readonly fingerprint: string,
    private readonly cache: TransformCache | undefined,
    private readonly workers: WorkerCount,
    private readonly poolStartChars = K_POOL_START_CHARS,
  ) {}

  /** Worker threads started (0 until a build was large enough, or when no core was idle). */
  get threads(): number {
    return this.pool?.size ?? 0
  }

  /** `source`: the file's bytes as read (hashed as they are; decoded only when the transform must run). */
  async instrument(filename: string, source: Uint8Array, options: InstrumentTask['options']): Promise<CachedOutcome> {
    this.stats.files++
    const key = cacheKey(this.fingerprint, JSON.stringify(options), filename, source)
    const remembered = this.memory.get(filename)
    if (remembered?.key === key) return this.counted(remembered.outcome, 'fromMemory')
    let outcome = this.cache?.get(key)
    if (outcome !== undefined) {
      this.counted(outcome, 'fromDisk')
    } else {
      const code = Buffer.from(source.buffer, source.byteOffset, source.byteLength).toString('utf8')
      outcome = await this.transform({ code, filename, options })
      if (outcome.kind === 'unparsable') this.stats.unparsable++
      if (this.cache !== undefined) this.track(this.cache.set(key, outcome))
    }
    this.memory.set(filename, { key, outcome })
    return outcome
  }

  /** Resolves when every cache entry written so far is on disk (the end of a build waits for it). */
  async flush(): Promise<void> {
    await Promise.all([...this.writes])
  }

  /** Removes the persistent cache's long-unused entries, at most once a day (TransformCache.prune). */
  async pruneCache(): Promise<void> {
    await this.cache?.prune()
  }

  private counted(outcome: CachedOutcome, source: 'fromMemory' | 'fromDisk'): CachedOutcome {
    if (outcome.kind === 'unparsable') this.stats.unparsable++
    else this.stats[source]++
    return outcome
  }

  takeStats(): TransformStats {
    const stats = this.stats
    this.stats = emptyStats()
    return stats
  }

  async close(): Promise<void> {
    await this.flush()
    await this.pool?.close()
  }

  private async transform(task: InstrumentTask): Promise<CachedOutcome> {
    this.inline ??= (await import('./instrument-file.js')).instrumentFile
    return new Promise((resolve, reject) => {
      this.waiting.push({ task, resolve, reject })
      this.waitingChars += task.code.length
      this.scheduleDrain()
    })
  }

  /** A pool whose threads cannot start is dropped: its files, and every later one, go to the main thread. */
  private async onPool(pool: WorkerPool, task: InstrumentTask): Promise<CachedOutcome> {
    this.stats.onWorkers++
    try {
      const outcome = await pool.run(task)
      if (outcome.kind === 'unparsable') this.stats.onWorkers-- // counted as unparsable instead
      return outcome
    } catch (error) {
      if (!(error instanceof PoolUnavailableError)) throw error
      this.stats.onWorkers--
      if (this.pool === pool) {
        this.pool = undefined
        void pool.close()
      }
      return this.transform(task)
    }
  }

  private scheduleDrain(): void {
    if (this.draining) return
    this.draining = true
    setImmediate(() => this.drain())
  }

  /**
   * One waiting file per turn of the event loop, so that the bundler's next requests (and the threads' answers)
   * arrive in between: starts the threads when the waiting source shows the build is large, gives each idle
   * thread a file, and transforms one here.
   */
  private drain(): void {
    if (!this.poolDecided && this.waitingChars >= this.poolStartChars) {
      this.poolDecided = true
      const size = workerThreadsFor(this.workers)
      if (size > 0) {
        this.pool = new WorkerPool(size, () => this.scheduleDrain())
        this.pool.start()
      }
    }
    const pool = this.pool
    for (let idle = pool?.idle ?? 0; idle > 0 && this.waiting.length > 0; idle--) {
      const item = this.waiting.shift()!
      this.waitingChars -= item.task.code.length
      this.onPool(pool!, item.task).then(item.resolve, item.reject)
    }
    const next = this.waiting.shift()
    if (next === undefined) {
      this.draining = false
      return
    }
    this.waitingChars -= next.task.code.length
    try {
      const outcome = this.inline!(next.task)
      if (outcome.kind !== 'unparsable') this.stats.onMainThread++
      next.resolve(outcome)
    } catch (error) {
      next.reject(error as Error)
    }
    setImmediate(() => this.drain())
  }

  private track(write: Promise<void>): void {
    this.writes.add(write)
    void write.finally(() => this.writes.delete(write))
  }
}

function emptyStats(): TransformStats {
  return { files: 0, fromMemory: 0, fromDisk: 0, onMainThread: 0, onWorkers: 0, unparsable: 0 }
}
