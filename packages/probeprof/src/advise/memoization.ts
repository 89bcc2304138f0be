// Memoization candidates from argument fingerprints (a build with `args`): the functions whose calls repeat a
// few argument tuples, each tuple always with the same result, so that a cache keyed by the arguments would
// answer most calls. After MemoizeIt (Della Toffola, Pradel, Gross, ICSE 2015), which found profitable caches in
// real programs this way; like it, the evidence is what the run did, not a proof that the function is pure.

import type { ProfileData } from '../model.js'
import type { Advice, AdvisedFunction, MemoCandidate } from './types.js'

/** A cache must answer at least this share of the calls... */
const K_MIN_SAVED_SHARE = 0.5
/** ...and at least this many calls, or it is not worth its code. */
const K_MIN_SAVED_CALLS = 100

export function memoizationCandidates(profile: ProfileData, functions: readonly AdvisedFunction[], timed: boolean): Advice['memoization'] {
  const byIndex = new Map(functions.map((fn) => [fn.index, fn]))
  const rows = profile.arguments ?? []
  const candidates: MemoCandidate[] = []
  let rejected = 0
  for (const row of rows) {
    const fn = byIndex.get(row.function)
    if (fn === undefined || row.calls === 0) continue
    // a tuple with two results, or calls the table could not follow: a cache would change what the program does
    if (row.inconsistentTuples > 0 || row.untracked > 0 || row.full) {
      rejected++
      continue
    }
    const savedCalls = row.calls - row.distinct
    const savedShare = savedCalls / row.calls
    if (savedShare < K_MIN_SAVED_SHARE || savedCalls < K_MIN_SAVED_CALLS) continue
    candidates.push({
      fn,
      calls: row.calls,
      distinct: row.distinct,
      distinctIsUpperBound: row.reports > 1,
      savedCalls,
      savedShare,
      savedTime: timed ? fn.cumtime * savedShare : null,
    })
  }
  candidates.sort((a, b) => (b.savedTime ?? 0) - (a.savedTime ?? 0) || b.savedCalls - a.savedCalls || a.fn.index - b.fn.index)
  return { candidates, fingerprinted: rows.length, rejected }
}
