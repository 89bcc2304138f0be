// The lines above every table a Stats prints (stats, callers and callees' headers come from format/; these are the
// per-report lines): pstats' `ctime    path` for each file it loaded, and what cProfile cannot say.

import { latencyPercentile } from '@probeprof/runtime/report'
import { formatBytes } from './format/bytes.js'
import { ctime } from './format/python.js'
import { readableTime, timeFormat } from './format/units.js'
import { findRoute } from './routes.js'
import type { ProfileSource } from './model.js'
import type { Stats } from './stats.js'

/**
 * Per loaded report: its time and path, then the run's wall time next to Σ tottime, the clock, and what the probes
 * cost per call (and what --compensate took off); a route's requests when the profile is one route's.
 */
export function headerLines(stats: Stats): string[] {
  const time = timeFormat(stats.unit)
  const profile = stats.profile
  const lines: string[] = []
  for (const source of profile.sources) {
    if (source.path !== null) lines.push(`${ctime(new Date(source.startedAt))}    ${source.path}`)
    const sampling = source.sampleInterval === undefined ? '' : ` every ${readableTime(source.sampleInterval, ' ')}`
    const parts = [`wall time ${time.text(source.wallTime)}`, `clock ${source.clock}${sampling}${pageClock(source.host)}`]
    const stall = stallNote(source)
    if (stall !== null) parts.push(stall)
    if (source.overhead) {
      const { calleeNsPerCall, callerNsPerCall } = source.overhead
      parts.push(`probe cost ${Math.round(calleeNsPerCall + callerNsPerCall)} ns/call (${Math.round(calleeNsPerCall)} in callee, ${Math.round(callerNsPerCall)} in caller)`)
    }
    if (source.compensated !== null) parts.push(`--compensate subtracted ${time.text(source.compensated)}`)
    if (source.truncatedCalls > 0) parts.push(`${plural(source.truncatedCalls, 'call')} past the context cap, under (truncated)`)
    if (source.openFrames > 0) parts.push(`${plural(source.openFrames, 'frame')} still running, closed at the snapshot`)
    lines.push(`   ${parts.join('; ')}`)
    if (source.memory !== undefined) lines.push(`   ${memoryLine(source.memory)}`)
    if (source.partialAt !== undefined) lines.push(`   partial snapshot taken at ${ctime(new Date(source.partialAt))} (the process did not exit normally)`)
  }
  if (profile.route !== undefined) {
    const route = findRoute(profile, profile.route)
    const latency = route.latency.count === 0
      ? ''
      : `; latency p50 ${readableTime(latencyPercentile(route.latency, 0.5), ' ')}, p95 ${readableTime(latencyPercentile(route.latency, 0.95), ' ')}, max ${readableTime(route.latency.max, ' ')}`
    lines.push(`   route ${route.name}: ${plural(route.requests, 'request')}, ${plural(route.errors, 'error')}${latency}`)
  }
  return lines
}

/** What a run's memory profiling says about itself: its sampling interval and heap at the end, or why there is none. */
function memoryLine(memory: NonNullable<ProfileSource['memory']>): string {
  if ('unavailable' in memory) return memory.unavailable
  return `memory: allocations sampled every ${formatBytes(memory.samplingInterval)} on average (V8's sampling heap profiler); heap used at the end ${formatBytes(memory.heapUsed)}`
}

/**
 * The helper thread's lost time, from this share of the wall time: a sample taken late charges everything since
 * the last one to whatever runs at wake-up, so any time may be off by that much. Under 5 %, it is within a
 * sample's own noise (advise's stop line is 5 % too).
 */
const K_STALL_NOTE_SHARE = 0.05

function stallNote(source: ProfileSource): string | null {
  const stall = source.threadStall
  if (stall === undefined || !(stall >= K_STALL_NOTE_SHARE * source.wallTime)) return null
  const thread = source.clock === 'sampled' ? 'sampler' : 'clock thread'
  const share = source.wallTime > 0 ? ` (${Math.round((100 * stall) / source.wallTime)}% of the wall time)` : ''
  return `${thread} stalled ${readableTime(stall, ' ')}${share}: times may be off by up to that; a free core or PROBEPROF_CLOCK=precise avoids it`
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}

/** A page's clock: browsers coarsen performance.now() (Chrome: 100 µs, 5 µs cross-origin isolated), which bounds every time. */
function pageClock(host: ProfileSource['host']): string {
  if (host.timerResolution === undefined) return ''
  return ` (performance.now() in ${readableTime(host.timerResolution, ' ')} steps, page ${host.crossOriginIsolated === true ? '' : 'not '}cross-origin isolated)`
}
