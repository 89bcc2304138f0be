// The table of print_stats(), character for character as pstats prints it.

import { standardName, type FunctionStats } from '../model.js'
import { f8, formatFixed } from './python.js'
import { applyRestrictions, type Restriction } from './restrict.js'

export interface TableInput {
  /** Every function, in the listing order. */
  rows: readonly FunctionStats[]
  /** "Ordered by:" label, or null when unsorted. */
  order: string | null
  totalCalls: number
  primitiveCalls: number
  totalTime: number
  restrictions: readonly Restriction[]
  /** Lines printed first, as pstats prints the files a Stats was loaded from. */
  header: readonly string[]
}

export const TABLE_TITLE = '   ncalls  tottime  percall  cumtime  percall filename:lineno(function)'

export function formatStatsTable(input: TableInput): string {
  const lines = [...input.header]
  if (input.header.length > 0) lines.push('')
  const primitive = input.totalCalls !== input.primitiveCalls ? `(${input.primitiveCalls} primitive calls) ` : ''
  lines.push(`         ${input.totalCalls} function calls ${primitive}in ${formatFixed(input.totalTime, 3)} seconds`)
  lines.push('')
  const { rows, notes } = applyRestrictions(input.rows, input.restrictions)
  if (rows.length > 0) {
    lines.push(orderLine(input.order), ...notes, '')
    lines.push(TABLE_TITLE)
    for (const row of rows) lines.push(formatRow(row))
    lines.push('', '')
  }
  return lines.join('\n') + '\n'
}

export function orderLine(order: string | null): string {
  return order === null ? '   Random listing order was used' : `   Ordered by: ${order}`
}

/** `ncalls` as pstats shows it: `total/primitive` when they differ. */
export function callCount(calls: number, primitiveCalls: number): string {
  return calls === primitiveCalls ? String(calls) : `${calls}/${primitiveCalls}`
}

function formatRow(row: FunctionStats): string {
  const perCallOwn = row.calls === 0 ? ' '.repeat(8) : f8(row.tottime / row.calls)
  const perCallCumulative = row.primitiveCalls === 0 ? ' '.repeat(8) : f8(row.cumtime / row.primitiveCalls)
  return `${callCount(row.calls, row.primitiveCalls).padStart(9)} ${f8(row.tottime)} ${perCallOwn} ${f8(row.cumtime)} ${perCallCumulative} ${standardName(row)}`
}
