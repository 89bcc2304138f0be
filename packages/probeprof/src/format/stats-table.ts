// The table of print_stats(), character for character as pstats prints it in the default unit (seconds), plus
// what cProfile lacks: other units, and share-of-total columns (`--percent`).

import { formatBytes } from './bytes.js'
import { distinctNames, type FunctionStats, type MemoryBytes } from '../model.js'
import { formatFixed } from './python.js'
import { applyRestrictions, type Restriction } from './restrict.js'
import { timeFormat, type TimeFormat } from './units.js'

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
  /** Default: seconds, as cProfile prints them. */
  time?: TimeFormat
  /** Adds each function's tottime and cumtime as a share of the total time. */
  percent?: boolean
  /** Adds each function's own and cumulative bytes allocated (a report with memory profiling). */
  memory?: boolean
}

/** The two byte columns `--memory` adds before the name, as their title and as a function's cells. */
export const MEMORY_TITLE = '  selfmem   cummem'
export function memoryCells(bytes: MemoryBytes | undefined): string {
  return ` ${formatBytes(bytes?.self ?? 0).padStart(8)} ${formatBytes(bytes?.cumulative ?? 0).padStart(8)}`
}

export const TABLE_TITLE = '   ncalls  tottime  percall  cumtime  percall filename:lineno(function)'
const PERCENT_TITLE = '   ncalls  tottime   tot%  percall  cumtime   cum%  percall filename:lineno(function)'

export function formatStatsTable(input: TableInput): string {
  const time = input.time ?? timeFormat('s')
  const lines = [...input.header]
  if (input.header.length > 0) lines.push('')
  const primitive = input.totalCalls !== input.primitiveCalls ? `(${input.primitiveCalls} primitive calls) ` : ''
  lines.push(`         ${input.totalCalls} function calls ${primitive}in ${time.text(input.totalTime)}`)
  lines.push('')
  const { rows, notes } = applyRestrictions(input.rows, input.restrictions)
  if (rows.length > 0) {
    lines.push(orderLine(input.order), ...notes)
    if (time.legend !== null) lines.push(time.legend)
    lines.push('')
    const title = input.percent ? PERCENT_TITLE : TABLE_TITLE
    lines.push(input.memory ? title.replace(' filename:', `${MEMORY_TITLE} filename:`) : title)
    const nameOf = distinctNames(input.rows)
    for (const row of rows) lines.push(formatRow(row, nameOf(row), time, input.percent ? input.totalTime : null, input.memory ? memoryCells(row.memory) : ''))
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

/** A share of the total, 6 characters wide ("100.0%", "  3.2%"); blank when there is no total to share. */
export function percentCell(value: number, total: number): string {
  return total > 0 ? `${formatFixed((100 * value) / total, 1)}%`.padStart(6) : ' '.repeat(6)
}

function formatRow(row: FunctionStats, name: string, time: TimeFormat, percentOf: number | null, bytes: string): string {
  // pstats leaves a percall blank when its divisor is 0
  const perCallOwn = row.calls === 0 ? ' '.repeat(8) : time.cell(row.tottime / row.calls)
  const perCallCumulative = row.primitiveCalls === 0 ? ' '.repeat(8) : time.cell(row.cumtime / row.primitiveCalls)
  const ncalls = callCount(row.calls, row.primitiveCalls).padStart(9)
  if (percentOf === null) {
    return `${ncalls} ${time.cell(row.tottime)} ${perCallOwn} ${time.cell(row.cumtime)} ${perCallCumulative}${bytes} ${name}`
  }
  return (
    `${ncalls} ${time.cell(row.tottime)} ${percentCell(row.tottime, percentOf)} ${perCallOwn} ` +
    `${time.cell(row.cumtime)} ${percentCell(row.cumtime, percentOf)} ${perCallCumulative}${bytes} ${name}`
  )
}
