// `probeprof diff`: two profiles side by side per function, the totals and the speed-up first.

import { thinSamplesReason, type DiffSide, type FunctionDiff, type ProfileDiff } from '../diff.js'
import { formatFixed } from './python.js'
import { applyRestrictions, type Restriction } from './restrict.js'
import { callCount } from './stats-table.js'
import type { TimeFormat } from './units.js'

export interface DiffTableInput {
  diff: ProfileDiff
  /** what to call each side: the file names */
  baseLabel: string
  newLabel: string
  restrictions: readonly Restriction[]
  time: TimeFormat
}

const CALLS_WIDTH = 9
const TIME_WIDTH = 8
const MARKS: Record<FunctionDiff['status'], string> = { changed: '', appeared: '  (appeared)', disappeared: '  (disappeared)' }

export function formatDiffTable(input: DiffTableInput): string {
  const { diff, time } = input
  const totals = (label: string, side: ProfileDiff['base']) => {
    const primitive = side.totalCalls !== side.primitiveCalls ? ` (${side.primitiveCalls} primitive calls)` : ''
    return `${label}: ${side.totalCalls} function calls${primitive} in ${time.text(side.totalTime)}; wall time ${time.text(side.wallTime)}`
  }
  const width = Math.max(input.baseLabel.length, input.newLabel.length) + 1
  const count = (status: FunctionDiff['status']) => diff.functions.filter((fn) => fn.status === status).length
  const lines = [
    `   base: ${(input.baseLabel + ':').padEnd(width)} ${totals('', diff.base).slice(2)}`,
    `   new:  ${(input.newLabel + ':').padEnd(width)} ${totals('', diff.new).slice(2)}`,
    '',
    `         total time ${change(time, diff.base.totalTime, diff.new.totalTime)}; wall time ${change(time, diff.base.wallTime, diff.new.wallTime)}`,
    `         ${count('changed')} functions in both, ${count('appeared')} appeared, ${count('disappeared')} disappeared`,
    '',
  ]
  const thin = thinSamplesReason(diff)
  if (thin !== null) lines.splice(lines.length - 1, 0, `         times too thin to compare: ${thin}`)
  const { rows, notes } = applyRestrictions(diff.functions, input.restrictions)
  if (rows.length > 0) {
    lines.push(`   Ordered by: ${diff.order}`, ...notes)
    if (time.legend !== null) lines.push(time.legend)
    lines.push('')
    const group = (title: string, size: number) => title.padStart(Math.floor((size + title.length) / 2)).padEnd(size)
    lines.push(
      [group('ncalls', 2 * CALLS_WIDTH + 1), group('tottime', 3 * TIME_WIDTH + 2), group('cumtime', 3 * TIME_WIDTH + 2)].join(' ').trimEnd(),
      [
        'base'.padStart(CALLS_WIDTH),
        'new'.padStart(CALLS_WIDTH),
        ...['base', 'new', 'change', 'base', 'new', 'change'].map((title) => title.padStart(TIME_WIDTH)),
      ].join(' ') + '  filename:lineno(function)',
    )
    for (const row of rows) lines.push(formatDiffRow(row, time))
    lines.push('', '')
  }
  return lines.join('\n') + '\n'
}

function formatDiffRow(row: FunctionDiff, time: TimeFormat): string {
  const calls = (side: DiffSide | null) => (side === null ? '-' : callCount(side.calls, side.primitiveCalls)).padStart(CALLS_WIDTH)
  const cell = (side: DiffSide | null, field: 'tottime' | 'cumtime') => (side === null ? '-'.padStart(TIME_WIDTH) : time.cell(side[field]))
  return (
    [
      calls(row.base),
      calls(row.new),
      cell(row.base, 'tottime'),
      cell(row.new, 'tottime'),
      signedCell(time, row.change.tottime),
      cell(row.base, 'cumtime'),
      cell(row.new, 'cumtime'),
      signedCell(time, row.change.cumtime),
    ].join(' ') + `  ${row.standardName}${MARKS[row.status]}`
  )
}

/** A change with its sign: +0.012, -0.032; a change that rounds to nothing shows no sign. */
function signedCell(time: TimeFormat, seconds: number): string {
  const magnitude = time.cell(Math.abs(seconds)).trim()
  const sign = seconds === 0 || /^0(\.0*)?[a-zµ]*$/.test(magnitude) ? ' ' : seconds > 0 ? '+' : '-'
  return `${sign}${magnitude}`.padStart(TIME_WIDTH)
}

/** "0.037 -> 0.002 seconds: 18.50x faster (-94.6%)" */
export function change(time: TimeFormat, before: number, after: number): string {
  const text = `${time.text(before)} -> ${time.text(after)}`
  if (before === 0 && after === 0) return `${text}: no time in either`
  if (after === 0) return `${text}: all of it gone`
  const ratio = before / after
  const percent = before === 0 ? '' : ` (${after >= before ? '+' : '-'}${formatFixed((100 * Math.abs(after - before)) / before, 1)}%)`
  const factor = ratio >= 1 ? `${formatFixed(ratio, 2)}x faster` : `${formatFixed(1 / ratio, 2)}x slower`
  return `${text}: ${factor}${percent}`
}
