// `--compensate`: subtracts the probes' own calibrated cost from the times, cProfile's missing `bias`.
//
// **What is subtracted.** The runtime calibrates, per report, how many nanoseconds one probed call adds to the
// called function's own time (`calleeNsPerCall`) and to its caller's (`callerNsPerCall`). Every node of the
// calling-context tree loses `calls × callee` plus `calls of its children × caller`; cProfile's statistics are
// then derived again from the corrected tree, so tottime, cumtime and edges stay consistent with each other.
//
// **Never negative.** A per-call constant is an estimate: for a node whose measured own time is below it (a
// tiny function the JIT inlined, a machine that was idle during calibration), subtracting it would print a
// negative time, as Python's `profile` does with its bias. The estimate of a duration cannot be below zero, so
// such a node's own time becomes 0.
//
// The runtime's branch (issue-4-runtime) adds the same correction as `compensateSelf` to
// `@probeprof/runtime/report`; `compensateSelf` below has its exact signature and semantics, so once that lands
// on main this file imports it instead and keeps only `compensateProfile`.

import { deriveStats, type CallTree, type ProbeOverhead, type TreeColumns } from '@probeprof/runtime/report'
import type { ProfileData } from './model.js'

const NS = 1e-9

/** Own time per node (seconds) with the probes' cost taken out, clamped at 0. */
export function compensateSelf(tree: TreeColumns, overhead: ProbeOverhead): Float64Array {
  const self = Float64Array.from(tree.self)
  const calleeSeconds = overhead.calleeNsPerCall * NS
  const callerSeconds = overhead.callerNsPerCall * NS
  for (let node = 1; node < tree.fn.length; node++) {
    self[node] -= tree.calls[node] * calleeSeconds
    self[tree.parent[node]] -= tree.calls[node] * callerSeconds
  }
  for (let node = 0; node < self.length; node++) if (self[node] < 0) self[node] = 0
  return self
}

/** The tree with compensated own times. */
export function compensateTree(tree: CallTree, overhead: ProbeOverhead): CallTree {
  return { fn: tree.fn.slice(), parent: tree.parent.slice(), calls: tree.calls.slice(), self: Array.from(compensateSelf(tree, overhead)) }
}

/**
 * A loaded report (one source) with the probes' cost subtracted; reports without a calibration (clock
 * `counts`, no times) come back unchanged. Apply it to each report before merging: each run has its own cost.
 */
export function compensateProfile(profile: ProfileData): ProfileData {
  const [source] = profile.sources
  if (profile.sources.length !== 1 || source.overhead === null || source.compensated !== null) return profile
  const tree = compensateTree(profile.tree, source.overhead)
  const derived = deriveStats(tree, profile.functions.length)
  const subtracted = profile.tree.self.reduce((sum, own, node) => sum + own - tree.self[node], 0)
  return {
    functions: profile.functions.map((fn, index) => ({
      ...fn,
      tottime: derived.functions.tottime[index],
      cumtime: derived.functions.cumtime[index],
    })),
    edges: derived.edges.map((edge) => ({ ...edge })),
    tree,
    sources: [{ ...source, compensated: subtracted }],
  }
}
