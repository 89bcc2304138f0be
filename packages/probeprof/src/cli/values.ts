// Option values shared by several commands, checked once with a message that says what to write instead.

import { ProbeprofError } from '../errors.js'
import type { Restriction } from '../format/restrict.js'
import { TIME_UNITS, type TimeUnit } from '../format/units.js'
import { resolveSort } from '../sort-keys.js'
import { suggestion } from '@probeprof/runtime/suggest'

/** `--limit`: a row count (20) or a fraction below 1 (0.1), like pstats' int and float restrictions. */
export function parseLimit(text: string, flag = '--limit'): number {
  const value = Number(text)
  if (text.trim() === '' || !Number.isFinite(value)) {
    throw new ProbeprofError(`invalid ${flag} '${text}': give a row count (20) or a fraction below 1 (0.1)`)
  }
  if (value < 0) throw new ProbeprofError(`invalid ${flag} '${text}': it cannot be negative; give a row count (20) or a fraction below 1 (0.1)`)
  // written as a fraction (1.0, 2.5), it is one, as in pstats: an int and a float restrict differently
  if (value >= 1 && (!Number.isInteger(value) || /[.e]/i.test(text))) {
    throw new ProbeprofError(`invalid ${flag} '${text}': a fraction must be below 1 (0.25 keeps a quarter)`)
  }
  return value
}

/** A regular expression option, compiled once here so a typo fails before anything is printed. */
export function parseRegex(text: string, flag = '--filter'): string {
  try {
    new RegExp(text)
  } catch (error) {
    const reason = (error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '')
    throw new ProbeprofError(`invalid regular expression '${text}' for ${flag}: ${reason}`)
  }
  return text
}

/** The restriction options in the order given, as pstats applies its print_stats() arguments. */
export function restrictionsInOrder(order: readonly { name: string; value: string }[]): Restriction[] {
  return order
    .filter((entry) => entry.name === 'limit' || entry.name === 'filter')
    .map((entry) => (entry.name === 'limit' ? parseLimit(entry.value) : parseRegex(entry.value)))
}

/** Values of an option that may repeat and may be comma-separated: `--sort calls,name --sort line`. */
export function splitList(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean)
}

/** `--sort` keys, checked before any file is read. */
export function parseSortKeys(values: readonly string[] | undefined): string[] {
  const keys = splitList(values)
  if (keys.length > 0) resolveSort(keys)
  return keys
}

export function parseUnit(text: string | undefined): TimeUnit {
  if (text === undefined) return 's'
  if ((TIME_UNITS as readonly string[]).includes(text)) return text as TimeUnit
  throw new ProbeprofError(`invalid --unit '${text}'${suggestion(text, TIME_UNITS)} (choose from ${TIME_UNITS.join(', ')})`)
}

/** `--callers` / `--callees`: absent, alone (every function), or with a regular expression. */
export function parseOptionalRegex(value: string | undefined, flag: string): Restriction[] | undefined {
  if (value === undefined) return undefined
  return value === '' ? [] : [parseRegex(value, flag)]
}
