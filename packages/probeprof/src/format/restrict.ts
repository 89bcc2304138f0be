// pstats' restrictions, applied left to right: an integer keeps the first n rows, a fraction in [0, 1) keeps
// that share, a string is a regular expression searched in `file:line(function)` (pstats) and in the function's name
// alone, so that an anchored name (`isEol$`, `^parse`) finds the function the way a user means it.

import { standardName, type FunctionStats } from '../model.js'
import { pythonRepr } from './python.js'

export type Restriction = number | string

/** One restriction that shrank the list: pstats' "List reduced from N to M due to restriction <…>". */
export interface Reduction {
  restriction: Restriction
  from: number
  to: number
}

export interface Restricted<T> {
  rows: T[]
  reductions: Reduction[]
  /** regular expressions that did not compile; pstats prints a line for each and filters nothing */
  invalid: string[]
  /** the lines pstats prints for the reductions and invalid expressions, in order */
  notes: string[]
}

export function applyRestrictions<T extends Pick<FunctionStats, 'file' | 'line' | 'name'>>(rows: readonly T[], restrictions: readonly Restriction[]): Restricted<T> {
  let list = rows.slice()
  const reductions: Reduction[] = []
  const invalid: string[] = []
  const notes: string[] = []
  for (const restriction of restrictions) {
    let next = list
    if (typeof restriction === 'string') {
      let pattern: RegExp
      try {
        pattern = new RegExp(restriction)
      } catch {
        invalid.push(restriction)
        notes.push(`   <Invalid regular expression ${pythonRepr(restriction)}>`)
        continue
      }
      next = list.filter((row) => pattern.test(standardName(row)) || pattern.test(row.name))
    } else if (Number.isInteger(restriction)) {
      if (restriction >= 0 && restriction < list.length) next = list.slice(0, restriction)
    } else if (restriction >= 0 && restriction < 1) {
      next = list.slice(0, Math.trunc(list.length * restriction + 0.5))
    }
    if (next.length !== list.length) {
      reductions.push({ restriction, from: list.length, to: next.length })
      notes.push(`   List reduced from ${list.length} to ${next.length} due to restriction <${pythonRepr(restriction)}>`)
    }
    list = next
  }
  return { rows: list, reductions, invalid, notes }
}
