// Per-route views of a profiled server. A route's calls are the subtree of its pseudo-function's node under
// the root (the runtime's server integration records them there), so one route is a profile of its own: that
// subtree, re-rooted, with every cProfile statistic derived again (`report --route`); the summary of all routes
// puts their requests, latency percentiles and CPU time side by side (`report --routes`).

import { deriveStats, latencyPercentile, rerootedTree } from '@probeprof/runtime/report'
import { withMemoryStats } from './memory.js'
import { ProbeprofError } from './errors.js'
import { copyRoute, standardName, type FunctionStats, type ProfileData, type RouteStats } from './model.js'
import { suggestion } from '@probeprof/runtime/suggest'
import { resolveSort } from './sort-keys.js'

// A route's top functions are what `report --route NAME --sort tottime` lists first: the same sort, ties included.
const BY_OWN_TIME = resolveSort(['tottime'])

/** One route in the summary. Times in seconds; latency percentiles are NaN for routes without requests. */
export interface RouteSummary {
  name: string
  requests: number
  /** Responses with status ≥ 500 (the report's `errors` less the aborted requests, which are counted apart). */
  errors: number
  /** Requests whose connection closed before their response was complete (a load generator hanging up). */
  aborted: number
  statuses: Record<string, number>
  latency: { mean: number; p50: number; p95: number; p99: number; max: number }
  /** Calls of instrumented functions made for the route's requests. */
  calls: number
  /** Time spent in instrumented code for the route's requests (the subtree's inclusive time). */
  cumtime: number
  /** The functions with the most own time in this route. */
  top: { name: string; standardName: string; calls: number; tottime: number }[]
}

/** The routes of a profile; a ProbeprofError when it has none (not a server's report). */
export function routesOf(profile: ProfileData): RouteStats[] {
  const routes = profile.routes ?? []
  if (routes.length === 0) {
    throw new ProbeprofError(
      'this report has no routes: it was not written by a server profiled through @probeprof/runtime/server (see README, "Profiling a server")',
    )
  }
  return routes
}

/** The route named `name` (`GET /users/:id`), or an error listing the closest name. */
export function findRoute(profile: ProfileData, name: string): RouteStats {
  const routes = routesOf(profile)
  const found = routes.find((route) => route.name === name)
  if (found !== undefined) return found
  const names = routes.map((route) => route.name)
  throw new ProbeprofError(`no route '${name}' in this report${suggestion(name, names)} (routes: ${names.map((n) => `'${n}'`).join(', ')})`)
}

/**
 * The calls of one route as a profile of their own: its subtree, its pseudo-function's node as the root. Its
 * functions' async data (resumes, latency) is recorded per function, not per route, so the view has none.
 */
export function routeProfile(profile: ProfileData, name: string): ProfileData {
  const route = findRoute(profile, name)
  const tree = profile.tree
  const roots: number[] = []
  if (route.function >= 0) {
    for (let node = 1; node < tree.fn.length; node++) if (tree.parent[node] === 0 && tree.fn[node] === route.function) roots.push(node)
  }
  const out = rerootedTree(tree, roots, { keepRoots: false })
  // the same re-rooting of the bytes column: rerootedTree's node order depends on the structure only
  const nodeBytes = profile.memory && rerootedTree({ ...tree, self: profile.memory.nodeBytes }, roots, { keepRoots: false }).self
  // The route's functions only, renumbered in first-seen order (parents before children).
  const newFn = new Map<number, number>()
  const functions: FunctionStats[] = []
  for (let node = 1; node < out.fn.length; node++) {
    const fn = out.fn[node]
    if (fn < 0) continue // (truncated)
    let mapped = newFn.get(fn)
    if (mapped === undefined) {
      mapped = functions.length
      newFn.set(fn, mapped)
      functions.push({ ...profile.functions[fn], resumes: 0, latency: null })
    }
    out.fn[node] = mapped
  }
  const derived = deriveStats(out, functions.length)
  functions.forEach((fn, index) => {
    fn.calls = derived.functions.calls[index]
    fn.primitiveCalls = derived.functions.primitiveCalls[index]
    fn.tottime = derived.functions.tottime[index]
    fn.cumtime = derived.functions.cumtime[index]
  })
  return withMemoryStats({
    functions,
    edges: derived.edges.map((edge) => ({ ...edge })),
    tree: out,
    sources: profile.sources.map((source) => ({ ...source })),
    routes: [{ ...copyRoute(route), function: -1 }],
    route: route.name,
    ...(nodeBytes === undefined ? {} : { memory: { nodeBytes } }),
  })
}

