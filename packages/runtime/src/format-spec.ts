// This file contains the types that specify the probeprof report format: the JSON file an instrumented
// app writes (`probeprof.json`) and the object `profiler.snapshot()` returns. Types, plus the schema URL and version constants; no code that runs.
//
// Conventions:
// - times are seconds (float), like pstats; counts are integers;
// - `line` is 1-based, `column` is 0-based (Babel's and V8's convention);
// - function and node references are indices into `functions` and `tree`;
// - every field added after version 1 carries an "Added in" note, and readers ignore fields they do not know.

export const REPORT_SCHEMA_URL = 'https://probeprof.dev/schema/report-v1.json'
export const REPORT_VERSION = 1

/** How the runtime measured time. */
export type ClockMode =
  /** two `performance.now()` reads per call: exact own/cumulative times */
  | 'precise'
  /**
   * a clock thread writes the time into shared memory and the probes read it: cheaper reads, resolution of the
   * thread's write interval (`meta.clockResolution`). Added in 0.1.0 (report version 1).
   */
  | 'fast'
  /**
   * no clock in the probes: exact counts and edges; own times from a sampler thread that reads which context
   * runs every `meta.sampleInterval` seconds (statistical, like a sampling profiler). Added in 0.1.0.
   */
  | 'sampled'
  /** no clock in the probes: exact counts and edges, no times */
  | 'counts'

export interface ProfileReport {
  $schema: typeof REPORT_SCHEMA_URL
  /** Format version; readers refuse versions newer than they know. */
  version: number
  /** Recommended format is "name@version", e.g. "@probeprof/runtime@0.1.0". */
  exporter: string
  meta: ReportMeta
  /** Every function that was called at least once. */
  functions: FunctionRecord[]
  /** Caller→callee edges between instrumented functions (calls from the root are not edges). */
  edges: EdgeRecord[]
  /** The calling-context tree: one node per distinct path of calls from the root. */
  tree: CallTree
  /**
   * Requests per route, for a server profiled through `@probeprof/runtime/server`; absent otherwise. The calls
   * made for a route's requests are the subtree of its pseudo-function's node in `tree` (file `<route>`), so
   * every cProfile statistic of one route is derived from that subtree, as for the whole report. Added in 0.1.0
   * (report version 1).
   */
  routes?: RouteRecord[]
  /**
   * Argument fingerprints of the functions built with the `args` option (`PROBEPROF_ARGS=1`); absent otherwise.
   * Added in 0.1.0 (report version 1).
   */
  arguments?: ArgumentRecord[]
  /**
   * Memory per function, from a run with the `memory` option (`PROBEPROF_MEMORY=1`); absent otherwise. Added in
   * 0.1.0 (report version 1).
   */
  memory?: MemoryRecord
}

/**
 * Bytes allocated, sampled by V8's sampling heap profiler and joined to the calling-context tree: a function's
 * own bytes are the sum of `self` over its nodes, its cumulative bytes are derived from the tree exactly as
 * cumtime is from `tree.self` (outermost activations only). Objects collected since count too: these are bytes
 * allocated, not bytes still alive. Where no sampler exists (a browser page), only `unavailable` is present.
 * Added in 0.1.0 (report version 1).
 */
export interface MemoryRecord {
  /** Why there are no bytes, as one line for the reader: `memory: not available in this environment`. */
  unavailable?: string
  /** Average bytes between two samples (V8's samplingInterval); each sample stands for that many bytes or its own size. */
  samplingInterval?: number
  /** V8 heap in use when the report was taken (bytes). */
  heapUsed?: number
  /** Sampled bytes allocated per node of `tree` (same indices); node 0: while no instrumented function ran. */
  self?: number[]
}

/**
 * How one function's calls spread over distinct argument tuples (primitives compared by value, objects by
 * identity), and whether each tuple always gave the same result: what a cache keyed by the arguments would have
 * answered. Added in 0.1.0 (report version 1).
 */
