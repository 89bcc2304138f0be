// The profiler object: the registry of instrumented files, the active recorder, and the public API
// (enable, disable, reset, snapshot, write, profile). Cold path, except the FileProbes it hands out.
//
// Over 400 lines on purpose: one class, the realm's single profiler, whose state (the recorder in use, the clock
// and sampler threads, the function table, pseudo-functions, when and where reports are written) every method
// reads; what does not need that state lives beside it (snapshot.ts, report-path.ts, host.ts, threads.ts).

import { calibrateOverhead } from './calibrate.js'
import { collectUrl, pageLoadId } from './collect.js'
import { ArgumentTable, type ArgumentProbes } from './fingerprints.js'
import { realClock, type Clock } from './clock.js'
import { nodeCapacityFor } from './context-tree.js'
import { createProbeSwitch, noopProbes, type FileProbes, type ProbeSwitch } from './file-probes.js'
import type { ClockMode, ProbeOverhead, ProfileReport } from './format-spec.js'
import type { Host } from './host.js'
import { expandPath, writerOut, type Writer } from './report-path.js'
import type { ResolvedRuntimeOptions } from './options.js'
import { startMemorySampler, type MemorySampler } from './memory.js'
import { createRecorder, type Probes, type Recorder, type RecorderView } from './recorder.js'
import { startFastClock, startSampler, type Sampler } from './threads.js'
import { buildReport, subtreeView, type FunctionTable, type RouteInput, type SnapshotMeta } from './snapshot.js'
import { RUNTIME_VERSION } from './version.js'

/** Bumped when the contract between generated code and the runtime changes; bundles share a runtime only if equal. */
export const PROBE_ABI = 3 // 2: the argument probes f and fr (code built with `args` calls them); 3: ep, epa, pc (default parameters)

export interface ProfileResult<T> {
  result: T
  report: ProfileReport
}

export class Profiler {
  readonly abi = PROBE_ABI
  readonly version = RUNTIME_VERSION
  readonly options: ResolvedRuntimeOptions
  private readonly host: Host
  private clockMode: ClockMode
  /** The clock was 'auto': a host without sampler threads gets precise, silently, instead of a fallback notice. */
  private readonly clockChosenForUser: boolean
  private clock: Clock | null = null
  private clockResolutionMs: number | undefined
  private clockStalledMs: (() => number) | undefined
  /** fast/sampled start their helper thread at the first enable(), not while recording is off (PROBEPROF=0). */
  private threadsStarted = false
  private readonly wallClock: Clock = realClock()
  private readonly samplers = new Map<Recorder, Sampler>()
  private readonly table: FunctionTable = { file: [], name: [], line: [], column: [] }
  private readonly files = new Map<string, FileProbes & ArgumentProbes>()
  /** First function id of each registered file (key: file and hash), for memory.ts's join by source location. */
  private readonly fileBases = new Map<string, number>()
  /** `memory`: V8's heap sampler, started at the first enable(); or why it could not start. */
  private memory: MemorySampler | string | null = null
  /** argument fingerprints, for code built with the `args` option (other code never calls it) */
  private readonly argumentTable = new ArgumentTable()
  private readonly switcher: ProbeSwitch
  private recorder: Recorder
  private enabled = false
  private recorded = false
  private startedAt = new Date()
  private startMs: number
  private overhead: ProbeOverhead | null | undefined
  /** Server integration (server/): the pseudo-function entries from the event loop start under; null: plain probes. */
  private baseFn: (() => number) | null = null
  private readonly pseudoFunctions = new Map<string, number>()
  private readonly resetListeners: (() => void)[] = []
  private routeSource: (() => RouteInput[]) | null = null
  /** The report written at the end: no periodic snapshot may replace it afterwards. */
  private finalWritten = false
  private partialFailed = false
  private expandedExitPath: string | undefined
  /** `collect`: this page load's id, the reports sent so far, and what the last one held (an unchanged one is not sent again). */
  private readonly pageLoad = pageLoadId()
  private reportsSent = 0
  private lastSent = ''
  private plainFetchNoticed = false

