// pstats' restrictions, applied left to right: an integer keeps the first n rows, a fraction in [0, 1) keeps
// that share, a string is a regular expression searched in `file:line(function)`.

import { standardName, type FunctionStats } from '../model.js'
import { pythonRepr } from './python.js'

export type Restriction = number | string

export interface Restricted<T> {
  rows: T[]
  /** "List reduced from N to M due to restriction <…>" lines, and pstats' line for a bad regex */
  notes: string[]
}

export function applyRestrictions<T extends FunctionStats>(rows: readonly T[], restrictions: readonly Restriction[]): Restricted<T> {
  let list = rows.slice()
  const notes: string[] = []
  for (const restriction of restrictions) {
    let next = list
    if (typeof restriction === 'string') {
      let pattern: RegExp
      try {
        pattern = new RegExp(restriction)
      } catch {
        notes.push(`   <Invalid regular expression ${pythonRepr(restriction)}>`)
        continue
      }
      next = list.filter((row) => pattern.test(standardName(row)))
    } else if (Number.isInteger(restriction)) {
      if (restriction >= 0 && restriction < list.length) next = list.slice(0, restriction)
    } else if (restriction >= 0 && restriction < 1) {
      next = list.slice(0, Math.trunc(list.length * restriction + 0.5))
    }
    if (next.length !== list.length) {
      notes.push(`   List reduced from ${list.length} to ${next.length} due to restriction <${pythonRepr(restriction)}>`)
    }
    list = next
  }
  return { rows: list, notes }
}
