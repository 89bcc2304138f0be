// @probeprof/runtime/report: what readers of reports need (the format and the derivation), without
// installing a profiler. The probeprof CLI imports this entry, never the main one.
export { deriveStats, nodeTotals, childLists, subtreeNodes, rerootedTree, compensateSelf, compensateReport } from './derive.js'
export { emptyLatency, latencyPercentile, mergeLatency } from './server/latency.js'
export type { Derived, DerivedEdge, DerivedFunctionStats, TreeColumns } from './derive.js'
export * from './format-spec.js'
export { CLOCK_CHOICES, CLOCK_MODES, type ClockChoice } from './options.js'
