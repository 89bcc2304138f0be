// What the profiler needs from the JS host it runs in (Node, a browser, a worker). Chosen once at install.

import { writeFileAtomic } from './atomic-write.js'
import { realClock } from './clock.js'
import { measureClockStepMs, postReport, type DeliveryRoute } from './collect.js'
import type { HostInfo } from './format-spec.js'
import { taggedPath, writerTag } from './report-path.js'
import { markWritten, setUpWorkerFlush, type WorkerThreadsModule } from './workers.js'

export interface Host {
  info(): HostInfo
  /** Environment variables, where the host has them (Node); empty elsewhere. */
  env(): Record<string, string | undefined>
  /**
   * Writes `text` to `path` atomically. Never replaces a file that another process or thread of this run wrote
   * since the run started: then the report goes to a name of this writer's own (`report.<pid>.json`, …).
   */
  writeFile(path: string, text: string): WrittenFile
  /** One line to the user (stderr in Node, the console elsewhere). */
  notify(message: string): void
  /** Calls `handler` once when the process is about to end, by any route the host can observe (`signals`: also SIGINT/SIGTERM/SIGHUP). */
  onExit(handler: () => void, signals: boolean): void
  /**
   * Calls `tick` every `ms` milliseconds on a timer that never keeps the process alive; false where the host
   * cannot write files (a browser), so periodic snapshots would have nowhere to go.
   */
  repeat(ms: number, tick: () => void): boolean
  /** True when this process or thread is not the first one of the profiled program (child process, worker). */
  isDescendant(): boolean
  /** Cores this process may run on (CPU affinity included, e.g. under `taskset`). */
  cores(): number
  /**
   * Runs `source` (a script that reads `threadData`) on a background thread sharing memory with this one, which
   * never keeps the process alive; `null` where the host has no such threads. `started` is the Int32Array slot the
   * thread sets to 1 (with Atomics.notify) once running: in Node this call blocks until then, at most
   * K_THREAD_START_TIMEOUT_MS, so no probe reads shared memory the thread has not written yet. A page's main thread
   * may not block: there the thread starts a few milliseconds later, and the shared memory keeps its first values
   * meanwhile (cross-origin-isolated pages only; elsewhere pages have no SharedArrayBuffer).
   */
  startThread(source: string, threadData: Record<string, unknown>, started: Int32Array): BackgroundThread | null
  /**
   * Pages: calls `hidden` each time the page is hidden (`visibilitychange` to hidden: a tab switch, a minimised
   * window, and the start of a navigation or of closing the tab) and when it is left (`pagehide`); false where
   * there is no page (Node, a worker), and then nothing is called.
   */
  onPageHidden(hidden: () => void): boolean
  /** Pages: POSTs `text` to `url` so that it outlives the page where it can (collect.ts); how it was sent. */
  post(url: string, text: string): DeliveryRoute
  /** A Node built-in module loaded on demand (`inspector` for memory profiling); undefined where there is none. */
  builtin(id: string): unknown
  /** The text of a script file (a `file://` URL or a path), or null where it cannot be read (memory.ts's join). */
  readScript(url: string): string | null
}

export interface WrittenFile {
  /** Where the report went, relative to the working directory if inside it. */
  path: string
  /** The path asked for, when another process or thread of this run had written its report there. */
  taken?: string
}

export interface BackgroundThread {
  stop(): void
}

const K_THREAD_START_TIMEOUT_MS = 5_000

interface NodeProcess {
  pid: number
  version: string
  argv: string[]
  env: Record<string, string | undefined>
  cwd(): string
  getBuiltinModule(id: string): unknown
  on(event: string, listener: (...args: unknown[]) => void): unknown
  removeListener(event: string, listener: (...args: unknown[]) => void): unknown
  listenerCount(event: string): number
  kill(pid: number, signal: string): void
  stderr: { write(text: string): boolean }
}

interface NodeUrl {
  fileURLToPath(url: string): string
}

interface NodeFs {
  readFileSync(path: string, encoding: 'utf8'): string
  renameSync(from: string, to: string): void
  linkSync(existing: string, newPath: string): void
  existsSync(path: string): boolean
  statSync(path: string): { mtimeMs: number }
  mkdirSync(path: string, options: { recursive: boolean }): void
}

interface BrowserWorker {
  postMessage(data: unknown): void
  terminate(): void
}

interface NodeWorker {
  on(event: 'error', listener: (error: unknown) => void): unknown
  unref(): void
  terminate(): Promise<number>
}

interface NodeThreads extends WorkerThreadsModule {
  Worker: WorkerThreadsModule['Worker'] &
    (new (source: string, options: { eval: true; workerData: unknown; stdout: boolean; stderr: boolean }) => NodeWorker)
}

interface NodePath {
  resolve(...parts: string[]): string
  dirname(path: string): string
  relative(from: string, to: string): string
  isAbsolute(path: string): boolean
}

