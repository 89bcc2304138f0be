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
// The per-node arithmetic is the runtime's `compensateSelf` (one implementation for the runtime's
// `compensateReport` and for this); this file applies it to loaded profiles.

import { compensateSelf, deriveStats, type CallTree, type ProbeOverhead } from '@probeprof/runtime/report'
import type { ProfileData } from './model.js'

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
    ...(profile.routes === undefined ? {} : { routes: profile.routes }),
    ...(profile.arguments === undefined ? {} : { arguments: profile.arguments }),
    ...(profile.memory === undefined ? {} : { memory: profile.memory }),
  }
}