  constructor(options: ResolvedRuntimeOptions, host: Host) {
    this.options = options
    this.host = host
    this.clockChosenForUser = options.clock === 'auto'
    this.clockMode = options.clock === 'auto' ? 'sampled' : options.clock
    if (this.clockMode === 'precise') this.clock = this.wallClock
    this.recorder = this.newRecorder()
    this.startMs = this.wallClock()
    this.switcher = createProbeSwitch(noopProbes)
    if (options.enabled) this.enable()
    if (options.writeOnExit) host.onExit(() => this.writeAtExit(), options.signals)
    // a page sends its reports to the collector: when hidden or left, and, with flushMs, every flushMs while it runs
    const collecting = options.collect !== '' && host.onPageHidden(() => this.sendToCollector())
    if (collecting && options.flushMs > 0) setInterval(() => this.sendToCollector(), options.flushMs)
    else if (options.flushMs > 0 && !host.repeat(options.flushMs, () => this.writePartial())) {
      host.notify('probeprof: periodic snapshots (PROBEPROF_FLUSH_MS, flushMs) need a file system or collect; none are taken here')
    }
  }

  /**
   * Called by the generated code of each instrumented file, once: `table` lists the file's functions as
   * name, line, column triples; local id i is the i-th triple. A file registered again with the same content
   * hash (a second bundle on the page, a module re-evaluated) gets the same ids.
   */
  register(file: string, hash: string, table: readonly (string | number)[]): FileProbes & ArgumentProbes {
    const key = `${file}\0${hash}`
    const known = this.files.get(key)
    if (known !== undefined) return known
    const count = table.length / 3
    const base = this.recorder.addFunctions(count)
    for (let i = 0; i < table.length; i += 3) {
      this.table.file.push(file)
      this.table.name.push(String(table[i]))
      this.table.line.push(Number(table[i + 1]))
      this.table.column.push(Number(table[i + 2]))
    }
    const probes = Object.assign(this.switcher.forFile(base), this.argumentTable.forFile(base))
    this.files.set(key, probes)
    this.fileBases.set(key, base)
    return probes
  }

  /** Starts (or resumes) recording. */
  enable(): this {
    if (this.enabled) return this
    if (!this.threadsStarted) this.startThreads()
    if (this.options.memory && this.memory === null) this.startMemory()
    this.enabled = true
    this.recorded = true
    this.argumentTable.recording = true
    this.switcher.use(this.probesOf(this.recorder))
    return this
  }

  /** Stops recording; the frames running now are closed at this moment. */
  disable(): this {
    if (!this.enabled) return this
    this.recorder.closeAll()
    this.enabled = false
    this.argumentTable.recording = false
    this.switcher.use(noopProbes)
    return this
  }

  /** The clock mode in effect: the one asked for, unless the host cannot run it (then a notice said why). */
  get mode(): ClockMode {
    return this.clockMode
  }

  get isEnabled(): boolean {
    return this.enabled
  }

  /** Forgets everything recorded so far; recording continues if it was on (off, there is nothing to write at exit). */
  reset(): this {
    this.recorder.reset()
    this.argumentTable.clear()
    if (typeof this.memory === 'object' && this.memory !== null) this.memory.restart()
    this.recorded = this.enabled
    this.startedAt = new Date()
    this.startMs = this.wallClock()
    this.samplers.get(this.recorder)?.markStart()
    for (const listener of this.resetListeners) listener()
    return this
  }

  /** The report of everything recorded so far; frames still running are counted up to now. */
  snapshot(): ProfileReport {
    return this.reportOf(this.recorder, this.startedAt, this.startMs, true)
  }

  /** Writes the report (to `path`, or the configured `out`) and returns where it went. */
  write(path?: string): string {
    return this.host.writeFile(expandPath(path ?? this.defaultOut(), this.writer()), JSON.stringify(this.snapshot())).path
  }

