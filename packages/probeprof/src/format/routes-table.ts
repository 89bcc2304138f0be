// `report --routes`: one row per route of a profiled server: requests and errors, latency percentiles (wall
// time per request, awaits included), and the time its requests spent in instrumented code, with the
// functions that took most of it.

import { basename } from 'node:path'
import type { RouteSummary } from '../routes.js'
import { applyRestrictions, type Restriction } from './restrict.js'
import { orderLine } from './stats-table.js'
import type { TimeFormat } from './units.js'

export interface RoutesTableInput {
  /** The routes, in the listing order. */
  rows: readonly RouteSummary[]
  /** "Ordered by:" label */
  order: string
  restrictions: readonly Restriction[]
  header: readonly string[]
  time: TimeFormat
  /** Wall time of the recording (summed over merged reports). */
  wallTime: number
}

export const ROUTES_TITLE = ' requests   errors  aborted      p50      p95      max  cumtime  percall route'

export function formatRoutesTable(input: RoutesTableInput): string {
  const { time } = input
  const lines = [...input.header]
  if (input.header.length > 0) lines.push('')
  const requests = input.rows.reduce((sum, route) => sum + route.requests, 0)
  const errors = input.rows.reduce((sum, route) => sum + route.errors, 0)
  const aborted = input.rows.reduce((sum, route) => sum + route.aborted, 0)
  const cumtime = input.rows.reduce((sum, route) => sum + route.cumtime, 0)
  const routes = input.rows.filter((route) => route.requests > 0).length
  lines.push(
    `         ${requests} requests to ${routes} routes (${errors} errors, ${aborted} aborted) in ${time.text(input.wallTime)}; ${time.text(cumtime)} in instrumented code`,
    '',
  )
  // restrictions match route names, as pstats' match `file:line(function)`
  const named = input.rows.map((route) => ({ route, file: '', line: 0, name: route.name }))
  const { rows, notes } = applyRestrictions(named, input.restrictions)
  if (rows.length > 0) {
    lines.push(orderLine(input.order), ...notes)
    if (time.legend !== null) lines.push(time.legend)
    lines.push('   latency (p50, p95, max): wall time per request, awaits included; cumtime: time in instrumented code', '')
    lines.push(ROUTES_TITLE)
    for (const { route } of rows) {
      lines.push(formatRouteRow(route, time))
      if (route.top.length > 0) lines.push(`          top own time: ${route.top.map((fn) => `${fn.name} (${shortName(fn.standardName)}) ${time.text(fn.tottime)}`).join(', ')}`)
    }
    lines.push('', '')
  }
  return lines.join('\n') + '\n'
}

function formatRouteRow(route: RouteSummary, time: TimeFormat): string {
  const blank = ' '.repeat(8)
  const cell = (seconds: number) => (Number.isNaN(seconds) ? blank : time.cell(seconds))
  const percall = route.requests === 0 ? blank : time.cell(route.cumtime / route.requests)
  return `${String(route.requests).padStart(9)} ${String(route.errors).padStart(8)} ${String(route.aborted).padStart(8)} ${cell(route.latency.p50)} ${cell(route.latency.p95)} ${cell(route.latency.max)} ${time.cell(route.cumtime)} ${percall} ${route.name}`
}

/** `dir/file.ts:12(name)` → `file.ts:12`: the row already names the function. */
function shortName(standardName: string): string {
  const at = standardName.lastIndexOf('(')
  return basename(at < 0 ? standardName : standardName.slice(0, at))
}
