// "Measure first, improve second", for CI: a baseline of repeated runs, and a check of new runs against it.
// Call counts are exact, so any change in them is reported exactly and more calls fail the check; times are
// noisy, so a time fails only when it leaves the band the baseline's own runs spread over (by more than that
// spread) and grows by more than a threshold. Functions are matched by file and name (lines move), several of
// one name in line order.

import { ProbeprofError } from './errors.js'
import type { FunctionStats, ProfileData } from './model.js'

export const BASELINE_SCHEMA = 'https://probeprof.dev/schema/baseline-1.json'
export const BASELINE_VERSION = 1
/** Time changes smaller than this are timer and scheduling jitter whatever their share (seconds). */
export const K_MIN_TIME_CHANGE_S = 0.001

/** One function over the baseline's runs. */
export interface BaselineFunction {
  file: string
  name: string
  /** rank among the functions of this file and name, in line order (0 for the usual single one) */
  rank: number
  line: number
  /** calls in each run (equal in every run of a deterministic program) */
  calls: number[]
  /** own time in each run, seconds */
  tottime: number[]
}

export interface BaselineFile {
  $schema: string
  version: number
  createdAt: string
  /** the reports it was made from */
  sources: (string | null)[]
  runs: number
  wallTime: number[]
  functions: BaselineFunction[]
}

/** A per-function threshold: functions whose `file:line(name)` matches may grow by `share` before failing. */
export interface Allowance {
  pattern: string
  share: number
}

export interface CheckOptions {
  /** how much a time may grow past the noise, as a share of its baseline mean; default 0.1 */
  timeThreshold?: number
  /** per-function thresholds for calls and time (the first matching wins) */
  allow?: Allowance[]
}

export type ChangeKind = 'calls' | 'time' | 'appeared' | 'disappeared'

export interface BaselineChange {
  kind: ChangeKind
  /** more calls, or more time: the check fails on it */
  regression: boolean
  standardName: string
  /** baseline: range over its runs; new: range over the new runs */
  base: { min: number; max: number; mean: number } | null
  new: { min: number; max: number; mean: number } | null
  /** for time: the band the baseline's runs leave for noise, [min − spread, max + spread]; null for calls */
  noise: { low: number; high: number } | null
  /** the threshold it was held to (share) */
  threshold: number
}

export interface BaselineCheck {
  baseRuns: number
  newRuns: number
  /** false when the baseline has a single run: its noise is unknown, so times are not judged */
  timesChecked: boolean
  functions: number
  changes: BaselineChange[]
  regressions: number
}

export function makeBaseline(profiles: readonly ProfileData[], createdAt = new Date().toISOString()): BaselineFile {
  if (profiles.length === 0) throw new ProbeprofError('a baseline needs at least one report')
  const byKey = new Map<string, BaselineFunction>()
  profiles.forEach((profile, run) => {
    for (const [key, fn, rank] of ranked(profile.functions)) {
      let entry = byKey.get(key)
      if (entry === undefined) {
        entry = { file: fn.file, name: fn.name, rank, line: fn.line, calls: new Array(profiles.length).fill(0), tottime: new Array(profiles.length).fill(0) }
        byKey.set(key, entry)
      }
      entry.calls[run] += fn.calls
      entry.tottime[run] += fn.tottime
    }
  })
  return {
    $schema: BASELINE_SCHEMA,
    version: BASELINE_VERSION,
    createdAt,
    sources: profiles.flatMap((profile) => profile.sources.map((source) => source.path)),
    runs: profiles.length,
    wallTime: profiles.map((profile) => profile.sources.reduce((sum, source) => sum + source.wallTime, 0)),
    functions: [...byKey.values()],
  }
}