  /**
   * Runs `fn` with a fresh recording of its own and returns its result with the report of that run, like
   * cProfile's `runcall`. For an async `fn` the report covers everything that ran until it settled. The
   * recording in progress is paused meanwhile and continues afterwards.
   */
  profile<T>(fn: () => Promise<T>): Promise<ProfileResult<T>>
  profile<T>(fn: () => T): ProfileResult<T>
  profile<T>(fn: () => T | Promise<T>): ProfileResult<T> | Promise<ProfileResult<T>> {
    if (!this.threadsStarted) this.startThreads()
    const outer = this.recorder
    const wasEnabled = this.enabled
    const lend = this.lendSampler(outer)
    const inner = this.newRecorder(lend?.sampler)
    const startedAt = new Date()
    const startMs = this.wallClock()
    lend?.sampler.markStart() // the outer's time so far was set aside: the sample in flight is the inner's from now
    this.recorder = inner
    this.switcher.use(this.probesOf(inner))
    const finish = () => {
      inner.closeAll()
      const report = this.reportOf(inner, startedAt, startMs, false)
      if (lend !== undefined) lend.giveBack(inner.view().nodeCount)
      this.samplers.delete(inner)
      this.recorder = outer
      this.switcher.use(wasEnabled ? this.probesOf(outer) : noopProbes)
      return report
    }
    let result: T | Promise<T>
    try {
      result = fn()
    } catch (error) {
      finish()
      throw error
    }
    if (isThenable(result)) {
      return Promise.resolve(result).then(
        (value) => ({ result: value, report: finish() }),
        (error: unknown) => {
          finish()
          throw error
        },
      )
    }
    return { result, report: finish() }
  }

  // ---- what the server integration (server/) builds on; not for apps ---------------------------------------

  /**
   * Switches to the probes whose entries from the event loop start under the node of the pseudo-function
   * `baseFn()` names (-1: the root), for the rest of the process. The plain probes never pay for it.
   */
  useRequestContext(baseFn: () => number): void {
    this.baseFn = baseFn
    if (this.enabled) this.switcher.use(this.probesOf(this.recorder))
  }

  /** A function of no source file (file `<route>`, a route's name), with an id like any function's; one per name. */
  pseudoFunction(file: string, name: string): number {
    const key = `${file}\0${name}`
    let fn = this.pseudoFunctions.get(key)
    if (fn === undefined) {
      fn = this.recorder.addFunctions(1)
      this.table.file.push(file)
      this.table.name.push(name)
      this.table.line.push(0)
      this.table.column.push(0)
      this.pseudoFunctions.set(key, fn)
    }
    return fn
  }

  /** Counts one call of a pseudo-function (a request its route served), while recording. */
  countPseudoCall(fn: number): void {
    if (!this.enabled) return
    this.recorder.addCalls(this.recorder.rootChild(fn), 1)
  }

  /** Moves what ran under pseudo-function `from` onto the same paths under `to` (a profiled request joins its route). */
  movePseudoCalls(from: number, to: number): void {
    this.recorder.moveSubtree(this.recorder.rootChild(from), this.recorder.rootChild(to))
  }

  /** The report of what ran under pseudo-function `fn` alone (one profiled request), `fn` as its root. */
  snapshotUnder(fn: number, startedAt: Date, wallMs: number, routes: RouteInput[]): ProfileReport {
    const view = subtreeView(this.recorder.view(), this.recorder.rootChild(fn))
    return buildReport(view, this.table, { ...this.reportMeta(this.recorder, startedAt, wallMs), routes })
  }

  /** Writes a report made elsewhere (one request's) the way write() writes its own: atomically, `%p`/`%t` expanded. */
  writeReport(report: ProfileReport, path: string): string {
    return this.host.writeFile(expandPath(path, this.writer()), JSON.stringify(report)).path
  }

  /** Per-route request statistics for every snapshot (the report's `routes`). */
  setRouteSource(source: () => RouteInput[]): void {
    this.routeSource = source
  }

