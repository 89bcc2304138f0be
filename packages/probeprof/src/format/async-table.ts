// `--async`: what cProfile cannot show for coroutines. One row per async function or generator: calls (each
// counted once, at invocation), resumes after await/yield, and for async functions the wall latency from
// invocation to settlement (the time a caller waited), next to cumtime (the time it actually ran).

import { standardName, type FunctionStats } from '../model.js'
import { applyRestrictions, type Restriction } from './restrict.js'
import { orderLine } from './stats-table.js'
import type { TimeFormat } from './units.js'

export interface AsyncTableInput {
  /** The async functions and generators (isAsyncRow), in the listing order (asyncListing). */
  rows: readonly FunctionStats[]
  /** "Ordered by:" label */
  order: string
  restrictions: readonly Restriction[]
  header: readonly string[]
  time: TimeFormat
}

export const ASYNC_TITLE = '   ncalls  settled  resumes  latency  percall      max  cumtime filename:lineno(function)'
export const LATENCY_ORDER = 'wall latency'

export function isAsyncRow(fn: FunctionStats): boolean {
  return fn.latency !== null || fn.resumes > 0
}

/**
 * The async rows of a listing. Unsorted, they read best by total latency, the longest wait first (generators,
 * which have none, last), ties broken by standard name.
 */
export function asyncListing<T extends FunctionStats>(rows: readonly T[], sorted: boolean): T[] {
  const all = rows.filter(isAsyncRow)
  if (sorted) return all
  const name = (fn: T) => standardName(fn)
  return all.sort((a, b) => (b.latency?.total ?? -1) - (a.latency?.total ?? -1) || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0))
}

export function formatAsyncTable(input: AsyncTableInput): string {
  const { time } = input
  const all = input.rows
  const lines = [...input.header]
  if (input.header.length > 0) lines.push('')
  if (all.length === 0) {
    lines.push('   No async function or generator ran.', '')
    return lines.join('\n') + '\n'
  }
  const calls = all.reduce((sum, fn) => sum + fn.calls, 0)
  const resumes = all.reduce((sum, fn) => sum + fn.resumes, 0)
  const settled = all.reduce((sum, fn) => sum + (fn.latency?.count ?? 0), 0)
  lines.push(`         ${calls} calls of ${all.length} async functions and generators, ${resumes} resumes, ${settled} settled`, '')
  const { rows, notes } = applyRestrictions(all, input.restrictions)
  if (rows.length > 0) {
    lines.push(orderLine(input.order), ...notes)
    if (time.legend !== null) lines.push(time.legend)
    lines.push('   latency: invocation to settlement, awaits included; cumtime: time spent running', '')
    lines.push(ASYNC_TITLE)
    for (const row of rows) lines.push(formatAsyncRow(row, time))
    lines.push('', '')
  }
  return lines.join('\n') + '\n'
}

function formatAsyncRow(row: FunctionStats, time: TimeFormat): string {
  const blank = ' '.repeat(8)
  const latency = row.latency
  const settled = latency === null ? blank : String(latency.count).padStart(8)
  const total = latency === null ? blank : time.cell(latency.total)
  const mean = latency === null || latency.count === 0 ? blank : time.cell(latency.total / latency.count)
  const max = latency === null || latency.count === 0 ? blank : time.cell(latency.max)
  return `${String(row.calls).padStart(9)} ${settled} ${String(row.resumes).padStart(8)} ${total} ${mean} ${max} ${time.cell(row.cumtime)} ${standardName(row)}`
}