/** Signals whose default action ends the process; the report is written first, then the signal re-raised. */
const K_EXIT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP']
/** Set in the environment by the first profiled process; children inherit it and know they are children. */
const K_ROOT_PID_VARIABLE = 'PROBEPROF_ROOT_PID'
/** Set with it: when the run's first process started (ms since the epoch). A report older than that is a previous run's. */
const K_RUN_STARTED_VARIABLE = 'PROBEPROF_RUN_STARTED_MS'
/** Names a writer tries, the asked-for one first, before saying every one is taken. */
const K_MAX_NAME_ATTEMPTS = 100

export function detectHost(): Host {
  const proc = (globalThis as { process?: Partial<NodeProcess> }).process
  if (proc !== undefined && typeof proc.getBuiltinModule === 'function' && typeof proc.pid === 'number') {
    return nodeHost(proc as NodeProcess)
  }
  return browserHost()
}

/**
 * Node ≥ 20.16: built-ins come from `process.getBuiltinModule`, so the runtime has no `import` of `node:*` and
 * bundles for any platform and format.
 */
function nodeHost(proc: NodeProcess): Host {
  const fs = proc.getBuiltinModule('fs') as NodeFs
  const path = proc.getBuiltinModule('path') as NodePath
  const threads = proc.getBuiltinModule('worker_threads') as NodeThreads
  if (proc.env[K_ROOT_PID_VARIABLE] === undefined) {
    proc.env[K_ROOT_PID_VARIABLE] = String(proc.pid)
    proc.env[K_RUN_STARTED_VARIABLE] = String(Math.floor(performance.timeOrigin))
  }
  const isChild = proc.env[K_ROOT_PID_VARIABLE] !== String(proc.pid)
  // a parent whose runtime predates the variable: this process's own start is the closest known
  const runStartedMs = Number(proc.env[K_RUN_STARTED_VARIABLE]) || Math.floor(performance.timeOrigin)
  const tag = writerTag({ pid: proc.pid, threadId: threads.threadId })
  /** Reports this thread wrote: writing one again replaces it. */
  const ownReports = new Set<string>()

  /** True when `file` was written before this run started (or is gone): a previous run's report, replaced like a rerun's. */
  const isFromEarlierRun = (file: string): boolean => {
    try {
      return fs.statSync(file).mtimeMs < runStartedMs
    } catch {
      return true
    }
  }
  /** Gives the complete `temp` file the name `file` if no file has it; never replaces one (a hard link is exclusive). */
  const placeIfFree = (temp: string, file: string): boolean => {
    try {
      fs.linkSync(temp, file)
      return true
    } catch (error) {
      if ((error as { code?: string }).code === 'EEXIST') return false
      // a file system without hard links: the same check, not atomic
      if (fs.existsSync(file)) return false
      fs.renameSync(temp, file)
      return true
    }
  }
  /** The name the report gets: `requested`, else `<requested>.<tag>.json`, `<requested>.<tag>-2.json`, … */
  const claimName = (temp: string, requested: string): string => {
    for (let attempt = 0; attempt < K_MAX_NAME_ATTEMPTS; attempt++) {
      const file = attempt === 0 ? requested : taggedPath(requested, attempt === 1 ? tag : `${tag}-${attempt}`)
      if (ownReports.has(file)) {
        fs.renameSync(temp, file)
        return file
      }
      if (placeIfFree(temp, file)) return file
      if (isFromEarlierRun(file)) {
        fs.renameSync(temp, file)
        return file
      }
    }
    throw new Error(`${requested} and the ${K_MAX_NAME_ATTEMPTS - 1} names after it hold other reports of this run`)
  }
  const displayPath = (file: string): string => {
    const relative = path.relative(proc.cwd(), file)
    return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative
  }

  return {
    info: () => ({
      runtime: 'node',
      version: proc.version,
      pid: proc.pid,
      argv: proc.argv.slice(),
      cwd: proc.cwd(),
      threadId: threads.threadId,
    }),
    env: () => proc.env,
    writeFile(file, text) {
      const requested = path.resolve(file)
      fs.mkdirSync(path.dirname(requested), { recursive: true })
      // a temp file, then its name: a crash mid-write leaves the previous report or none, never a truncated one
      const written = writeFileAtomic(requested, text, (temp) => claimName(temp, requested))
      ownReports.add(written)
      return written === requested ? { path: displayPath(written) } : { path: displayPath(written), taken: displayPath(requested) }
    },
    notify: (message) => void proc.stderr.write(`${message}\n`),
    onExit(handler, signals) {
      const workers = setUpWorkerFlush(threads)
      let done = false
      const once = () => {
        if (done) return
        done = true
        handler()
        if (!threads.isMainThread) return markWritten(threads)
        const lost = workers.flushAll()
        if (lost > 0) proc.stderr.write(`probeprof: ${lost} worker(s) did not write their report in time (busy in a synchronous loop?)\n`)
      }
      proc.on('exit', once)
      workers.onFlush(once) // a worker stopped from outside (process.exit, terminate()) writes when asked
      if (!signals || !threads.isMainThread) return // signals are delivered to the main thread only
      for (const signal of K_EXIT_SIGNALS) {
        const onSignal = () => {
          // The app handles this signal itself: it decides whether to exit, and 'exit' writes the report.
          if (proc.listenerCount(signal) > 1) return
          once()
          proc.removeListener(signal, onSignal)
          proc.kill(proc.pid, signal) // die the way the process would have without us
        }
        proc.on(signal, onSignal)
      }
      // A signal that arrived while JavaScript was busy waits for the loop's next turn, and a listener's handle
      // does not keep the loop alive: a program ending right after would exit 0, where without our listener
      // the signal would have killed it. One extra turn lets a pending signal reach onSignal. Only when no one
      // else listens to 'beforeExit', which would otherwise be emitted twice.
      let extraTurn = false
      proc.on('beforeExit', () => {
        if (extraTurn || proc.listenerCount('beforeExit') > 1) return
        extraTurn = true
        setTimeout(() => {}, 0)
      })
    },
    repeat(ms, tick) {
      const timer = setInterval(tick, ms) as unknown as { unref(): void } // Node's Timeout; the runtime's types are the DOM's
      timer.unref()
      return true
    },
    isDescendant: () => isChild || !threads.isMainThread,
    cores: () => (proc.getBuiltinModule('os') as { availableParallelism(): number }).availableParallelism(),
    startThread(source, threadData, started) {
      const worker = new threads.Worker(`const threadData = require('worker_threads').workerData;\n${source}`, {
        eval: true,
        workerData: threadData,
        stdout: false,
        stderr: false,
      })
      worker.on('error', () => {}) // a failed helper thread must not crash the app; its data just stops moving
      worker.unref()
      if (Atomics.wait(started, 0, 0, K_THREAD_START_TIMEOUT_MS) === 'timed-out') {
        void worker.terminate()
        return null
      }
      return { stop: () => void worker.terminate() }
    },
    onPageHidden: () => false,
    post() {
      throw new Error('no page') // never called: onPageHidden registered nothing
    },
    builtin: (id) => proc.getBuiltinModule(id),
    readScript(url) {
      try {
        const file = url.startsWith('file:') ? (proc.getBuiltinModule('url') as NodeUrl).fileURLToPath(url) : url
        return path.isAbsolute(file) ? fs.readFileSync(file, 'utf8') : null
      } catch {
        return null // gone, or not a file (node:internal, eval): its text comes from V8
      }
    },
  }
}

