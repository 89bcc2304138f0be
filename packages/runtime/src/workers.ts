// worker_threads: every worker's report reaches a file, even when the worker is stopped from outside.
//
// A worker's own 'exit' event fires only when the worker ends by itself; when the main thread calls
// process.exit() or a worker is terminate()d, its JS just stops. So the first profiled thread shares a small
// registry (a SharedArrayBuffer handed to every worker through worker_threads' environment data, which nested
// workers inherit): each profiled worker claims a slot, and listens on it with Atomics.waitAsync (which does not
// keep the worker alive). Before the process exits, and before any worker is terminate()d, the slot is set to
// FLUSH and the caller waits (bounded) until the worker has written its report. A worker busy in a synchronous
// loop cannot answer in time; its report is then lost, and the caller says so on stderr.

const K_REGISTRY_KEY = 'probeprof:workers'
const K_MAX_WORKERS = 4096
/** Total wait for workers to write their reports when the process exits. */
const K_EXIT_FLUSH_TIMEOUT_MS = 2_000
/**
 * Wait for one worker being terminate()d: terminate() itself returns at once, so a worker that cannot answer (busy
 * in a synchronous loop, often the very reason it is being terminated) must not freeze the caller for long.
 */
const K_TERMINATE_FLUSH_TIMEOUT_MS = 500

const K_PATCHED = Symbol.for('probeprof.terminatePatched')

const FREE = 0
const ALIVE = 1
const FLUSH = 2
const WRITTEN = 3

/** ES2024's Atomics.waitAsync (Node ≥ 16), not in this project's TypeScript lib. */
interface AtomicsWaitAsync {
  waitAsync(array: Int32Array, index: number, value: number): { value: Promise<unknown> | string }
}

/** Slot layout: [0] slots claimed; slot i (1-based) uses [2i] state and [2i+1] threadId. */
type Registry = Int32Array

export interface WorkerThreadsModule {
  threadId: number
  isMainThread: boolean
  Worker: { prototype: { terminate(this: { threadId: number }): Promise<number> } }
  getEnvironmentData(key: string): unknown
  setEnvironmentData(key: string, value: unknown): void
}

export interface WorkerFlush {
  /** In a worker: run `write` once, when the worker ends by itself or when asked to flush. */
  onFlush(write: () => void): void
  /** Ask every live worker to write its report and wait for them (bounded); returns how many did not answer. */
  flushAll(): number
}

export function setUpWorkerFlush(threads: WorkerThreadsModule): WorkerFlush {
  let registry = threads.getEnvironmentData(K_REGISTRY_KEY) as Registry | undefined
  if (registry === undefined) {
    registry = new Int32Array(new SharedArrayBuffer((2 + 2 * K_MAX_WORKERS) * Int32Array.BYTES_PER_ELEMENT))
    threads.setEnvironmentData(K_REGISTRY_KEY, registry)
  }
  const shared = registry
  patchTerminate(threads, shared)

  return {
    onFlush(write) {
      if (threads.isMainThread) return
      const slot = Atomics.add(shared, 0, 1) + 1
      if (slot > K_MAX_WORKERS) return // too many workers: this one writes at its own exit only
      const state = 2 * slot
      shared[state + 1] = threads.threadId
      Atomics.store(shared, state, ALIVE)
      const listen = (): void => {
        void Promise.resolve((Atomics as unknown as AtomicsWaitAsync).waitAsync(shared, state, ALIVE).value).then(() => {
          if (Atomics.load(shared, state) === FLUSH) write()
          else if (Atomics.load(shared, state) === ALIVE) listen()
        })
      }
      listen()
    },
    flushAll() {
      const claimed = Math.min(Atomics.load(shared, 0), K_MAX_WORKERS)
      const asked: number[] = []
      for (let slot = 1; slot <= claimed; slot++) {
        if (Atomics.compareExchange(shared, 2 * slot, ALIVE, FLUSH) === ALIVE) {
          Atomics.notify(shared, 2 * slot)
          asked.push(2 * slot)
        }
      }
      return waitForWrites(shared, asked, K_EXIT_FLUSH_TIMEOUT_MS)
    },
  }
}

/** Marks this worker's report written (called by the worker after writing, at exit or on request). */
export function markWritten(threads: WorkerThreadsModule): void {
  const registry = threads.getEnvironmentData(K_REGISTRY_KEY) as Registry | undefined
  if (registry === undefined || threads.isMainThread) return
  const claimed = Math.min(Atomics.load(registry, 0), K_MAX_WORKERS)
  for (let slot = 1; slot <= claimed; slot++) {
    if (registry[2 * slot + 1] === threads.threadId) {
      Atomics.store(registry, 2 * slot, WRITTEN)
      Atomics.notify(registry, 2 * slot)
    }
  }
}

function waitForWrites(registry: Registry, states: number[], timeoutMs: number): number {
  const deadline = performance.now() + timeoutMs
  let unanswered = 0
  for (const state of states) {
    while (Atomics.load(registry, state) === FLUSH) {
      const left = deadline - performance.now()
      if (left <= 0 || Atomics.wait(registry, state, FLUSH, left) === 'timed-out') break
    }
    if (Atomics.load(registry, state) === FLUSH) {
      Atomics.store(registry, state, FREE)
      unanswered++
    }
  }
  return unanswered
}

/**
 * `worker.terminate()` stops a worker's JS at once: first ask it to write its report. Patched once per thread, on
 * the prototype every Worker shares; the original runs right after, unchanged.
 */
function patchTerminate(threads: WorkerThreadsModule, registry: Registry): void {
  const proto = threads.Worker.prototype as { terminate(this: { threadId: number }): Promise<number>; [K_PATCHED]?: true }
  if (proto[K_PATCHED]) return
  const original = proto.terminate
  proto[K_PATCHED] = true
  proto.terminate = function terminate(this: { threadId: number }) {
    const claimed = Math.min(Atomics.load(registry, 0), K_MAX_WORKERS)
    for (let slot = 1; slot <= claimed; slot++) {
      if (registry[2 * slot + 1] === this.threadId && Atomics.compareExchange(registry, 2 * slot, ALIVE, FLUSH) === ALIVE) {
        Atomics.notify(registry, 2 * slot)
        waitForWrites(registry, [2 * slot], K_TERMINATE_FLUSH_TIMEOUT_MS)
      }
    }
    return original.call(this)
  }
}
