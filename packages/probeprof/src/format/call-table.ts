// print_callers() / print_callees(), character for character as pstats prints them.

import { distinctNames, type FunctionStats, type MemoryBytes } from '../model.js'
import { applyRestrictions, type Restriction } from './restrict.js'
import { callCount, MEMORY_TITLE, memoryCells, orderLine } from './stats-table.js'
import { timeFormat, type TimeFormat } from './units.js'

export interface CallLink {
  /** the function at the other end of the edge */
  other: FunctionStats
  calls: number
  primitiveCalls: number
  tottime: number
  cumtime: number
  /** Bytes allocated in the callee under this caller, from a run with memory profiling. */
  memory?: MemoryBytes
}

export interface CallTableInput {
  direction: 'callers' | 'callees'
  /** every function, in the listing order: the other end of each link is one of them */
  rows: readonly FunctionStats[]
  order: string | null
  restrictions: readonly Restriction[]
  /** edges of each function in that direction */
  linksOf(fn: FunctionStats): readonly CallLink[]
  /** whether the profile has any edge: pstats prints the ncalls sub-header only then */
  hasEdges: boolean
  /** Default: seconds, as cProfile prints them. */
  time?: TimeFormat
  /** Adds each edge's own and cumulative bytes allocated (in the callee, under that caller). */
  memory?: boolean
}

export function formatCallTable(input: CallTableInput): string {
  const { rows, notes } = applyRestrictions(input.rows, input.restrictions)
  if (rows.length === 0) return ''
  // the main table's names, so a row and the callers or callees under it read the same there and here
  const nameOf = distinctNames(input.rows)
  // pstats: the longest name of the listed functions when a restriction shrank the list, else of all functions
  const widest = rows.length < input.rows.length ? rows : input.rows
  const nameWidth = Math.max(0, ...widest.map((fn) => textWidth(nameOf(fn)))) + 2
  const arrow = input.direction === 'callers' ? '<-' : '->'
  const time = input.time ?? timeFormat('s')
  const lines = [orderLine(input.order), ...notes]
  if (time.legend !== null) lines.push(time.legend)
  lines.push('')
  lines.push(padEnd('Function ', nameWidth) + (input.direction === 'callers' ? 'was called by...' : 'called...'))
  if (input.hasEdges) lines.push(' '.repeat(nameWidth) + '    ncalls  tottime  cumtime' + (input.memory ? MEMORY_TITLE : ''))
  for (const row of rows) {
    const links = input.linksOf(row).slice().sort((a, b) => compareLocation(a.other, b.other))
    const head = padEnd(nameOf(row), nameWidth) + arrow
    if (links.length === 0) {
      lines.push(`${head} `)
      continue
    }
    links.forEach((link, index) => {
      const count = callCount(link.calls, link.primitiveCalls).padStart(index === 0 ? 7 : 9)
      const bytes = input.memory ? memoryCells(link.memory) : ''
      const text = `${count} ${time.cell(link.tottime)} ${time.cell(link.cumtime)}${bytes}  ${nameOf(link.other)}`
      lines.push(index === 0 ? `${head} ${text}` : ' '.repeat(nameWidth + 1) + text)
    })
  }
  lines.push('', '')
  return lines.join('\n') + '\n'
}

/** Python's len(): code points, so a name beyond the Basic Multilingual Plane (𝑓) counts once, as in pstats. */
export function textWidth(text: string): number {
  let width = 0
  for (const _ of text) width++
  return width
}

function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - textWidth(text)))
}

/** pstats sorts the edges of a function by (file, line, name): its key tuple. */
function compareLocation(a: FunctionStats, b: FunctionStats): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1
  if (a.line !== b.line) return a.line - b.line
  if (a.name !== b.name) return a.name < b.name ? -1 : 1
  return a.column - b.column
}
