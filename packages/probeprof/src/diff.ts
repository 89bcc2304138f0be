// "Measure first, improve second": what changed between two profiles, function by function. Functions are
// matched by file and name, not line, because the fix being measured usually moves lines.

import { ProbeprofError } from './errors.js'
import { standardName, type FunctionStats, type ProfileData } from './model.js'
import { readableTime } from './format/units.js'
import { K_MIN_SAMPLES, sampleIntervalOf } from './samples.js'

/** A function's numbers in one of the two profiles. */
export interface DiffSide {
  line: number
  calls: number
  primitiveCalls: number
  tottime: number
  cumtime: number
}

export type DiffStatus = 'changed' | 'appeared' | 'disappeared'

export interface FunctionDiff {
  file: string
  name: string
  /** the new profile's line, or the base's for a function that disappeared */
  line: number
  /** `file:line(name)` at that line */
  standardName: string
  status: DiffStatus
  base: DiffSide | null
  new: DiffSide | null
  /** new − base (a side that is absent counts as zero) */
  change: { calls: number; tottime: number; cumtime: number }
}

export interface DiffTotals {
  totalCalls: number
  primitiveCalls: number
  /** Σ tottime */
  totalTime: number
  wallTime: number
  /**
   * A sampled profile: how many samples its total time rests on, and whether that is enough to compare it
   * (K_MIN_SAMPLES). Null for a profile whose times were clocked per call.
   */
  sampling: { samples: number; interval: number; enough: boolean } | null
}

export const DIFF_SORT_KEYS = ['tottime', 'cumtime', 'calls'] as const
export type DiffSortKey = (typeof DIFF_SORT_KEYS)[number]

export const DIFF_SORT_LABELS: Record<DiffSortKey, string> = {
  tottime: 'absolute change in internal time',
  cumtime: 'absolute change in cumulative time',
  calls: 'absolute change in call count',
}

export interface ProfileDiff {
  base: DiffTotals
  new: DiffTotals
  /** base total time / new total time: above 1 is faster; null when the new profile has no time */
  speedup: number | null
  /** the same for wall time */
  wallSpeedup: number | null
  order: string
  functions: FunctionDiff[]
}

/** Every function of either profile, paired by file and name, the largest absolute change in `sort` first. */
export function diffProfiles(base: ProfileData, next: ProfileData, sort: DiffSortKey = 'tottime'): ProfileDiff {
  if (!(DIFF_SORT_KEYS as readonly string[]).includes(sort)) {
    throw new ProbeprofError(`invalid diff sort key '${sort}' (choose from ${DIFF_SORT_KEYS.join(', ')})`)
  }
  const groups = new Map<string, { base: FunctionStats[]; next: FunctionStats[] }>()
  const groupOf = (fn: FunctionStats) => {
    const key = `${fn.file}\0${fn.name}`
    let group = groups.get(key)
    if (group === undefined) groups.set(key, (group = { base: [], next: [] }))
    return group
  }
  for (const fn of base.functions) groupOf(fn).base.push(fn)
  for (const fn of next.functions) groupOf(fn).next.push(fn)

  const functions: FunctionDiff[] = []
  for (const group of groups.values()) {
    for (const [before, after] of pairByLine(group.base, group.next)) functions.push(diffFunction(before, after))
  }
  const magnitude = (diff: FunctionDiff) => Math.abs(diff.change[sort])
  functions.sort(
    (a, b) =>
      magnitude(b) - magnitude(a) ||
      Math.abs(b.change.tottime) - Math.abs(a.change.tottime) ||
      Math.abs(b.change.cumtime) - Math.abs(a.change.cumtime) ||
      (a.standardName < b.standardName ? -1 : a.standardName > b.standardName ? 1 : 0),
  )
  const baseTotals = totalsOf(base)
  const newTotals = totalsOf(next)
  return {
    base: baseTotals,
    new: newTotals,
    speedup: newTotals.totalTime > 0 ? baseTotals.totalTime / newTotals.totalTime : null,
    wallSpeedup: newTotals.wallTime > 0 ? baseTotals.wallTime / newTotals.wallTime : null,
    order: DIFF_SORT_LABELS[sort],
    functions,
  }
}

