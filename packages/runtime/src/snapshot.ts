// Cold path: recorder state → the report object (format-spec.ts). Runs once per snapshot.

import { ROOT_FN, TRUNCATED_FN } from './context-tree.js'
import { deriveStats, rerootedTree } from './derive.js'
import {
  REPORT_SCHEMA_URL,
  REPORT_VERSION,
  type ClockMode,
  type FunctionRecord,
  type HostInfo,
  type MemoryRecord,
  type ProbeOverhead,
  type ProfileReport,
  type RouteRecord,
} from './format-spec.js'
import type { ArgumentInput } from './fingerprints.js'
import type { RecorderView } from './recorder.js'

/** Static description of every registered function, indexed by function id. */
export interface FunctionTable {
  file: string[]
  name: string[]
  line: number[]
  column: number[]
}

export interface SnapshotMeta {
  exporter: string
  clock: ClockMode
  clockResolution?: number
  sampleInterval?: number
  threadStall?: number
  startedAt: string
  wallTime: number
  overhead: ProbeOverhead | null
  host: HostInfo
  /** Per-route request statistics (server integration); absent: the report has no `routes`. */
  routes?: RouteInput[]
  /** Argument fingerprints (code built with `args`); absent or empty: the report has no `arguments`. */
  arguments?: ArgumentInput[]
  /** Memory per function (`memory` option): per recorder node, renumbered with the tree; or why there is none. */
  memory?: { samplingInterval: number; heapUsed: number; nodeBytes: ArrayLike<number> } | { unavailable: string }
}

/** A route's record with its pseudo-function's registry id (`fn`), renumbered into the report's `function`. */
export type RouteInput = Omit<RouteRecord, 'function'> & { fn: number }

const MS = 1e-3

export function buildReport(view: RecorderView, table: FunctionTable, meta: SnapshotMeta): ProfileReport {
  const nodeBytes = meta.memory !== undefined && 'nodeBytes' in meta.memory ? meta.memory.nodeBytes : undefined
  // Keep the nodes whose subtree saw a call or time; reset() leaves zeroed nodes behind.
  const keep = new Uint8Array(view.nodeCount)
  keep[0] = 1
  for (let node = view.nodeCount - 1; node > 0; node--) {
    if (keep[node] === 0 && view.nodeCalls[node] === 0 && view.nodeSelfMs[node] === 0 && !(nodeBytes !== undefined && nodeBytes[node] > 0)) continue
    keep[node] = 1
    keep[view.nodeParent[node]] = 1
  }

  // Renumber kept nodes and the functions they reference, in first-seen order (parents before children).
  const newNode = new Int32Array(view.nodeCount).fill(-1)
  const newFn = new Map<number, number>()
  const functions: FunctionRecord[] = []
  const tree = { fn: [] as number[], parent: [] as number[], calls: [] as number[], self: [] as number[] }
  for (let node = 0; node < view.nodeCount; node++) {
    if (keep[node] === 0) continue
    newNode[node] = tree.fn.length
    const fn = view.nodeFn[node]
    let index = fn
    if (fn !== ROOT_FN && fn !== TRUNCATED_FN) {
      let mapped = newFn.get(fn)
      if (mapped === undefined) {
        mapped = functions.length
        newFn.set(fn, mapped)
        functions.push(functionRecord(table, view, fn))
      }
      index = mapped
    }
    tree.fn.push(index)
    tree.parent.push(node === 0 ? -1 : newNode[view.nodeParent[node]])
    tree.calls.push(view.nodeCalls[node])
    tree.self.push(view.nodeSelfMs[node] * MS)
  }
  let memory: MemoryRecord | undefined
  if (meta.memory !== undefined && 'unavailable' in meta.memory) memory = { unavailable: meta.memory.unavailable }
  else if (meta.memory !== undefined && nodeBytes !== undefined) {
    const self = new Array<number>(tree.fn.length).fill(0)
    for (let node = 0; node < view.nodeCount; node++) if (newNode[node] >= 0) self[newNode[node]] = Math.round(nodeBytes[node] ?? 0)
    memory = { samplingInterval: meta.memory.samplingInterval, heapUsed: meta.memory.heapUsed, self }
  }

  const derived = deriveStats(tree, functions.length)
  let totalCalls = 0
  let primitiveCalls = 0
  let totalTime = 0
  for (let fn = 0; fn < functions.length; fn++) {
    const record = functions[fn]
    record.calls = derived.functions.calls[fn]
    record.primitiveCalls = derived.functions.primitiveCalls[fn]
    record.tottime = derived.functions.tottime[fn]
    record.cumtime = derived.functions.cumtime[fn]
    totalCalls += record.calls
    primitiveCalls += record.primitiveCalls
    totalTime += record.tottime
  }
  let truncatedCalls = 0
  const truncatedPath = new Uint8Array(tree.fn.length) // the node is (truncated) or below it
  for (let node = 1; node < tree.fn.length; node++) {
    truncatedPath[node] = tree.fn[node] === TRUNCATED_FN ? 1 : truncatedPath[tree.parent[node]]
    if (truncatedPath[node] === 1) truncatedCalls += tree.calls[node]
  }

  return {
    $schema: REPORT_SCHEMA_URL,
    version: REPORT_VERSION,
    exporter: meta.exporter,
    meta: {
      clock: meta.clock,
      startedAt: meta.startedAt,
      wallTime: meta.wallTime,
      totalTime,
      totalCalls,
      primitiveCalls,
      overhead: meta.overhead,
      ...(meta.clockResolution === undefined ? {} : { clockResolution: meta.clockResolution }),
      ...(meta.sampleInterval === undefined ? {} : { sampleInterval: meta.sampleInterval }),
      ...(meta.threadStall === undefined ? {} : { threadStall: meta.threadStall }),
      truncatedCalls,
      openFrames: view.openFrames,
      host: meta.host,
    },
    functions,
    edges: derived.edges,
    tree,
    ...(meta.routes === undefined
      ? {}
      : { routes: meta.routes.map(({ fn, ...route }) => ({ ...route, function: fn >= 0 ? newFn.get(fn) ?? -1 : -1 })) }),
    ...(meta.arguments === undefined || meta.arguments.length === 0
      ? {}
      : { arguments: meta.arguments.flatMap(({ fn, ...row }) => (newFn.has(fn) ? [{ function: newFn.get(fn)!, ...row }] : [])) }),
    ...(memory === undefined ? {} : { memory }),
  }
}