  /** Called by reset(): the server integration forgets its request statistics with the calls. */
  onReset(listener: () => void): void {
    this.resetListeners.push(listener)
  }

  /**
   * Pages: POSTs the report so far to the collector (`collect`, or `url`) by a plain fetch, which carries a report
   * of any size while the page stays open; resolves once the collector has answered, rejects with its one line.
   */
  async send(url: string = this.options.collect): Promise<void> {
    if (url === '') throw new Error('send() needs a collector URL (runtime option collect)')
    const report = this.snapshot()
    this.lastSent = heldBy(report)
    const response = await fetch(collectUrl(url, this.pageLoad, ++this.reportsSent), { method: 'POST', body: JSON.stringify(report), headers: { 'content-type': 'text/plain;charset=UTF-8' } })
    if (!response.ok) throw new Error(`${url} answered ${response.status}: ${(await response.text()).trim()}`)
  }

  /** Browsers: saves the report as a file through the browser's download. */
  download(filename = 'probeprof.json'): void {
    const doc = (globalThis as { document?: DocumentLike }).document
    if (doc === undefined || typeof URL.createObjectURL !== 'function') {
      throw new Error('download() needs a browser page; use write() or snapshot() elsewhere')
    }
    const url = URL.createObjectURL(new Blob([JSON.stringify(this.snapshot())], { type: 'application/json' }))
    const link = doc.createElement('a')
    link.href = url
    link.download = filename
    link.click()
    setTimeout(() => URL.revokeObjectURL(url), 0)
  }

  /**
   * The helper thread of the fast or sampled mode, once; then the recorder that uses it replaces the idle one
   * (nothing was recorded yet: recording starts right after). Falls back, with a notice, where the host cannot.
   */
  private startThreads(): void {
    this.threadsStarted = true
    const host = this.host
    const startingMs = this.wallClock()
    this.startHelperThread(host)
    // Waiting for the thread to start is the profiler's time, not the app's: the run's wall time leaves it out.
    this.startMs += this.wallClock() - startingMs
    this.samplers.get(this.recorder)?.markStart() // and so is it for the sampler's first sample
  }

  private startHelperThread(host: Host): void {
    if (this.clockMode === 'fast') {
      const fast = host.cores() > 1 ? startFastClock(host, this.options.clockTickUs / 1000) : null
      if (fast === null) {
        host.notify(`probeprof: the fast clock needs a second core and shared-memory threads (${host.cores()} core(s) here); using 'precise'`)
        this.clockMode = 'precise'
        this.clock = this.wallClock
      } else {
        this.clock = fast.read
        this.clockResolutionMs = fast.resolutionMs
        this.clockStalledMs = fast.stalledMs
      }
      this.recorder = this.newRecorder()
    }
    if (this.clockMode === 'sampled') {
      this.recorder = this.newRecorder()
      if (!this.samplers.has(this.recorder)) {
        // Asked for by name: keep its promise of no clock reads per call. Chosen by 'auto': time the calls.
        if (this.clockChosenForUser) {
          this.clockMode = 'precise'
          this.clock = this.wallClock
          this.recorder = this.newRecorder()
        } else {
          host.notify(`probeprof: sampled time needs shared-memory threads, which this host does not offer; using 'counts'`)
          this.clockMode = 'counts'
        }
      }
    }
  }

  /**
   * V8's sampling heap profiler, through node:inspector, loaded only now: a run without `memory` never imports
   * it. Where there is none (a page), the report says so instead of showing zeros.
   */
  private startMemory(): void {
    const fileBase = (file: string, hash: string) => this.fileBases.get(`${file}\0${hash}`)
    this.memory = startMemorySampler(this.host.builtin('inspector'), this.options.memoryInterval, fileBase, (url) => this.host.readScript(url))
    if (typeof this.memory === 'string') this.host.notify(`probeprof: ${this.memory}`)
  }

