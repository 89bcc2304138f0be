// A profiled server's routes as a view of a Stats (`report --routes`): one row per route, from the report's route
// records and the routes' parts of the calling-context tree (routes.ts). One route's own profile is
// `stats.route(name)`, a change of the Stats like stripDirs.

import type { Restriction } from './format/restrict.js'
import { formatRoutesTable } from './format/routes-table.js'
import { timeFormat } from './format/units.js'
import { sortRoutes, summarizeRoutes, type RouteSummary } from './routes.js'
import { headerLines } from './stats-header.js'
import type { Stats } from './stats.js'

/** The routes of a profiled server: requests, errors, latency percentiles, time in instrumented code, top functions. */
export function routeSummaries(stats: Stats): RouteSummary[] {
  return summarizeRoutes(stats.profile)
}

/** The routes table, ordered by route sort keys (default: cumulative time); restrictions match route names. */
export function formatRoutes(stats: Stats, sortKeys: readonly string[] = [], ...restrictions: Restriction[]): string {
  const { routes, label } = sortRoutes(routeSummaries(stats), sortKeys)
  return formatRoutesTable({
    rows: routes,
    order: label,
    restrictions,
    header: headerLines(stats),
    time: timeFormat(stats.unit),
    wallTime: stats.wallTime,
  })
}
