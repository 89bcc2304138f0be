// "Less is more": what each feature costs, where the profile knows features. A server's routes (share of the
// time against share of the requests: one rarely used route that costs most of the time is a feature to
// question), and for a function called from several places, its time split by caller (the call edges).

import type { ProfileData } from '../model.js'
import { summarizeRoutes } from '../routes.js'
import type { AdvisedFunction, HelperCost, RouteCost } from './types.js'

/** At most this many shared functions are split by caller: the costliest. */
const K_MAX_HELPERS = 5

export function routeCosts(profile: ProfileData): RouteCost[] {
  if ((profile.routes ?? []).length === 0) return []
  const routes = summarizeRoutes(profile, 0)
  const requests = routes.reduce((sum, route) => sum + route.requests, 0)
  const time = routes.reduce((sum, route) => sum + route.cumtime, 0)
  return routes
    .map((route) => {
      const requestShare = requests > 0 ? route.requests / requests : 0
      const timeShare = time > 0 ? route.cumtime / time : 0
      return { name: route.name, requests: route.requests, requestShare, cumtime: route.cumtime, timeShare, costRatio: requestShare > 0 ? timeShare / requestShare : null }
    })
    .sort((a, b) => b.cumtime - a.cumtime || (a.name < b.name ? -1 : 1))
}

/**
 * Functions whose cumulative time reaches `minShare` of `referenceSeconds` and that two callers or more call,
 * each split by caller (edge calls and the callee's cumulative time under that caller). Recursive edges are
 * left out: a function's calls to itself are not a feature.
 */
export function helperCosts(profile: ProfileData, functions: readonly AdvisedFunction[], referenceSeconds: number, minShare: number): HelperCost[] {
  const byIndex = new Map(functions.map((fn) => [fn.index, fn]))
  const incoming = new Map<number, ProfileData['edges']>()
  for (const edge of profile.edges) {
    if (edge.caller === edge.callee || !byIndex.has(edge.caller) || !byIndex.has(edge.callee)) continue
    const list = incoming.get(edge.callee)
    if (list === undefined) incoming.set(edge.callee, [edge])
    else list.push(edge)
  }
  const helpers: HelperCost[] = []
  for (const [callee, edges] of incoming) {
    const fn = byIndex.get(callee)!
    if (edges.length < 2 || referenceSeconds <= 0 || fn.cumtime / referenceSeconds < minShare) continue
    const calls = edges.reduce((sum, edge) => sum + edge.calls, 0)
    const time = edges.reduce((sum, edge) => sum + edge.cumtime, 0)
    const callers = edges
      .map((edge) => ({
        caller: byIndex.get(edge.caller)!,
        calls: edge.calls,
        callShare: calls > 0 ? edge.calls / calls : 0,
        cumtime: edge.cumtime,
        timeShare: time > 0 ? edge.cumtime / time : 0,
      }))
      .sort((a, b) => b.cumtime - a.cumtime || b.calls - a.calls || a.caller.index - b.caller.index)
    helpers.push({ fn, callers })
  }
  return helpers.sort((a, b) => b.fn.cumtime - a.fn.cumtime || a.fn.index - b.fn.index).slice(0, K_MAX_HELPERS)
}
