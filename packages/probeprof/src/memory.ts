// Memory per function, from the optional `memory` section of a report (a run with PROBEPROF_MEMORY=1): sampled
// bytes per calling-context node, from which every function's own and cumulative bytes and every edge's are
// derived exactly as tottime and cumtime are from the tree's times (the same derivation, another column).

import { deriveStats, type DerivedEdge } from '@probeprof/runtime/report'
import type { MemoryBytes, ProfileData } from './model.js'

/** The tree with bytes in place of own time, for deriveStats and rerootedTree. */
function bytesTree(profile: ProfileData, nodeBytes: readonly number[]) {
  return { fn: profile.tree.fn, parent: profile.tree.parent, calls: profile.tree.calls, self: nodeBytes }
}

/** The profile with each function's bytes derived from `profile.memory` (unchanged without one). */
export function withMemoryStats(profile: ProfileData): ProfileData {
  if (profile.memory === undefined) return profile
  const derived = deriveStats(bytesTree(profile, profile.memory.nodeBytes), profile.functions.length)
  profile.functions.forEach((fn, index) => {
    fn.memory = { self: derived.functions.tottime[index], cumulative: derived.functions.cumtime[index] }
  })
  return profile
}

/** Bytes per caller→callee edge (key: `caller * functions + callee`); empty without memory. */
export function edgeBytes(profile: ProfileData): Map<number, MemoryBytes> {
  const bytes = new Map<number, MemoryBytes>()
  if (profile.memory === undefined) return bytes
  const count = profile.functions.length
  const edges: DerivedEdge[] = deriveStats(bytesTree(profile, profile.memory.nodeBytes), count).edges
  for (const edge of edges) bytes.set(edge.caller * count + edge.callee, { self: edge.tottime, cumulative: edge.cumtime })
  return bytes
}

/** Sampled bytes over the whole profile (root included: allocations while no instrumented function ran). */
export function totalBytes(profile: ProfileData): number {
  return profile.memory?.nodeBytes.reduce((sum, bytes) => sum + bytes, 0) ?? 0
}

/**
 * What the runs merged in a profile say about their sampling: the largest interval (the coarsest estimate) and the
 * heaps in use at their ends added up; null when none had memory data.
 */
export function memoryRuns(profile: ProfileData): { samplingInterval: number; heapUsed: number } | null {
  const runs = profile.sources.flatMap((source) => (source.memory !== undefined && 'heapUsed' in source.memory ? [source.memory] : []))
  if (profile.memory === undefined || runs.length === 0) return null
  return { samplingInterval: Math.max(...runs.map((run) => run.samplingInterval)), heapUsed: runs.reduce((sum, run) => sum + run.heapUsed, 0) }
}

/** Why a profile has no bytes to show: the first source's own line (a browser page), or null. */
export function memoryUnavailable(profile: ProfileData): string | null {
  for (const source of profile.sources) if (source.memory !== undefined && 'unavailable' in source.memory) return source.memory.unavailable
  return null
}