export interface ArgumentRecord {
  /** Index in `functions`. */
  function: number
  /** Calls fingerprinted (those made while recording). */
  calls: number
  /** Distinct argument tuples among the tracked calls. */
  distinct: number
  /** Calls with a tuple not tracked because the table was full (`full`); 0 when every call was tracked. */
  untracked: number
  /** The tuple table reached its cap (10,000 per function, 250,000 in all): `distinct` is a lower bound. */
  full: boolean
  /**
   * Tuples whose calls did not all return the same result (a different value or object, or no value: a throw,
   * a return without a value, a call still running), and the calls made with them; a cache would change those.
   */
  inconsistentTuples: number
  inconsistentCalls: number
  /**
   * Reports summed into this row by `probeprof merge` (absent: 1). Above 1, `distinct` is an upper bound: the same
   * tuple may be counted once per report.
   */
  reports?: number
}

/**
 * One route of a server: what its requests cost from outside (count, status, latency) next to its pseudo-function,
 * whose subtree holds what they ran inside. Added in 0.1.0 (report version 1).
 */
export interface RouteRecord {
  /**
   * Method and the framework's route pattern: `GET /users/:id`; `GET (unmatched)` for requests no route matched,
   * and `(before routing)` for calls made before the framework matched a route (no requests of its own).
   */
  name: string
  /**
   * Index in `functions` of the pseudo-function whose node, directly under the root, holds the route's calls:
   * file `<route>`, name `name`, line 0 (in a per-request report, the request's own: file `<request>`, named
   * after its URL). It counts one call per request. -1 when the report has no calls of the route.
   */
  function: number
  /** Requests that ended (response finished, or connection closed first) while recording. */
  requests: number
  /** Requests answered with a status of 500 or more, or that ended without a complete response. */
  errors: number
  /** Requests whose connection closed before their response was complete (counted in `errors` too). */
  aborted: number
  /** Requests per response status code, e.g. `{"200": 9000, "404": 3}`; aborted requests have none. */
  statuses: Record<string, number>
  /** Wall time from the start of each request to its end. */
  latency: LatencyHistogram
}

/**
 * Latencies as a log-scale histogram, mergeable by adding counts. Bucket `i` holds latencies from
 * 2^(i/16) to 2^((i+1)/16) microseconds (latencies under 1 µs are in bucket 0), so a percentile read at a
 * bucket's geometric middle is within 2.2 % of the true value. Added in 0.1.0 (report version 1).
 */
export interface LatencyHistogram {
  count: number
  /** seconds */
  total: number
  /** seconds */
  min: number
  /** seconds */
  max: number
  /** `[bucket, count]` pairs of the non-empty buckets, in bucket order. */
  buckets: [number, number][]
}

export interface ReportMeta {
  clock: ClockMode
  /** ISO 8601 time at which recording started. */
  startedAt: string
  /** Wall-clock seconds from the start of recording to the snapshot. */
  wallTime: number
  /** Sum of the own time of all functions (cProfile's "in X seconds"). */
  totalTime: number
  /** Total calls and primitive calls over all functions. */
  totalCalls: number
  primitiveCalls: number
  /** Probe cost measured when the report was taken; present in timed modes. */
  overhead: ProbeOverhead | null
  /** `fast` clock: seconds between the clock thread's writes (its resolution). Added in 0.1.0. */
  clockResolution?: number
  /** `sampled`: requested seconds between samples (the real interval varies; each sample weighs what elapsed). Added in 0.1.0. */
  sampleInterval?: number
  /**
   * `fast` and `sampled`: seconds the helper thread (clock or sampler) could not run because the OS gave its core
   * to something else. Times may be off by up to this much; near zero on a machine with a free core. Added in 0.1.0.
   */
  threadStall?: number
  /** Calls recorded in contexts beyond the node cap; their paths were folded into `(truncated)`. */
  truncatedCalls: number
  /** Frames that were still running when the snapshot was taken (closed at that moment). */
  openFrames: number
  /**
   * Present only in a periodic snapshot (`flushMs`, `PROBEPROF_FLUSH_MS`), written while the app ran: finding one
   * means the process never reached the end that replaces it with the final report (SIGKILL, the OOM killer, a
   * crash of the VM). `takenAt`: ISO 8601 time of the snapshot. Added in 0.1.0 (report version 1).
   */
  partial?: { takenAt: string }
  /** Where the report was taken. */
  host: HostInfo
}

