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
// The runtime is adding the same correction to `@probeprof/runtime/report`; once it lands, this module keeps
// only `compensateProfile` over it.

import { deriveStats, type CallTree, type ProbeOverhead } from '@probeprof/runtime/report'
import type { ProfileData } from './model.js'

const NS = 1e-9

/** The tree with the probes' cost taken out of every node's own time (seconds), clamped at 0. */
export function compensateTree(tree: CallTree, overhead: ProbeOverhead): CallTree {
  const count = tree.fn.length
  const childCalls = new Float64Array(count)
  for (let node = 1; node < count; node++) childCalls[tree.parent[node]] += tree.calls[node]
  const calleeSeconds = overhead.calleeNsPerCall * NS
  const callerSeconds = overhead.callerNsPerCall * NS
  const self = tree.self.map((own, node) => Math.max(0, own - tree.calls[node] * calleeSeconds - childCalls[node] * callerSeconds))
  return { fn: tree.fn.slice(), parent: tree.parent.slice(), calls: tree.calls.slice(), self }
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
