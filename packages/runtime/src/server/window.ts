// Recording windows: profile 30 seconds of a running server's real traffic, without restarting it.
//
// A window starts from nothing (reset, then enable) and ends by writing its report and stopping (disable, then
// reset, so the exit report does not repeat it). The signal toggles: it starts a window while the profiler is
// off and ends the recording while it is on, so a server started with PROBEPROF=0 costs only the disabled
// probes until someone sends the signal, and a server recording since start-up dumps all of it at the first one.

import type { Profiler } from '../profiler.js'
import type { NodeProcess } from './node-types.js'
import type { ResolvedServerOptions } from './options.js'

export interface WindowOptions {
  /** Ends the window by itself after this many seconds (0 or absent: only stop() or the signal end it). */
  seconds?: number
  /** Report path of this window (`%p` the pid, `%t` a timestamp); default: the server options' windowOut. */
  out?: string
}

export class RecordingWindows {
  private timer: ReturnType<typeof setTimeout> | undefined
  private out: string | undefined
  private options: ResolvedServerOptions | undefined
  private readonly listening = new Set<string>()

  constructor(
    private readonly profiler: Profiler,
    private readonly proc: NodeProcess,
  ) {}

  configure(options: ResolvedServerOptions): void {
    this.options = options
    const signal = options.windowSignal
    if (signal === false || this.listening.has(signal)) return
    this.listening.add(signal)
    this.proc.on(signal, () => {
      if (this.profiler.isEnabled) this.stop()
      else this.start({ seconds: this.options?.windowSeconds })
    })
  }

  /** Starts recording from nothing; a window already running starts over. */
  start(options: WindowOptions = {}): void {
    clearTimeout(this.timer)
    this.out = options.out
    this.profiler.reset()
    this.profiler.enable()
    const seconds = options.seconds ?? 0
    if (seconds > 0) {
      this.timer = setTimeout(() => this.stop(), seconds * 1000)
      ;(this.timer as { unref?: () => void }).unref?.() // a window must not keep an ending process alive
    }
    this.say(`probeprof: recording${seconds > 0 ? ` for ${seconds} s` : ''}${this.options?.windowSignal ? `; kill -${this.options.windowSignal.slice(3)} ${this.proc.pid} ends it and writes the report` : ''}`)
  }

  /** Ends the recording: writes its report, stops recording and forgets it. Returns the report's path, or null when nothing was recording. */
  stop(): string | null {
    clearTimeout(this.timer)
    this.timer = undefined
    if (!this.profiler.isEnabled) return null
    const out = this.out ?? this.options?.windowOut ?? timestamped(this.profiler.options.out)
    this.out = undefined
    let written: string | null = null
    try {
      const report = this.profiler.snapshot()
      this.profiler.disable()
      written = this.profiler.writeReport(report, out)
      const requests = (report.routes ?? []).reduce((sum, route) => sum + route.requests, 0)
      this.say(
        `probeprof: wrote ${written} (${report.meta.wallTime.toFixed(1)} s, ${requests.toLocaleString('en-US')} requests, ` +
          `${report.meta.totalCalls.toLocaleString('en-US')} calls); read it with: npx probeprof report ${written} --routes`,
      )
    } catch (error) {
      this.proc.stderr.write(`probeprof: could not write the report: ${(error as Error).message}\n`)
    }
    this.profiler.disable()
    this.profiler.reset()
    return written
  }

  private say(message: string): void {
    if (!this.profiler.options.quiet) this.proc.stderr.write(`${message}\n`)
  }
}

/** `probeprof.json` → `probeprof.%t.json`: one file per window. */
function timestamped(out: string): string {
  return out.endsWith('.json') ? `${out.slice(0, -'.json'.length)}.%t.json` : `${out}.%t`
}
