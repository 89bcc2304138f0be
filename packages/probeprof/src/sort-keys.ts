// pstats' sort keys, with the same names, aliases, directions and "Ordered by:" labels.

import { ProbeprofError } from './errors.js'
import { standardName, type FunctionStats } from './model.js'
import { suggestion } from '@probeprof/runtime/suggest'

type Compare = (a: FunctionStats, b: FunctionStats) => number

interface SortKeyDefinition {
  label: string
  compare: Compare
}

const byNumber = (field: 'calls' | 'primitiveCalls' | 'tottime' | 'cumtime'): Compare => (a, b) => b[field] - a[field]
const byText = (field: 'file' | 'name'): Compare => (a, b) => (a[field] < b[field] ? -1 : a[field] > b[field] ? 1 : 0)
const byLine: Compare = (a, b) => a.line - b.line
const byBytes = (field: 'self' | 'cumulative'): Compare => (a, b) => (b.memory?.[field] ?? 0) - (a.memory?.[field] ?? 0)
/** Standard names are built once per function, not once per comparison (a sort makes n log n of them). */
const standardNames = new WeakMap<FunctionStats, string>()
function cachedStandardName(fn: FunctionStats): string {
  let name = standardNames.get(fn)
  if (name === undefined) standardNames.set(fn, (name = standardName(fn)))
  return name
}

const byStandardName: Compare = (a, b) => {
  const x = cachedStandardName(a)
  const y = cachedStandardName(b)
  return x < y ? -1 : x > y ? 1 : a.column - b.column
}

const CALLS: SortKeyDefinition = { label: 'call count', compare: byNumber('calls') }
const CUMULATIVE: SortKeyDefinition = { label: 'cumulative time', compare: byNumber('cumtime') }
const FILENAME: SortKeyDefinition = { label: 'file name', compare: byText('file') }
const TIME: SortKeyDefinition = { label: 'internal time', compare: byNumber('tottime') }

/** In pstats' order: `probeprof report --sort` lists them this way. */
export const SORT_KEYS: Readonly<Record<string, SortKeyDefinition>> = {
  calls: CALLS,
  ncalls: CALLS,
  cumtime: CUMULATIVE,
  cumulative: CUMULATIVE,
  filename: FILENAME,
  line: { label: 'line number', compare: byLine },
  module: FILENAME,
  name: { label: 'function name', compare: byText('name') },
  nfl: {
    label: 'name/file/line',
    compare: (a, b) => byText('name')(a, b) || byText('file')(a, b) || byLine(a, b),
  },
  pcalls: { label: 'primitive call count', compare: byNumber('primitiveCalls') },
  stdname: { label: 'standard name', compare: byStandardName },
  time: TIME,
  tottime: TIME,
}

/**
 * Not pstats': bytes allocated, from a run with memory profiling (PROBEPROF_MEMORY=1). A table of their own, so
 * pstats' list stays pstats' (`browse` prints it as python -m pstats does), and spelled out only, so pstats'
 * prefixes keep their meaning (`m` is module).
 */
export const MEMORY_SORT_KEYS: Readonly<Record<string, SortKeyDefinition>> = {
  memory: { label: 'bytes allocated', compare: byBytes('self') },
  memcum: { label: 'cumulative bytes allocated', compare: byBytes('cumulative') },
}

/** pstats' SortKey enum: `stats.sortStats(SortKey.CUMULATIVE)`. */
export const SortKey = {
  CALLS: 'calls',
  CUMULATIVE: 'cumulative',
  FILENAME: 'filename',
  LINE: 'line',
  MEMORY: 'memory',
  MEMCUM: 'memcum',
  NAME: 'name',
  NFL: 'nfl',
  PCALLS: 'pcalls',
  STDNAME: 'stdname',
  TIME: 'time',
} as const
export type SortKey = (typeof SortKey)[keyof typeof SortKey]

/** pstats' legacy integer arguments, accepted alone: sort_stats(2) is sort_stats('cumulative'). */
const LEGACY_KEYS: Readonly<Record<string, SortKey>> = { '-1': 'stdname', '0': 'calls', '1': 'time', '2': 'cumulative' }

/** `key -- description` lines, as python -m pstats lists the valid keys. */
export function describeSortKeys(): string[] {
  return Object.entries(SORT_KEYS).map(([key, definition]) => `${key} -- ${definition.label}`)
}

export interface ResolvedSort {
  keys: string[]
  label: string
  compare: Compare
}

/**
 * Resolves keys or unique prefixes, later keys breaking ties, `stdname` breaking the rest so the order is
 * total. A prefix is accepted when every key it starts means the same sort (`cum` → cumulative/cumtime);
 * pstats also accepts those prefixes except for an artefact of its table order (`cum`, `t` are refused there).
 */
export function resolveSort(keys: readonly (string | number)[]): ResolvedSort {
  const words = keys.map(String)
  const legacy = words.length === 1 ? LEGACY_KEYS[words[0]] : undefined
  if (legacy !== undefined) words[0] = legacy
  else if (words.some((word) => word in LEGACY_KEYS)) {
    throw new ProbeprofError(`the numeric sort keys (-1, 0, 1, 2) of old pstats work only alone; use names such as calls, time, cumulative`)
  }
  const definitions = words.map(resolveSortKey)
  const compares = definitions.map((definition) => definition.compare)
  compares.push(byStandardName)
  return {
    keys: words,
    label: definitions.map((definition) => definition.label).join(', '),
    compare: (a, b) => {
      for (const compare of compares) {
        const order = compare(a, b)
        if (order !== 0) return order
      }
      return 0
    },
  }
}

export function resolveSortKey(word: string): SortKeyDefinition {
  const exact = Object.hasOwn(SORT_KEYS, word) ? SORT_KEYS[word] : Object.hasOwn(MEMORY_SORT_KEYS, word) ? MEMORY_SORT_KEYS[word] : undefined
  if (exact !== undefined) return exact
  const candidates = Object.keys(SORT_KEYS).filter((key) => word !== '' && key.startsWith(word))
  const meanings = new Set(candidates.map((key) => SORT_KEYS[key]))
  if (meanings.size === 1) return SORT_KEYS[candidates[0]]
  const valid = [...Object.keys(SORT_KEYS), ...Object.keys(MEMORY_SORT_KEYS)].join(', ')
  if (candidates.length > 1) {
    throw new ProbeprofError(`ambiguous sort key '${word}' (could be ${candidates.join(', ')}); valid keys: ${valid}`)
  }
  throw new ProbeprofError(`invalid sort key '${word}'${suggestion(word, Object.keys(SORT_KEYS))} (choose from ${valid}; unique prefixes are accepted)`)
}

export function isSortKey(word: string): boolean {
  try {
    resolveSortKey(word)
    return true
  } catch {
    return false
  }
}
