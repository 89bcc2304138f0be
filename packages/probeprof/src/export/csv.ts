// https://www.rfc-editor.org/rfc/rfc4180 (CSV)
//
// The function table for a spreadsheet: one row per function, pstats' columns with full precision (times in
// seconds), the share of Σ tottime, and the async columns. Rows follow pstats sort keys (default: own time).

import type { ProfileData } from '../model.js'
import { resolveSort } from '../sort-keys.js'

export interface CsvOptions {
  /** pstats sort keys (or unique prefixes), later keys breaking ties. Default: ['tottime']. */
  sort?: string[]
}

export const CSV_COLUMNS = [
  'ncalls',
  'primitive_calls',
  'tottime',
  'tottime_percall',
  'cumtime',
  'cumtime_percall',
  'tottime_share',
  'function',
  'file',
  'line',
  'column',
  'resumes',
  'latency_count',
  'latency_total',
  'latency_max',
] as const

export function exportCsv(profile: ProfileData, opts: CsvOptions = {}): string {
  const sort = resolveSort(opts.sort ?? ['tottime'])
  const totalTime = profile.functions.reduce((sum, fn) => sum + fn.tottime, 0)
  const rows = profile.functions
    .slice()
    .sort(sort.compare)
    .map((fn) => [
      fn.calls,
      fn.primitiveCalls,
      fn.tottime,
      fn.calls > 0 ? fn.tottime / fn.calls : '',
      fn.cumtime,
      fn.primitiveCalls > 0 ? fn.cumtime / fn.primitiveCalls : '',
      totalTime > 0 ? fn.tottime / totalTime : '',
      fn.name,
      fn.file,
      fn.line,
      fn.column,
      fn.resumes,
      fn.latency?.count ?? '',
      fn.latency?.total ?? '',
      fn.latency?.max ?? '',
    ])
  return [CSV_COLUMNS as readonly (string | number)[], ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n'
}

function csvField(value: string | number): string {
  const text = String(value)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}
