// A small pool of worker threads that instrument files in parallel. start() spawns the threads; each says when it
// has loaded Babel, and only then takes tasks, one at a time (the caller learns through `onIdle` that a thread
// can take one, and keeps the rest for its own thread). Threads are unref'd while idle so that a finished build
// never keeps the process alive; close() (esbuild's onDispose, a bundler's close) ends them.

import { Worker } from 'node:worker_threads'
import type { CachedOutcome } from './cache.js'
import type { InstrumentTask } from './instrument-file.js'
import type { WorkerRequest, WorkerResponse } from './transform-worker.js'

const WORKER_URL = new URL('./transform-worker.js', import.meta.url)

interface Pending {
  request: WorkerRequest
  resolve(outcome: CachedOutcome): void
  reject(error: Error): void
}

interface Slot {
  worker: Worker
  /** its modules are loaded: a thread that dies before that could not start at all */
  ready: boolean
  busy: Pending | undefined
}

/** The threads cannot start here (a sandbox, a broken install): the caller transforms on its own thread. */
export class PoolUnavailableError extends Error {
  override name = 'PoolUnavailableError'
}

export class WorkerPool {
  private readonly slots: Slot[] = []
  private readonly queue: Pending[] = []
  private nextId = 0
  private closed = false
  private unavailable: PoolUnavailableError | undefined

  /** `onIdle`: called whenever a thread becomes able to take a task (ready, or done with one). */
  constructor(
    readonly size: number,
    private readonly onIdle: () => void = () => {},
  ) {}

  get started(): boolean {
    return this.slots.length > 0
  }

  /** Threads ready and without a task, less the tasks already queued for them. */
  get idle(): number {
    return this.slots.filter((slot) => slot.ready && slot.busy === undefined).length - this.queue.length
  }

  start(): void {
    while (!this.closed && this.slots.length < this.size) this.slots.push(this.spawn())
  }

  run(task: InstrumentTask): Promise<CachedOutcome> {
    if (this.closed) return Promise.reject(new Error('the probeprof worker pool is closed'))
    if (this.unavailable !== undefined) return Promise.reject(this.unavailable)
    this.start()
    return new Promise((resolve, reject) => {
      this.queue.push({ request: { id: this.nextId++, task }, resolve, reject })
      this.dispatch()
    })
  }

  async close(): Promise<void> {
    this.closed = true
    const slots = this.slots.splice(0)
    for (const pending of this.queue.splice(0)) pending.reject(new Error('the probeprof worker pool was closed'))
    await Promise.all(slots.map((slot) => slot.worker.terminate()))
  }

  private spawn(): Slot {
    // execArgv: []: the build's own flags (`--input-type`, `--import tsx`, loaders) are not for this plain-JS thread
    const worker = new Worker(WORKER_URL, { execArgv: [] })
    const slot: Slot = { worker, ready: false, busy: undefined }
    worker.on('message', (response: WorkerResponse) => {
      if ('ready' in response) {
        slot.ready = true
      } else {
        const pending = slot.busy
        slot.busy = undefined
        if (pending !== undefined && pending.request.id === response.id) {
          if ('error' in response) pending.reject(new Error(response.error))
          else pending.resolve(response.outcome)
        }
      }
      this.dispatch()
      if (slot.busy === undefined) this.onIdle()
    })
    worker.on('error', (error) => this.retire(slot, error))
    worker.on('exit', (code) => this.retire(slot, new Error(`a probeprof transform worker exited with code ${code}`)))
    worker.unref()
    return slot
  }

  /** A thread that died: its task fails; one that never got ready means threads cannot run here at all. */
  private retire(slot: Slot, error: Error): void {
    const index = this.slots.indexOf(slot)
    if (index === -1 || this.closed) return
    this.slots.splice(index, 1)
    if (!slot.ready) {
      this.unavailable ??= new PoolUnavailableError(`probeprof: worker threads cannot start (${error.message})`)
      if (this.slots.length === 0) for (const pending of this.queue.splice(0)) pending.reject(this.unavailable)
      return
    }
    slot.busy?.reject(error)
    slot.busy = undefined
    if (this.queue.length > 0) {
      this.slots.push(this.spawn())
      this.dispatch()
    }
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.busy !== undefined) continue
      const next = this.queue.shift()
      if (next === undefined) {
        slot.worker.unref() // idle: never what keeps the process alive
        continue
      }
      slot.busy = next
      slot.worker.ref() // a task in flight keeps the process alive until its answer arrives
      slot.worker.postMessage(next.request)
    }
  }
}