  private newRecorder(lent?: Sampler): Recorder {
    const maxNodes = this.options.maxNodes
    const sampler =
      lent ??
      (this.clockMode === 'sampled' && this.threadsStarted
        ? startSampler(this.host, nodeCapacityFor(maxNodes), this.options.sampleUs / 1000)
        : null)
    const recorder = createRecorder({ clock: this.clock, wallClock: this.wallClock, maxNodes, sampled: sampler?.time })
    if (sampler !== null) this.samplers.set(recorder, sampler)
    recorder.addFunctions(this.table.file.length)
    return recorder
  }

  /**
   * profile() in sampled mode: the running sampler thread serves the inner recording too, instead of a new thread
   * per call (20–90 ms to start one here). The outer recording's sampled times are set aside and the shared buffer
   * zeroed; when the inner run ends, they are put back, and so is the outer's top node (the recorders keep it in the same shared slot). The time of
   * the profile() call itself goes to the inner report only.
   */
  private lendSampler(outer: Recorder): { sampler: Sampler; giveBack(innerNodeCount: number): void } | undefined {
    const sampler = this.samplers.get(outer)
    if (sampler === undefined) return undefined
    const outerCount = outer.view().nodeCount
    const saved = sampler.time.selfMs.slice(0, outerCount)
    const outerTop = sampler.time.current[0] // the outer recorder's top node: the inner one starts at the root there
    sampler.time.selfMs.fill(0, 0, outerCount)
    return {
      sampler,
      giveBack(innerNodeCount) {
        sampler.time.selfMs.fill(0, 0, Math.max(innerNodeCount, outerCount))
        sampler.time.selfMs.set(saved)
        sampler.time.current[0] = outerTop
      },
    }
  }

  private probesOf(recorder: Recorder): Probes {
    return this.baseFn === null ? recorder.probes : recorder.contextProbes(this.baseFn)
  }

  /** `withRoutes`: the main recording's report; profile()'s own reports have no request statistics. */
  private reportOf(recorder: Recorder, startedAt: Date, startMs: number, withRoutes: boolean): ProfileReport {
    const routes = withRoutes ? this.routeSource?.() : undefined
    // profile()'s own reports have no fingerprints either: the table is the main recording's
    const args = withRoutes ? this.argumentTable.rows() : undefined
    const view = recorder.view()
    // and no memory: the heap sampler follows the main recording
    const memory = withRoutes ? this.memoryOf(view) : undefined
    return buildReport(view, this.table, { ...this.reportMeta(recorder, startedAt, this.wallClock() - startMs), routes, arguments: args, memory })
  }

  private memoryOf(view: RecorderView): SnapshotMeta['memory'] {
    if (this.memory === null) return undefined
    if (typeof this.memory === 'string') return { unavailable: this.memory }
    try {
      return this.memory.snapshot(view) ?? undefined
    } catch (error) {
      return { unavailable: `memory: the heap sample could not be read (${(error as Error).message})` }
    }
  }

  private reportMeta(recorder: Recorder, startedAt: Date, wallMs: number): SnapshotMeta {
    const sampler = this.samplers.get(recorder)
    const stalledMs = sampler !== undefined ? sampler.stalledMs() : this.clockStalledMs?.()
    return {
      exporter: `@probeprof/runtime@${RUNTIME_VERSION}`,
      clock: this.clockMode,
      clockResolution: this.clockResolutionMs === undefined ? undefined : this.clockResolutionMs / 1000,
      sampleInterval: sampler === undefined ? undefined : sampler.intervalMs / 1000,
      threadStall: stalledMs === undefined ? undefined : stalledMs / 1000,
      startedAt: startedAt.toISOString(),
      wallTime: wallMs / 1000,
      overhead: this.measuredOverhead(),
      host: this.host.info(),
    }
  }

  /** Measured once, on first use: it costs a few milliseconds and the snapshot is the cold path. */
  private measuredOverhead(): ProbeOverhead | null {
    if (this.overhead === undefined) this.overhead = this.clock === null ? null : calibrateOverhead(this.clock)
    return this.overhead
  }

