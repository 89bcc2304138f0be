// Derives cProfile's statistics from a calling-context tree. Cold path: runs once per snapshot or report.
//
// Why this is exact: every activation of a node has the same path from the root, so whether a call was
// primitive is a property of the node. lsprof counts a call as primitive when the function was not already
// active, and a caller→callee call as edge-primitive when that edge was not already active; on a path, both are
// "no ancestor carries the same function (or the same edge)". cumtime adds the node's inclusive time only for
// primitive nodes, which is lsprof's "outermost activations only".

import { ROOT_FN } from './context-tree.js'
import type { CallTree, EdgeRecord, FunctionRecord, ProbeOverhead, ProfileReport } from './format-spec.js'

/** The shape derive() reads: a CallTree from the report, or typed arrays from the recorder. */
export interface TreeColumns {
  fn: ArrayLike<number>
  parent: ArrayLike<number>
  calls: ArrayLike<number>
  self: ArrayLike<number>
}

export interface DerivedFunctionStats {
  calls: Float64Array
  primitiveCalls: Float64Array
  tottime: Float64Array
  cumtime: Float64Array
}

/** A derived caller→callee edge: exactly the report's EdgeRecord. */
export type DerivedEdge = EdgeRecord

export interface Derived {
  functions: DerivedFunctionStats
  /** Sorted by caller, then callee. */
  edges: DerivedEdge[]
  /** Inclusive time per node: its own time plus its subtree's. */
  nodeTotal: Float64Array
}

export function nodeTotals(tree: TreeColumns): Float64Array {
  const count = tree.fn.length
  const total = Float64Array.from(tree.self)
  for (let node = count - 1; node > 0; node--) total[tree.parent[node]] += total[node] // children follow parents
  return total
}

/**
 * `root` and every node below it, in index order (so `root` first, and parents before their children): one
 * route's or one request's part of the tree.
 */
export function subtreeNodes(parent: ArrayLike<number>, root: number): number[] {
  const inside = new Uint8Array(parent.length)
  inside[root] = 1
  const nodes = [root]
  for (let node = root + 1; node < parent.length; node++) {
    if (inside[parent[node]] === 1) {
      inside[node] = 1
      nodes.push(node)
    }
  }
  return nodes
}

/**
 * The subtrees of `roots` as a tree of their own under a new root (function ROOT_FN), each subtree in index
 * order and the subtrees one after another, so parents still come before their children. Function ids are
 * kept. The runtime's report of one profiled request and the CLI's profile of one route are both this tree:
 * - `keepRoots: true`: every root stays a node, a child of the new root (a request's pseudo-function with its calls);
 * - `keepRoots: false`: the roots become the new root: their calls and own times add up on it, their children are
 *   its children (a route's profile, where the route's pseudo-function is the whole profile's root).
 * Roots must be disjoint subtrees (distinct children of the root, say).
 */
export function rerootedTree(tree: TreeColumns, roots: readonly number[], options: { keepRoots: boolean }): CallTree {
  const out: CallTree = { fn: [ROOT_FN], parent: [-1], calls: [0], self: [0] }
  const newNode = new Int32Array(tree.fn.length)
  for (const root of roots) {
    for (const node of subtreeNodes(tree.parent, root)) {
      if (node === root && !options.keepRoots) {
        newNode[root] = 0
        out.calls[0] += tree.calls[root]
        out.self[0] += tree.self[root]
        continue
      }
      newNode[node] = out.fn.length
      out.fn.push(tree.fn[node])
      out.parent.push(node === root ? 0 : newNode[tree.parent[node]])
      out.calls.push(tree.calls[node])
      out.self.push(tree.self[node])
    }
  }
  return out
}

/** Children of every node in index order, as a compressed adjacency list. */
export function childLists(parent: ArrayLike<number>): { start: Int32Array; children: Int32Array } {
  const count = parent.length
  const start = new Int32Array(count + 1)
  for (let node = 1; node < count; node++) start[parent[node] + 1]++
  for (let node = 0; node < count; node++) start[node + 1] += start[node]
  const children = new Int32Array(Math.max(0, count - 1))
  const fill = start.slice(0, count)
  for (let node = 1; node < count; node++) children[fill[parent[node]]++] = node
  return { start, children }
}

