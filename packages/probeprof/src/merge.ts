// Pure merging of profiles (pstats' add): counts, times and edges are summed per function, trees are merged
// path by path. Associative and order-independent up to the order of the function list.

import { mergeLatency, type LatencyRecord } from '@probeprof/runtime/report'
import { withMemoryStats } from './memory.js'
import { copyRoute, functionKey, type ArgumentStats, type FunctionStats, type ProfileData, type RouteStats } from './model.js'

export function emptyProfile(): ProfileData {
  return { functions: [], edges: [], tree: { fn: [-1], parent: [-1], calls: [0], self: [0] }, sources: [] }
}

export function mergeProfiles(...profiles: ProfileData[]): ProfileData {
  const out = emptyProfile()
  const functionIndex = new Map<string, number>()
  // numeric keys: a merge walks every edge and tree node, and string keys cost more than the rest together
  const functionCount = profiles.reduce((sum, profile) => sum + profile.functions.length, 0)
  const edgeIndex = new Map<number, number>()
  const nodeIndex = new Map<number, number>()
  const FN_SLOTS = functionCount + 3 // tree.fn is -2 (truncated), -1 (root) or a function index
  const routes = new Map<string, RouteStats>()
  const fingerprints = new Map<number, ArgumentStats>()
  // bytes per merged node, when any profile has memory (the others allocated nothing that was sampled)
  const nodeBytes: number[] | null = profiles.some((profile) => profile.memory !== undefined) ? [0] : null

  for (const profile of profiles) {
    const fnMap = profile.functions.map((fn) => {
      const key = functionKey(fn)
      const known = functionIndex.get(key)
      if (known === undefined) {
        functionIndex.set(key, out.functions.length)
        out.functions.push({ ...fn, latency: fn.latency && { ...fn.latency } })
        return out.functions.length - 1
      }
      addFunctionStats(out.functions[known], fn)
      return known
    })

    for (const edge of profile.edges) {
      const caller = fnMap[edge.caller]
      const callee = fnMap[edge.callee]
      const key = caller * functionCount + callee
      const known = edgeIndex.get(key)
      if (known === undefined) {
        edgeIndex.set(key, out.edges.length)
        out.edges.push({ ...edge, caller, callee })
      } else {
        const into = out.edges[known]
        into.calls += edge.calls
        into.primitiveCalls += edge.primitiveCalls
        into.tottime += edge.tottime
        into.cumtime += edge.cumtime
      }
    }

    const tree = profile.tree
    const nodeMap = new Int32Array(tree.fn.length)
    out.tree.calls[0] += tree.calls[0]
    out.tree.self[0] += tree.self[0]
    const bytes = profile.memory?.nodeBytes
    if (nodeBytes !== null && bytes !== undefined) nodeBytes[0] += bytes[0]
    for (let node = 1; node < tree.fn.length; node++) {
      const fn = tree.fn[node] < 0 ? tree.fn[node] : fnMap[tree.fn[node]]
      const parent = nodeMap[tree.parent[node]]
      const key = parent * FN_SLOTS + fn + 2
      let merged = nodeIndex.get(key)
      if (merged === undefined) {
        merged = out.tree.fn.length
        nodeIndex.set(key, merged)
        out.tree.fn.push(fn)
        out.tree.parent.push(parent)
        out.tree.calls.push(0)
        out.tree.self.push(0)
        nodeBytes?.push(0)
      }
      nodeMap[node] = merged
      out.tree.calls[merged] += tree.calls[node]
      out.tree.self[merged] += tree.self[node]
      if (nodeBytes !== null && bytes !== undefined) nodeBytes[merged] += bytes[node]
    }
    out.sources.push(...profile.sources)
    for (const route of profile.routes ?? []) addRoute(routes, route, route.function < 0 ? -1 : fnMap[route.function])
    for (const row of profile.arguments ?? []) addArguments(fingerprints, row, fnMap[row.function])
  }
  out.edges.sort((a, b) => a.caller - b.caller || a.callee - b.callee)
  if (fingerprints.size > 0) out.arguments = [...fingerprints.values()].sort((a, b) => a.function - b.function)
  if (nodeBytes !== null) {
    out.memory = { nodeBytes }
    withMemoryStats(out)
  }
  if (routes.size > 0) out.routes = [...routes.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  return out
}

/** Routes are matched by name: requests, statuses and latency histograms add up. */
function addRoute(routes: Map<string, RouteStats>, route: RouteStats, fn: number): void {
  const known = routes.get(route.name)
  if (known === undefined) {
    routes.set(route.name, { ...copyRoute(route), function: fn })
    return
  }
  if (known.function < 0) known.function = fn
  known.requests += route.requests
  known.errors += route.errors
  known.aborted += route.aborted
  for (const [status, count] of Object.entries(route.statuses)) known.statuses[status] = (known.statuses[status] ?? 0) + count
  known.latency = mergeLatency(known.latency, route.latency)
}

/**
 * Fingerprints of one function add up over reports (and over functions that a rename makes one): the calls
 * exactly, the distinct tuples as an upper bound, since the same tuple may be among each part's.
 */
function addArguments(fingerprints: Map<number, ArgumentStats>, row: ArgumentStats, fn: number): void {
  const known = fingerprints.get(fn)
  if (known === undefined) {
    fingerprints.set(fn, { ...row, function: fn })
    return
  }
  known.calls += row.calls
  known.distinct += row.distinct
  known.untracked += row.untracked
  known.full ||= row.full
  known.inconsistentTuples += row.inconsistentTuples
  known.inconsistentCalls += row.inconsistentCalls
  known.reports += row.reports
}

/** Gives functions new identities (e.g. stripped directories) and merges those that become equal. */
export function renameFunctions(profile: ProfileData, rename: (fn: FunctionStats) => FunctionStats): ProfileData {
  const renamed = mergeProfiles({ ...profile, functions: profile.functions.map(rename) })
  return profile.route === undefined ? renamed : { ...renamed, route: profile.route }
}

function addFunctionStats(into: FunctionStats, from: FunctionStats): void {
  into.calls += from.calls
  into.primitiveCalls += from.primitiveCalls
  into.tottime += from.tottime
  into.cumtime += from.cumtime
  into.resumes += from.resumes
  into.latency = addLatency(into.latency, from.latency)
}

function addLatency(a: LatencyRecord | null, b: LatencyRecord | null): LatencyRecord | null {
  if (a === null) return b && { ...b }
  if (b === null) return a
  return { count: a.count + b.count, total: a.total + b.total, max: Math.max(a.max, b.max) }
}
