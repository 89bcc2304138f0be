// The routes of a server: one pseudo-function per route (file `<route>`, named `GET /users/:id`) under whose
// node its requests' calls are recorded, and the request statistics the tree cannot hold (status, latency).

import type { Profiler } from '../profiler.js'
import type { RouteInput } from '../snapshot.js'
import { LatencyRecorder } from './latency.js'

/** File of the routes' pseudo-functions. */
export const ROUTE_FILE = '<route>'
/** File of the profiled requests' pseudo-functions. */
export const REQUEST_FILE = '<request>'
/** Calls made before the framework matched a route (middleware in front of the router, 404 handlers). */
export const BEFORE_ROUTING = '(before routing)'
/** Routes past K_MAX_ROUTES: a route function naming raw URLs must not grow the tree without bound. */
export const OTHER_ROUTES = '(other routes)'
/** Distinct route names kept; enough for any real route table, small against the node cap. */
export const K_MAX_ROUTES = 1000
/** Status from which a response counts as an error. */
const K_ERROR_STATUS = 500

class RouteStats {
  requests = 0
  errors = 0
  aborted = 0
  statuses = new Map<number, number>()
  latency = new LatencyRecorder()
  constructor(
    readonly name: string,
    readonly fn: number,
  ) {}
}

export class RouteTable {
  private readonly routes = new Map<string, RouteStats>()
  private stats = new Map<string, RouteStats>() // routes that ended a request since the last reset

  constructor(private readonly profiler: Profiler) {}

  /** The pseudo-function of a route, created on first sight. */
  functionOf(name: string): number {
    return this.routeOf(name).fn
  }

  /** One request that ended: `status` is the response's, or null when the connection closed first. */
  record(name: string, status: number | null, seconds: number): void {
    const route = this.routeOf(name)
    let stats = this.stats.get(route.name)
    if (stats === undefined) {
      stats = new RouteStats(route.name, route.fn)
      this.stats.set(route.name, stats)
    }
    stats.requests++
    if (status === null) {
      stats.aborted++
      stats.errors++
    } else {
      stats.statuses.set(status, (stats.statuses.get(status) ?? 0) + 1)
      if (status >= K_ERROR_STATUS) stats.errors++
    }
    stats.latency.record(seconds)
  }

  /** What the report's `routes` says, in name order; the bucket of calls made before routing when it has any. */
  snapshot(): RouteInput[] {
    const records: RouteInput[] = [...this.stats.values()].map((stats) => ({
      name: stats.name,
      fn: stats.fn,
      requests: stats.requests,
      errors: stats.errors,
      aborted: stats.aborted,
      statuses: Object.fromEntries([...stats.statuses.entries()].sort((a, b) => a[0] - b[0]).map(([status, count]) => [String(status), count])),
      latency: stats.latency.toHistogram(),
    }))
    const before = this.routes.get(BEFORE_ROUTING)
    if (before !== undefined && !this.stats.has(BEFORE_ROUTING)) {
      records.push({ name: BEFORE_ROUTING, fn: before.fn, requests: 0, errors: 0, aborted: 0, statuses: {}, latency: new LatencyRecorder().toHistogram() })
    }
    return records.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  }

  /** Forgets the request statistics (profiler.reset()); the pseudo-functions stay, as every function does. */
  reset(): void {
    this.stats = new Map()
  }

  private routeOf(name: string): RouteStats {
    let route = this.routes.get(name)
    if (route === undefined) {
      if (this.routes.size >= K_MAX_ROUTES && name !== BEFORE_ROUTING && name !== OTHER_ROUTES) return this.routeOf(OTHER_ROUTES)
      route = new RouteStats(name, this.profiler.pseudoFunction(ROUTE_FILE, name))
      this.routes.set(name, route)
    }
    return route
  }
}