interface PageEvents {
  addEventListener?(type: string, listener: () => void): void
}

function browserHost(): Host {
  const scope = globalThis as {
    navigator?: { userAgent?: string }
    location?: { href?: string }
    crossOriginIsolated?: boolean
    document?: PageEvents & { visibilityState?: string }
  } & PageEvents
  /** Measured once, at the first report: a few steps of the clock (at 100 µs, under a millisecond of spinning). */
  let clockStepMs: number | undefined | null = null
  return {
    info: () => {
      // the clock the runtime reads (a realm without performance, such as a bare vm context, has Date.now's)
      if (clockStepMs === null) clockStepMs = measureClockStepMs(realClock())
      return {
        runtime: 'browser',
        version: scope.navigator?.userAgent ?? 'unknown',
        url: scope.location?.href,
        crossOriginIsolated: scope.crossOriginIsolated,
        timerResolution: clockStepMs === undefined ? undefined : clockStepMs / 1000,
      }
    },
    env: () => ({}),
    writeFile() {
      throw new Error('this host has no file system; use profiler.download() or profiler.snapshot()')
    },
    notify: (message) => console.info(message),
    onExit() {},
    repeat: () => false,
    isDescendant: () => false,
    cores: () => (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1,
    startThread(source, threadData) {
      const page = globalThis as { crossOriginIsolated?: boolean; Worker?: new (url: string) => BrowserWorker }
      if (page.crossOriginIsolated !== true || page.Worker === undefined) return null
      try {
        const url = URL.createObjectURL(new Blob([`onmessage = (event) => { const threadData = event.data;\n${source}\n}`], { type: 'text/javascript' }))
        const worker = new page.Worker(url)
        worker.postMessage(threadData)
        return {
          stop() {
            worker.terminate()
            URL.revokeObjectURL(url) // not earlier: the worker may still be loading its script
          },
        }
      } catch {
        return null // a Content-Security-Policy without blob: workers: the thread modes fall back
      }
    },
    onPageHidden(hidden) {
      const doc = scope.document
      // a worker has neither a document nor pagehide: its page's runtime is the one that reports
      if (doc?.addEventListener === undefined || scope.addEventListener === undefined) return false
      doc.addEventListener('visibilitychange', () => {
        if (doc.visibilityState === 'hidden') hidden()
      })
      scope.addEventListener('pagehide', hidden)
      return true
    },
    post: postReport,
    builtin: () => undefined,
    readScript: () => null,
  }
}