/**
 * `node` and what ran below it, alone under a new root (one profiled request and its pseudo-function).
 * Per-function async data (resumes, latency) is kept per function, not per node, so it cannot be split off: the
 * sub-view has none.
 */
export function subtreeView(view: RecorderView, node: number): RecorderView {
  const columns = { fn: view.nodeFn, parent: view.nodeParent, calls: view.nodeCalls, self: view.nodeSelfMs }
  const tree = rerootedTree(columns, [node], { keepRoots: true })
  return {
    nodeCount: tree.fn.length,
    nodeFn: Int32Array.from(tree.fn),
    nodeParent: Int32Array.from(tree.parent),
    nodeCalls: Float64Array.from(tree.calls),
    nodeSelfMs: Float64Array.from(tree.self),
    fnCount: view.fnCount,
    fnResumes: new Float64Array(view.fnCount),
    fnLatencyCount: new Float64Array(view.fnCount),
    fnLatencyTotalMs: new Float64Array(view.fnCount),
    fnLatencyMaxMs: new Float64Array(view.fnCount),
    openFrames: 0,
  }
}

function functionRecord(table: FunctionTable, view: RecorderView, fn: number): FunctionRecord {
  const record: FunctionRecord = {
    file: table.file[fn],
    line: table.line[fn],
    column: table.column[fn],
    name: table.name[fn],
    calls: 0,
    primitiveCalls: 0,
    tottime: 0,
    cumtime: 0,
  }
  if (view.fnResumes[fn] > 0) record.resumes = view.fnResumes[fn]
  if (view.fnLatencyCount[fn] > 0) {
    record.latency = {
      count: view.fnLatencyCount[fn],
      total: view.fnLatencyTotalMs[fn] * MS,
      max: view.fnLatencyMaxMs[fn] * MS,
    }
  }
  return record
}
