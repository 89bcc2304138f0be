// How times are printed. `s` is cProfile's "%8.3f" seconds, character for character; `ms` and `us` keep that
// layout in a smaller unit; `auto` gives every cell its own readable unit, so sub-millisecond functions stop
// reading 0.000.

import { formatFixed } from './python.js'

export const TIME_UNITS = ['s', 'ms', 'us', 'auto'] as const
export type TimeUnit = (typeof TIME_UNITS)[number]

export interface TimeFormat {
  unit: TimeUnit
  /** one table cell, 8 characters wide (wider values widen the row, as in pstats) */
  cell(seconds: number): string
  /** a time in running text: "0.037 seconds", "37.012 milliseconds", "37.01 ms" */
  text(seconds: number): string
  /** a line telling which unit the columns are in, or null when the cells say it themselves */
  legend: string | null
}

const FIXED_UNITS = {
  s: { scale: 1, name: 'seconds' },
  ms: { scale: 1e3, name: 'milliseconds' },
  us: { scale: 1e6, name: 'microseconds' },
} as const

export function timeFormat(unit: TimeUnit): TimeFormat {
  if (unit === 'auto') {
    return { unit, cell: (seconds) => readableTime(seconds).padStart(8), text: (seconds) => readableTime(seconds, ' '), legend: null }
  }
  const { scale, name } = FIXED_UNITS[unit]
  return {
    unit,
    cell: (seconds) => formatFixed(seconds * scale, 3).padStart(8),
    text: (seconds) => `${formatFixed(seconds * scale, 3)} ${name}`,
    legend: unit === 's' ? null : `   Times in ${name}`,
  }
}

const READABLE_STEPS = [
  { min: 1, scale: 1, suffix: 's' },
  { min: 1e-3, scale: 1e3, suffix: 'ms' },
  { min: 1e-6, scale: 1e6, suffix: 'µs' },
  { min: 0, scale: 1e9, suffix: 'ns' },
] as const

/** Four significant digits in the largest unit that keeps the number at least 1: 1.234s, 12.35ms, 523.1µs, 45.00ns. */
export function readableTime(seconds: number, separator = ''): string {
  if (seconds === 0) return `0${separator}s`
  const magnitude = Math.abs(seconds)
  let index = READABLE_STEPS.findIndex((step) => magnitude >= step.min)
  let text = fourDigits(seconds * READABLE_STEPS[index].scale)
  // rounding can carry into a fifth digit (999.96µs → 1000.0µs): the next unit up reads better (1.000ms)
  if (index > 0 && Math.abs(Number(text)) >= 1000) text = fourDigits(seconds * READABLE_STEPS[--index].scale)
  return `${text}${separator}${READABLE_STEPS[index].suffix}`
}

function fourDigits(value: number): string {
  const integerDigits = Math.max(1, Math.floor(Math.log10(Math.abs(value))) + 1)
  return formatFixed(value, Math.max(0, 4 - integerDigits))
}