/** Every route's summary, in the profile's (name) order. */
export function summarizeRoutes(profile: ProfileData, topCount = 3): RouteSummary[] {
  return routesOf(profile).map((route) => {
    const own = routeProfile(profile, route.name)
    const top = own.functions
      .slice()
      .sort(BY_OWN_TIME.compare)
      .slice(0, topCount)
      .map((fn) => ({ name: fn.name, standardName: standardName(fn), calls: fn.calls, tottime: fn.tottime }))
    const latency = route.latency
    return {
      name: route.name,
      requests: route.requests,
      errors: route.errors - route.aborted,
      aborted: route.aborted,
      statuses: { ...route.statuses },
      latency: {
        mean: latency.count === 0 ? NaN : latency.total / latency.count,
        p50: latencyPercentile(latency, 0.5),
        p95: latencyPercentile(latency, 0.95),
        p99: latencyPercentile(latency, 0.99),
        max: latency.count === 0 ? NaN : latency.max,
      },
      calls: own.functions.reduce((sum, fn) => sum + fn.calls, 0),
      cumtime: own.tree.self.reduce((sum, self) => sum + self, 0),
      top,
    }
  })
}

// ---- ordering ---------------------------------------------------------------------------------------------

interface RouteSortKey {
  label: string
  compare(a: RouteSummary, b: RouteSummary): number
}

const descending = (value: (route: RouteSummary) => number) => (a: RouteSummary, b: RouteSummary) => nanLast(value(b)) - nanLast(value(a))
const nanLast = (value: number) => (Number.isNaN(value) ? -Infinity : value)

/** `report --routes --sort KEY`: what a route table can be ordered by (numbers largest first, names A to Z). */
export const ROUTE_SORT_KEYS: Readonly<Record<string, RouteSortKey>> = {
  cumulative: { label: 'cumulative time', compare: descending((route) => route.cumtime) },
  cumtime: { label: 'cumulative time', compare: descending((route) => route.cumtime) },
  percall: { label: 'time per request', compare: descending((route) => (route.requests === 0 ? NaN : route.cumtime / route.requests)) },
  requests: { label: 'requests', compare: descending((route) => route.requests) },
  errors: { label: 'errors', compare: descending((route) => route.errors) },
  aborted: { label: 'aborted requests', compare: descending((route) => route.aborted) },
  p50: { label: 'median latency', compare: descending((route) => route.latency.p50) },
  p95: { label: '95th percentile latency', compare: descending((route) => route.latency.p95) },
  p99: { label: '99th percentile latency', compare: descending((route) => route.latency.p99) },
  max: { label: 'maximum latency', compare: descending((route) => route.latency.max) },
  name: { label: 'route name', compare: (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) },
}

/** Sorts route summaries by keys (exact names or unique prefixes), later keys breaking ties, the name last. */
export function sortRoutes(routes: RouteSummary[], keys: readonly string[]): { routes: RouteSummary[]; label: string } {
  const resolved = (keys.length === 0 ? ['cumulative'] : keys).map(resolveRouteSortKey)
  const sorted = routes.slice().sort((a, b) => {
    for (const key of resolved) {
      const order = key.compare(a, b)
      if (order !== 0) return order
    }
    return ROUTE_SORT_KEYS.name.compare(a, b)
  })
  return { routes: sorted, label: [...new Set(resolved.map((key) => key.label))].join(', ') }
}

export function resolveRouteSortKey(word: string): RouteSortKey {
  const names = Object.keys(ROUTE_SORT_KEYS)
  const exact = ROUTE_SORT_KEYS[word]
  if (exact !== undefined && Object.hasOwn(ROUTE_SORT_KEYS, word)) return exact
  const prefixed = [...new Set(names.filter((name) => name.startsWith(word)).map((name) => ROUTE_SORT_KEYS[name]))]
  if (word.length > 0 && prefixed.length === 1) return prefixed[0]
  throw new ProbeprofError(`invalid route sort key '${word}'${suggestion(word, names)} (with --routes, choose from ${names.join(', ')})`)
}
