// The report library's model: named fields, no positional tuples. Function identity is file + line +
// column + name, never the name alone.

import type {
  ArgumentRecord,
  CallCounts,
  CallTree,
  ClockMode,
  EdgeRecord,
  FunctionLocation,
  HostInfo,
  LatencyRecord,
  ProbeOverhead,
  RouteRecord,
} from '@probeprof/runtime/report'

/** A function's statistics: the report's record (format-spec.ts in the runtime) with its optional fields filled in. */
export interface FunctionStats extends FunctionLocation, CallCounts {
  resumes: number
  latency: LatencyRecord | null
  /** Bytes allocated (sampled), from a report of a run with memory profiling; absent otherwise (memory.ts). */
  memory?: MemoryBytes
}

/** A function's (or a caller→callee edge's) sampled allocations, as tottime and cumtime are its time. */
export interface MemoryBytes {
  /** Bytes allocated in its own code (and in uninstrumented code it called). */
  self: number
  /** Bytes allocated from entry to exit, callees included, outermost activations only. */
  cumulative: number
}

/** A caller→callee edge, as in the report; `caller` and `callee` index ProfileData.functions. */
export type CallEdge = EdgeRecord

/** Where a profile came from: one entry per report file merged in. */
export interface ProfileSource {
  /** path it was loaded from, or null for an in-memory report */
  path: string | null
  startedAt: string
  wallTime: number
  clock: ClockMode
  /** `sampled`: seconds between the sampler thread's samples (the resolution of its times). */
  sampleInterval?: number
  /** `sampled` and `fast`: seconds the helper thread could not run (its core was taken); times may be off by that much. */
  threadStall?: number
  overhead: ProbeOverhead | null
  truncatedCalls: number
  /** Frames still running when the report was taken, closed at that moment. */
  openFrames: number
  /** A periodic snapshot's time (ISO 8601): the process never wrote its final report (killed by SIGKILL, OOM…). */
  partialAt?: string
  /** Seconds of probe cost subtracted by `--compensate` (compensate.ts), or null when not compensated. */
  compensated: number | null
  host: HostInfo
  /** A run with memory profiling: its sampling interval and heap in use at the end (bytes), or why it had none. */
  memory?: { samplingInterval: number; heapUsed: number } | { unavailable: string }
}

/** One route of a profiled server: the report's own record (format-spec.ts in the runtime). */
export type RouteStats = RouteRecord

/**
 * One function's argument fingerprints (code built with `args`): the report's record, `function` indexing
 * ProfileData.functions. Merged from several reports, the counts are sums and `reports` says how many: `distinct`
 * is then an upper bound (two runs may have seen the same tuples).
 */
export type ArgumentStats = ArgumentRecord & { reports: number }

/** One or several reports merged: functions, edges and the calling-context tree over the same function list. */
export interface ProfileData {
  functions: FunctionStats[]
  edges: CallEdge[]
  tree: CallTree
  sources: ProfileSource[]
  /** Per-route request statistics of a profiled server; absent or empty for other programs. */
  routes?: RouteStats[]
  /** Argument fingerprints, for the functions built with `args`; absent for other builds. */
  arguments?: ArgumentStats[]
  /** Sampled bytes allocated per node of `tree`, when a report had memory profiling (memory.ts). */
  memory?: { nodeBytes: number[] }
  /** The route this profile is restricted to (routes.ts, `report --route`); absent for a whole profile. */
  route?: string
}

/**
 * The fields a report's function record and a FunctionStats share (format-spec's FunctionLocation and CallCounts),
 * copied in the report's order: what the reader (load.ts) takes from a record and the writer (report-writer.ts)
 * puts back, without fields the format does not define.
 */
export function recordFields(fn: FunctionLocation & CallCounts): FunctionLocation & CallCounts {
  return { file: fn.file, line: fn.line, column: fn.column, name: fn.name, calls: fn.calls, primitiveCalls: fn.primitiveCalls, tottime: fn.tottime, cumtime: fn.cumtime }
}

export function functionKey(fn: FunctionLocation): string {
  return `${fn.file}\0${fn.line}\0${fn.column}\0${fn.name}`
}

/** `file:line(name)`, pstats' standard name. */
export function standardName(fn: Pick<FunctionStats, 'file' | 'line' | 'name'>): string {
  return `${fn.file}:${fn.line}(${fn.name})`
}

/**
 * Names for printing `rows`: standardName, or `file:line:column(name)` (column 1-based, as editors count) for
 * functions that would otherwise print the same, such as two anonymous functions on one line.
 */
export function distinctNames(rows: readonly FunctionLocation[]): (fn: FunctionLocation) => string {
  const counts = new Map<string, number>()
  for (const row of rows) counts.set(standardName(row), (counts.get(standardName(row)) ?? 0) + 1)
  return (fn) => {
    const name = standardName(fn)
    return (counts.get(name) ?? 0) > 1 ? `${fn.file}:${fn.line}:${fn.column + 1}(${fn.name})` : name
  }
}

/** A route's record with its own statuses and histogram, so merging into it leaves the original alone. */
export function copyRoute(route: RouteStats): RouteStats {
  return {
    ...route,
    statuses: { ...route.statuses },
    latency: { ...route.latency, buckets: route.latency.buckets.map(([bucket, count]) => [bucket, count]) },
  }
}