export function deriveStats(tree: TreeColumns, functionCount: number): Derived {
  const count = tree.fn.length
  const total = nodeTotals(tree)
  const functions: DerivedFunctionStats = {
    calls: new Float64Array(functionCount),
    primitiveCalls: new Float64Array(functionCount),
    tottime: new Float64Array(functionCount),
    cumtime: new Float64Array(functionCount),
  }
  const edges = new Map<number, DerivedEdge>()
  const activeFn = new Int32Array(functionCount)
  const activeEdge = new Map<number, number>()
  const edgeKey = (caller: number, callee: number) => caller * functionCount + callee

  // Depth-first walk keeping, for the current path, how many times each function and edge occurs on it.
  const { start, children } = childLists(tree.parent)
  const pathNode = new Int32Array(count)
  const pathNext = new Int32Array(count) // index of the next child to visit
  let depth = 0
  pathNode[0] = 0
  pathNext[0] = start[0]
  while (depth >= 0) {
    const node = pathNode[depth]
    if (pathNext[depth] < start[node + 1]) {
      const child = children[pathNext[depth]++]
      visit(child)
      depth++
      pathNode[depth] = child
      pathNext[depth] = start[child]
      continue
    }
    leave(node)
    depth--
  }
  return {
    functions,
    edges: [...edges.values()].sort((a, b) => a.caller - b.caller || a.callee - b.callee),
    nodeTotal: total,
  }

  function visit(node: number): void {
    const fn = tree.fn[node]
    if (fn < 0) return // the (truncated) node is no function
    const calls = tree.calls[node]
    functions.calls[fn] += calls
    functions.tottime[fn] += tree.self[node]
    if (activeFn[fn]++ === 0) {
      functions.primitiveCalls[fn] += calls
      functions.cumtime[fn] += total[node]
    }
    const caller = tree.fn[tree.parent[node]]
    if (caller < 0) return // called from the root: no edge, as with cProfile's top-level calls
    const key = edgeKey(caller, fn)
    let edge = edges.get(key)
    if (edge === undefined) {
      edge = { caller, callee: fn, calls: 0, primitiveCalls: 0, tottime: 0, cumtime: 0 }
      edges.set(key, edge)
    }
    edge.calls += calls
    edge.tottime += tree.self[node]
    const active = activeEdge.get(key) ?? 0
    if (active === 0) {
      edge.primitiveCalls += calls
      edge.cumtime += total[node]
    }
    activeEdge.set(key, active + 1)
  }

  function leave(node: number): void {
    const fn = tree.fn[node]
    if (node === 0 || fn < 0) return
    activeFn[fn]--
    const caller = tree.fn[tree.parent[node]]
    if (caller < 0) return
    const key = edgeKey(caller, fn)
    activeEdge.set(key, activeEdge.get(key)! - 1)
  }
}

// ---- overhead compensation ------------------------------------------------------------------------------------

/**
 * Own times with the probes' own cost taken out, per node (cProfile's `bias`, subtracted per call as Python's
 * `profile` does).
 *
 * **What is subtracted.** A node's calls each cost `calleeNsPerCall` inside the node's own time (the part of the
 * enter and exit probes between their clock reads), and each call the node makes costs `callerNsPerCall` in
 * the node's own time (the rest of the probes, run while the caller is on top). Both come from the report's
 * `meta.overhead`, measured by calibrate.ts on the machine that ran the app.
 *
 * **Clamped at zero.** The calibration is a median over an empty function; a real tiny function can cost less
 * than that median (inlining, caches), and a negative own time is never closer to the truth than zero.
 *
 * `tree.self` is in seconds, as in reports.
 */
export function compensateSelf(tree: TreeColumns, overhead: ProbeOverhead): Float64Array {
  const count = tree.fn.length
  const self = Float64Array.from(tree.self)
  const calleeS = overhead.calleeNsPerCall * 1e-9
  const callerS = overhead.callerNsPerCall * 1e-9
  for (let node = 1; node < count; node++) {
    const calls = tree.calls[node]
    self[node] -= calls * calleeS
    self[tree.parent[node]] -= calls * callerS
  }
  for (let node = 0; node < count; node++) if (self[node] < 0) self[node] = 0
  return self
}

/**
 * The report with the probes' own cost subtracted from every time (what `probeprof report --compensate` shows):
 * the tree's own times are compensated, then functions, edges and the total are derived again. Counts are
 * unchanged. Reports without a calibration (`counts`, `sampled`) come back as they are.
 */
export function compensateReport(report: ProfileReport): ProfileReport {
  const overhead = report.meta.overhead
  if (overhead === null) return report
  const self = compensateSelf(report.tree, overhead)
  const tree = { ...report.tree, self: Array.from(self) }
  const derived = deriveStats(tree, report.functions.length)
  const functions: FunctionRecord[] = report.functions.map((fn, i) => ({
    ...fn,
    tottime: derived.functions.tottime[i],
    cumtime: derived.functions.cumtime[i],
  }))
  const edges: EdgeRecord[] = derived.edges.map((edge) => ({ ...edge }))
  const totalTime = functions.reduce((sum, fn) => sum + fn.tottime, 0)
  return { ...report, meta: { ...report.meta, totalTime }, functions, edges, tree }
}