export interface ProbeOverhead {
  /** Nanoseconds per call that the probes add to the called function's own time. */
  calleeNsPerCall: number
  /** Nanoseconds per call that the probes add to the calling function's own time. */
  callerNsPerCall: number
}

export interface HostInfo {
  /** "node" or "browser" (or another JS host's name). */
  runtime: string
  version: string
  pid?: number
  argv?: string[]
  cwd?: string
  /** Worker thread id when the report comes from a worker; 0 on the main thread. */
  threadId?: number
  url?: string
  /**
   * Pages: the page's `crossOriginIsolated` (served with COOP/COEP headers, `probeprof serve --coop-coep`), which
   * decides `timerResolution` and whether the `fast` and `sampled` clocks can run. Added in 0.1.0 (report version 1).
   */
  crossOriginIsolated?: boolean
  /**
   * Pages: the smallest nonzero step of `performance.now()` measured in the page (seconds), the resolution of every
   * time in a `precise` report: Chrome gives 100 µs, or 5 µs cross-origin isolated. Added in 0.1.0 (report version 1).
   */
  timerResolution?: number
}

/**
 * What identifies a function in every report, merged or not (with all four fields: two functions may share a
 * name, or a line). The reader's rows (probeprof's FunctionStats, StatsRow, the HTML page's rows) extend it too.
 */
export interface FunctionLocation {
  /** Source file, relative to the build's root, with forward slashes. */
  file: string
  line: number
  column: number
  /** Name as it reads in the code: `isPrime`, `Lexer.get pos`, `parse.<anonymous>`, `<module>`. */
  name: string
}

/** cProfile's four numbers, of a function or of one caller→callee edge (then: the callee's, under that caller). */
export interface CallCounts {
  /** All calls (cProfile `ncalls`). */
  calls: number
  /**
   * Calls made while the function was not already active (cProfile's primitive calls); of an edge, while this
   * caller→callee edge was not already active (lsprof's per-edge rule).
   */
  primitiveCalls: number
  /** Own time, excluding the instrumented functions it called (seconds). */
  tottime: number
  /** Time from entry to exit including callees, outermost activations only (of the function, or of the edge) (seconds). */
  cumtime: number
}

export interface FunctionRecord extends FunctionLocation, CallCounts {
  /** Async functions and generators: times the frame resumed after `await`/`yield`. */
  resumes?: number
  /** Async functions: wall time from invocation until the body completed; absent in `counts` mode (no clock). */
  latency?: LatencyRecord
}

export interface LatencyRecord {
  count: number
  /** seconds */
  total: number
  /** seconds */
  max: number
}

export interface EdgeRecord extends CallCounts {
  /** Index of the calling function in `functions`. */
  caller: number
  /** Index of the called function in `functions`. */
  callee: number
}

/**
 * Columnar calling-context tree. Node 0 is the root (no function; its `self` is time when no instrumented
 * function was running). A parent always has a smaller index than its children.
 *
 * Bounds: a function calling itself more than 64 times in a row on one path has its deeper calls folded into the
 * 64th node (its calls and time include theirs; every statistic derived from the tree stays cProfile-exact, only a
 * flame graph shows the chain cut there). Past the runtime's node cap, new paths are counted under the node with
 * function -2, `(truncated)`, as `(truncated) → caller → fn`, where the caller's node is a stand-in with 0 calls
 * (`meta.truncatedCalls` counts the calls below `(truncated)`): ncalls, tottime and the caller → fn edge's calls stay
 * exact; primitive calls and cumtime follow the shortened path.
 */
export interface CallTree {
  /** Function index per node; -1 for the root, -2 for the `(truncated)` node that gathers contexts past the cap. */
  fn: number[]
  parent: number[]
  calls: number[]
  /** Own time per node (seconds). */
  self: number[]
}
