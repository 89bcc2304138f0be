// From profile to next step: the Pareto set of the time and of the calls, the bottleneck behind the top one,
// Amdahl's bound on what fixing each top function can gain and where to stop, and what to leave alone.
// Pure: a ProfileData in, an Advice (types.ts) out; the numbers are the report's own.

import { ProbeprofError } from '../errors.js'
import { hasTimes } from '../export/frame-label.js'
import { standardName, type FunctionStats, type ProfileData } from '../model.js'
import { helperCosts, routeCosts } from './features.js'
import { memoizationCandidates } from './memoization.js'
import { K_MIN_SAMPLES, sampleIntervalOf } from '../samples.js'
import type { Advice, AdvisedFunction, FixBound, ParetoSet, SamplingEvidence } from './types.js'

/** The file name of a server's route pseudo-functions (runtime: server integration); they are not code. */
const ROUTE_FILE = '<route>'

export interface AdviseOptions {
  /** share of the measure the Pareto set must reach; default 0.8 */
  paretoShare?: number
  /** a fix gaining less than this share of the reference time is not worth it: stop; default 0.05 */
  stopBelow?: number
  /** functions under this share of the time, own and cumulative, are left alone; default 0.01 */
  leaveAloneBelow?: number
}

export const ADVISE_DEFAULTS: Required<AdviseOptions> = { paretoShare: 0.8, stopBelow: 0.05, leaveAloneBelow: 0.01 }

export function adviseProfile(profile: ProfileData, options: AdviseOptions = {}): Advice {
  const { paretoShare, stopBelow, leaveAloneBelow } = { ...ADVISE_DEFAULTS, ...options }
  for (const [name, value] of Object.entries({ paretoShare, stopBelow, leaveAloneBelow })) {
    if (!(value > 0 && value <= 1)) throw new ProbeprofError(`invalid advice option ${name} ${value}: give a share between 0 and 1`)
  }
  const functions = profile.functions.map((fn, index) => advised(fn, index)).filter((fn) => fn.file !== ROUTE_FILE)
  const timed = hasTimes(profile)
  const wallTime = profile.sources.reduce((sum, source) => sum + source.wallTime, 0)
  const totalTime = functions.reduce((sum, fn) => sum + fn.tottime, 0)
  const totalCalls = functions.reduce((sum, fn) => sum + fn.calls, 0)
  // a server's wall time is mostly waiting for requests; its own code's time is what a fix can shrink
  const isServer = (profile.routes ?? []).length > 0
  const reference: Advice['reference'] =
    isServer || wallTime < totalTime ? { label: 'time in instrumented code', seconds: totalTime } : { label: 'wall time', seconds: wallTime }

  const timeSet = timed ? paretoSet(functions, 'tottime', paretoShare) : null
  const top = timeSet?.entries[0]?.fn
  const next = top === undefined ? null : { removed: top, time: paretoSet(functions.filter((fn) => fn !== top), 'tottime', paretoShare) }

  const sampling = timed ? samplingEvidence(profile, totalTime, stopBelow * reference.seconds) : null
  // with too few samples, "worth a fix" and "stop" would be noise: neither is given (the stop line says why)
  const judged = timed && (sampling === null || sampling.enough)
  const bounds = judged ? functions.map((fn) => fixBound(fn, reference.seconds)).sort((a, b) => b.ownGain - a.ownGain || a.fn.index - b.fn.index) : []
  const fixes = bounds.filter((bound) => bound.ownShare >= stopBelow)
  const best = bounds.find((bound) => bound.ownShare < stopBelow && bound.ownGain > 0) ?? null

  // time when there is time, calls otherwise: a count-only run still knows what is negligible
  const whole = timed ? totalTime : totalCalls
  const own = (fn: AdvisedFunction) => (timed ? fn.tottime : fn.calls)
  const cumulative = (fn: AdvisedFunction) => (timed ? fn.cumtime : fn.calls)
  const leaveAlone =
    whole > 0
      ? functions
          .map((fn) => ({ fn, share: own(fn) / whole, cumShare: cumulative(fn) / whole }))
          .filter((entry) => entry.share < leaveAloneBelow && entry.cumShare < leaveAloneBelow)
          .sort((a, b) => b.cumShare - a.cumShare || b.share - a.share || a.fn.index - b.fn.index)
      : []

  return {
    sources: profile.sources.map((source) => source.path),
    hasTimes: timed,
    wallTime,
    totalTime,
    totalCalls,
    functionCount: functions.length,
    reference,
    pareto: { time: timeSet, calls: paretoSet(functions, 'calls', paretoShare) },
    next,
    fixes,
    stop: { threshold: stopBelow, best },
    sampling,
    features: { routes: routeCosts(profile), helpers: judged ? helperCosts(profile, functions, reference.seconds, stopBelow) : [] },
    memoization: memoizationCandidates(profile, functions, timed),
    leaveAlone: { threshold: leaveAloneBelow, functions: leaveAlone },
  }
}

/**
 * The fewest functions whose measure reaches `target` of the total: the largest first, ties in profile order
 * (which is the order the runtime met them), so the set is the same on every run of the same counts.
 */
export function paretoSet(functions: readonly AdvisedFunction[], measure: ParetoSet['measure'], target: number): ParetoSet {
  const value = (fn: AdvisedFunction) => (measure === 'tottime' ? fn.tottime : fn.calls)
  const total = functions.reduce((sum, fn) => sum + value(fn), 0)
  const sorted = functions.filter((fn) => value(fn) > 0).sort((a, b) => value(b) - value(a) || a.index - b.index)
  const entries: ParetoSet['entries'] = []
  let running = 0
  for (const fn of sorted) {
    if (total <= 0 || running >= target * total) break
    running += value(fn)
    entries.push({ fn, value: value(fn), share: value(fn) / total, cumulativeShare: running / total })
  }
  return { measure, target, total, considered: functions.length, entries }
}

/**
 * null unless the times are sampled; `stopLineSeconds` is the gain of a fix exactly at the threshold, and a
 * function there must get K_MIN_SAMPLES samples (a 10 ms run sampled every 100 µs gives a 5 % function 5).
 */
function samplingEvidence(profile: ProfileData, totalTime: number, stopLineSeconds: number): SamplingEvidence | null {
  const interval = sampleIntervalOf(profile.sources)
  if (interval === null) return null
  const samplesAtStopLine = stopLineSeconds / interval
  return { interval, samples: totalTime / interval, samplesAtStopLine, needed: K_MIN_SAMPLES, enough: samplesAtStopLine >= K_MIN_SAMPLES }
}

function fixBound(fn: AdvisedFunction, referenceSeconds: number): FixBound {
  const share = (seconds: number) => (referenceSeconds > 0 ? seconds / referenceSeconds : 0)
  return { fn, ownGain: fn.tottime, ownShare: share(fn.tottime), cumGain: fn.cumtime, cumShare: share(fn.cumtime) }
}

function advised(fn: FunctionStats, index: number): AdvisedFunction {
  return {
    index,
    name: fn.name,
    file: fn.file,
    line: fn.line,
    standardName: standardName(fn),
    calls: fn.calls,
    primitiveCalls: fn.primitiveCalls,
    tottime: fn.tottime,
    cumtime: fn.cumtime,
  }
}
