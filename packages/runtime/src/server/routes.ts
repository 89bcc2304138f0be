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

/**
 * One route's request statistics being counted (the report library's `RouteStats` is what a report says of them):
 * the one builder of a report's route record, for the route table and for a profiled request's own report.
 */
export class RouteTally {
  requests = 0
  errors = 0
  aborted = 0
  statuses = new Map<number, number>()
  latency = new LatencyRecorder()
  constructor(
    readonly name: string,
    readonly fn: number,
  ) {}

  /** One request that ended: `status` is the response's, or null when the connection closed first. */
  record(status: number | null, seconds: number): void {
    this.requests++
    if (status === null) {
      this.aborted++
      this.errors++
    } else {
      this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1)
      if (status >= K_ERROR_STATUS) this.errors++
    }
    this.latency.record(seconds)
  }

  /** The report's route record. */
  toRecord(): RouteInput {
    return {
      name: this.name,
      fn: this.fn,
      requests: this.requests,
      errors: this.errors,
      aborted: this.aborted,
      statuses: Object.fromEntries([...this.statuses.entries()].sort((a, b) => a[0] - b[0]).map(([status, count]) => [String(status), count])),
      latency: this.latency.toHistogram(),
    }
  }
}

export class RouteTable {
  private readonly routes = new Map<string, RouteTally>()
  private stats = new Map<string, RouteTally>() // routes that ended a request since the last reset

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
      stats = new RouteTally(route.name, route.fn)
      this.stats.set(route.name, stats)
    }
    stats.record(status, seconds)
  }

  /** What the report's `routes` says, in name order; the bucket of calls made before routing when it has any. */
  snapshot(): RouteInput[] {
    const records = [...this.stats.values()].map((stats) => stats.toRecord())
    const before = this.routes.get(BEFORE_ROUTING)
    if (before !== undefined && !this.stats.has(BEFORE_ROUTING)) records.push(new RouteTally(BEFORE_ROUTING, before.fn).toRecord())
    return records.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  }

  /** Forgets the request statistics (profiler.reset()); the pseudo-functions stay, as every function does. */
  reset(): void {
    this.stats = new Map()
  }

  private routeOf(name: string): RouteTally {
    let route = this.routes.get(name)
    if (route === undefined) {
      if (this.routes.size >= K_MAX_ROUTES && name !== BEFORE_ROUTING && name !== OTHER_ROUTES) return this.routeOf(OTHER_ROUTES)
      route = new RouteTally(name, this.profiler.pseudoFunction(ROUTE_FILE, name))
      this.routes.set(name, route)
    }
    return route
  }
}