export function checkBaseline(baseline: BaselineFile, profiles: readonly ProfileData[], options: CheckOptions = {}): BaselineCheck {
  const timeThreshold = options.timeThreshold ?? 0.1
  const allow = options.allow ?? []
  const current = makeBaseline(profiles)
  const newByKey = new Map(current.functions.map((fn) => [keyOf(fn), fn]))
  const baseByKey = new Map(baseline.functions.map((fn) => [keyOf(fn), fn]))
  const timesChecked = baseline.runs > 1
  const changes: BaselineChange[] = []
  const thresholdFor = (name: string, fallback: number) => allow.find((entry) => new RegExp(entry.pattern).test(name))?.share ?? fallback

  for (const [key, base] of baseByKey) {
    const next = newByKey.get(key)
    const name = `${base.file}:${(next ?? base).line}(${base.name})`
    if (next === undefined || next.calls.every((calls) => calls === 0)) {
      if (base.calls.some((calls) => calls > 0)) changes.push({ kind: 'disappeared', regression: false, standardName: name, base: range(base.calls), new: null, noise: null, threshold: 0 })
      continue
    }
    const baseCalls = range(base.calls)
    const newCalls = range(next.calls)
    const callThreshold = thresholdFor(name, 0)
    if (newCalls.max > baseCalls.max || newCalls.min < baseCalls.min) {
      const regression = newCalls.max > baseCalls.max * (1 + callThreshold)
      changes.push({ kind: 'calls', regression, standardName: name, base: baseCalls, new: newCalls, noise: null, threshold: callThreshold })
    }
    if (!timesChecked) continue
    const baseTime = range(base.tottime)
    const newTime = range(next.tottime)
    const spread = baseTime.max - baseTime.min
    const noise = { low: Math.max(0, baseTime.min - spread), high: baseTime.max + spread }
    const threshold = thresholdFor(name, timeThreshold)
    const grew = newTime.mean > noise.high && newTime.mean > baseTime.mean * (1 + threshold) && newTime.mean - baseTime.mean > K_MIN_TIME_CHANGE_S
    const shrank = newTime.mean < noise.low && newTime.mean < baseTime.mean * (1 - threshold) && baseTime.mean - newTime.mean > K_MIN_TIME_CHANGE_S
    if (grew || shrank) changes.push({ kind: 'time', regression: grew, standardName: name, base: baseTime, new: newTime, noise, threshold })
  }
  for (const [key, next] of newByKey) {
    if (baseByKey.has(key) || next.calls.every((calls) => calls === 0)) continue
    changes.push({
      kind: 'appeared',
      regression: true,
      standardName: `${next.file}:${next.line}(${next.name})`,
      base: null,
      new: range(next.calls),
      noise: null,
      threshold: 0,
    })
  }
  const order: Record<ChangeKind, number> = { calls: 0, appeared: 1, time: 2, disappeared: 3 }
  changes.sort((a, b) => Number(b.regression) - Number(a.regression) || order[a.kind] - order[b.kind] || (a.standardName < b.standardName ? -1 : 1))
  return {
    baseRuns: baseline.runs,
    newRuns: current.runs,
    timesChecked,
    functions: baseByKey.size,
    changes,
    regressions: changes.filter((change) => change.regression).length,
  }
}

/** Validates a baseline file's content; a ProbeprofError naming the file otherwise. */
export function parseBaseline(text: string, path: string): BaselineFile {
  const fail = (reason: string): never => {
    throw new ProbeprofError(`cannot read baseline '${path}': ${reason}`)
  }
  let value: Partial<BaselineFile>
  try {
    value = JSON.parse(text) as Partial<BaselineFile>
  } catch {
    return fail('not valid JSON; make it with probeprof baseline save')
  }
  if (value?.$schema !== BASELINE_SCHEMA) fail('not a probeprof baseline (make one with probeprof baseline save)')
  if (value.version !== BASELINE_VERSION) fail(`format version ${value.version}, this probeprof reads ${BASELINE_VERSION}; save the baseline again`)
  const runs = value.runs
  if (!Number.isInteger(runs) || runs! < 1 || !Array.isArray(value.functions)) fail('incomplete baseline (runs or functions missing)')
  for (const fn of value.functions!) {
    if (typeof fn?.file !== 'string' || typeof fn.name !== 'string' || fn.calls?.length !== runs || fn.tottime?.length !== runs) fail('corrupt baseline (a function without a value per run)')
  }
  return value as BaselineFile
}

/** Functions with their key: file, name and rank among the functions of that file and name in line order. */
function ranked(functions: readonly FunctionStats[]): [string, FunctionStats, number][] {
  const groups = new Map<string, FunctionStats[]>()
  for (const fn of functions) {
    const group = `${fn.file}\0${fn.name}`
    const members = groups.get(group)
    if (members === undefined) groups.set(group, [fn])
    else members.push(fn)
  }
  return [...groups.values()].flatMap((group) =>
    group.sort((a, b) => a.line - b.line || a.column - b.column).map((fn, rank): [string, FunctionStats, number] => [keyOf({ file: fn.file, name: fn.name, rank }), fn, rank]),
  )
}

function keyOf(fn: { file: string; name: string; rank: number }): string {
  return `${fn.file}\0${fn.name}\0${fn.rank}`
}

function range(values: readonly number[]): { min: number; max: number; mean: number } {
  return { min: Math.min(...values), max: Math.max(...values), mean: values.reduce((sum, value) => sum + value, 0) / values.length }
}