  /** The configured `out`, with this child process's or worker's tag: it must not overwrite the parent's report. */
  private defaultOut(): string {
    return writerOut(this.options.out, this.writer(), this.host.isDescendant())
  }

  /** Where the final report and the periodic snapshots before it go: expanded once, so `%t` names one file. */
  private exitPath(): string {
    this.expandedExitPath ??= expandPath(this.defaultOut(), this.writer())
    return this.expandedExitPath
  }

  private writer(): Writer {
    const info = this.host.info()
    return { pid: info.pid ?? 0, threadId: info.threadId ?? 0 }
  }

  /**
   * flushMs: the report so far, marked partial, to the path the final report takes (atomically, like it), so a
   * process killed by a signal it cannot catch leaves this one. Silent: one line only if it cannot be written.
   */
  private writePartial(): void {
    if (this.finalWritten || !this.recorded || this.table.file.length === 0) return
    try {
      const report = this.snapshot()
      report.meta.partial = { takenAt: new Date().toISOString() }
      this.host.writeFile(this.exitPath(), JSON.stringify(report))
    } catch (error) {
      if (!this.partialFailed) this.host.notify(`probeprof: could not write a periodic snapshot: ${(error as Error).message}`)
      this.partialFailed = true
    }
  }

  /**
   * `collect`: the report so far, to the collector, each time the page is hidden or left. Recording goes on: a
   * hidden tab comes back, and a page left for the back/forward cache may be shown again. Each report holds
   * everything the earlier ones of this page load held; the collector keeps the one with the highest `seq`. The
   * `visibilitychange` and `pagehide` of one navigation send once, unless calls ran between them.
   */
  private sendToCollector(): void {
    if (!this.recorded || this.table.file.length === 0) return
    try {
      const report = this.snapshot()
      const held = heldBy(report)
      if (held === this.lastSent) return
      this.lastSent = held
      const route = this.host.post(collectUrl(this.options.collect, this.pageLoad, ++this.reportsSent), JSON.stringify(report))
      // the page's console, for whoever looks (once: flushMs sends again and again): a tab switch keeps the page,
      // and its plain fetch arrives
      if (route === 'fetch' && !this.plainFetchNoticed) {
        this.plainFetchNoticed = true
        this.host.notify('probeprof: report over 64 KiB sent by plain fetch, lost if the page unloads')
      }
    } catch (error) {
      this.host.notify(`probeprof: could not send the report to ${this.options.collect}: ${(error as Error).message}`)
    }
  }

  private writeAtExit(): void {
    if (!this.recorded || this.table.file.length === 0) return // nothing instrumented ever ran
    this.finalWritten = true
    try {
      const report = this.snapshot()
      this.disable()
      if (typeof this.memory === 'object' && this.memory !== null) this.memory.stop()
      const written = this.host.writeFile(this.exitPath(), JSON.stringify(report))
      if (!this.options.quiet) {
        const { totalCalls } = report.meta
        const instead = written.taken === undefined ? '' : ` instead of ${written.taken}, which another process or thread of this run wrote`
        this.host.notify(
          `probeprof: wrote ${written.path}${instead} (${totalCalls.toLocaleString('en-US')} calls in ` +
            `${report.functions.length.toLocaleString('en-US')} functions); read it with: npx probeprof report ${quoteArg(written.path)}`,
        )
      }
    } catch (error) {
      this.host.notify(`probeprof: could not write the report: ${(error as Error).message}`)
    }
  }
}

interface DocumentLike {
  createElement(tag: 'a'): { href: string; download: string; click(): void }
}

/** What tells two reports of one recording apart: calls only grow, and reset() starts a new recording. */
function heldBy(report: ProfileReport): string {
  return `${report.meta.startedAt} ${report.meta.totalCalls} ${report.tree.fn.length}`
}

function quoteArg(path: string): string {
  return /^[\w./\\:-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`
}

function isThenable<T>(value: T | Promise<T>): value is Promise<T> {
  return value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function'
}