/**
 * Same file and name, several functions (overloads, `<anonymous>` callbacks): as many as both sides have are
 * paired in line order when the counts agree (lines shifted by an edit keep their order); otherwise the
 * closest lines pair first. The rest appeared or disappeared.
 */
function pairByLine(base: FunctionStats[], next: FunctionStats[]): [FunctionStats | null, FunctionStats | null][] {
  const byLine = (a: FunctionStats, b: FunctionStats) => a.line - b.line || a.column - b.column
  const before = base.slice().sort(byLine)
  const after = next.slice().sort(byLine)
  if (before.length === after.length) return before.map((fn, index) => [fn, after[index]])
  const candidates: [number, number, number][] = []
  before.forEach((a, i) => after.forEach((b, j) => candidates.push([Math.abs(a.line - b.line), i, j])))
  candidates.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2])
  const usedBefore = new Set<number>()
  const usedAfter = new Set<number>()
  const pairs: [FunctionStats | null, FunctionStats | null][] = []
  for (const [, i, j] of candidates) {
    if (usedBefore.has(i) || usedAfter.has(j)) continue
    usedBefore.add(i)
    usedAfter.add(j)
    pairs.push([before[i], after[j]])
  }
  before.forEach((fn, i) => usedBefore.has(i) || pairs.push([fn, null]))
  after.forEach((fn, j) => usedAfter.has(j) || pairs.push([null, fn]))
  return pairs
}

function diffFunction(before: FunctionStats | null, after: FunctionStats | null): FunctionDiff {
  const shown = (after ?? before)!
  const side = (fn: FunctionStats | null): DiffSide | null =>
    fn && { line: fn.line, calls: fn.calls, primitiveCalls: fn.primitiveCalls, tottime: fn.tottime, cumtime: fn.cumtime }
  return {
    file: shown.file,
    name: shown.name,
    line: shown.line,
    standardName: standardName(shown),
    status: before === null ? 'appeared' : after === null ? 'disappeared' : 'changed',
    base: side(before),
    new: side(after),
    change: {
      calls: (after?.calls ?? 0) - (before?.calls ?? 0),
      tottime: (after?.tottime ?? 0) - (before?.tottime ?? 0),
      cumtime: (after?.cumtime ?? 0) - (before?.cumtime ?? 0),
    },
  }
}

function totalsOf(profile: ProfileData): DiffTotals {
  const totalTime = profile.functions.reduce((sum, fn) => sum + fn.tottime, 0)
  return {
    totalCalls: profile.functions.reduce((sum, fn) => sum + fn.calls, 0),
    primitiveCalls: profile.functions.reduce((sum, fn) => sum + fn.primitiveCalls, 0),
    totalTime,
    wallTime: profile.sources.reduce((sum, source) => sum + source.wallTime, 0),
    sampling: samplingOf(profile, totalTime),
  }
}

function samplingOf(profile: ProfileData, totalTime: number): DiffTotals['sampling'] {
  const interval = sampleIntervalOf(profile.sources)
  if (interval === null) return null
  const samples = Math.round(totalTime / interval)
  return { samples, interval, enough: samples >= K_MIN_SAMPLES }
}

/**
 * Why the total times cannot be compared, or null when they can: a side whose total rests on fewer than
 * K_MIN_SAMPLES samples is noise (a 10 ms run on a busy machine can get none), so neither a speed-up nor a
 * --fail-above verdict can be drawn from it.
 */
export function thinSamplesReason(diff: ProfileDiff): string | null {
  const thin = (['base', 'new'] as const).filter((side) => diff[side].sampling?.enough === false)
  if (thin.length === 0) return null
  const described = thin.map((side) => {
    const sampling = diff[side].sampling!
    return `the ${side} run's total time rests on ${sampling.samples} sample${sampling.samples === 1 ? '' : 's'} (${readableTime(sampling.interval, ' ')} apart)`
  })
  return `${described.join(' and ')}, and a comparison needs ${K_MIN_SAMPLES}: profile longer runs, or record both with PROBEPROF_CLOCK=precise`
}
