// Which number a single-metric format (folded stacks, the flame-graph widths) carries: own time, calls, or the bytes
// allocated (a run with memory profiling).

import { ProbeprofError } from '../errors.js'
import type { ProfileData } from '../model.js'
import { hasTimes } from './frame-label.js'

export type ExportMetric = 'time' | 'calls' | 'bytes'

export const EXPORT_METRICS: readonly ExportMetric[] = ['time', 'calls', 'bytes']

/** Sampled bytes allocated per tree node (zeros without memory data; resolveMetric refuses 'bytes' then). */
export function nodeBytes(profile: ProfileData): readonly number[] {
  return profile.memory?.nodeBytes ?? profile.tree.fn.map(() => 0)
}

/** The metric asked for, or time when the profile has times and calls when it was recorded counts-only. */
export function resolveMetric(profile: ProfileData, metric: ExportMetric | undefined): ExportMetric {
  if (metric === undefined) return hasTimes(profile) ? 'time' : 'calls'
  if (!EXPORT_METRICS.includes(metric)) {
    throw new ProbeprofError(`invalid metric '${String(metric)}' (choose from ${EXPORT_METRICS.join(', ')})`)
  }
  if (metric === 'bytes' && profile.memory === undefined) {
    throw new ProbeprofError(`the profile has no memory data for --metric bytes; record it with PROBEPROF_MEMORY=1, or choose time or calls`)
  }
  return metric
}

/** Fails with a clear line when a time-only format is asked for a counts-only profile. */
export function requireTimes(profile: ProfileData, format: string): void {
  if (!hasTimes(profile)) {
    throw new ProbeprofError(
      `cannot export ${format}: the profile has no times (recorded with clock 'counts'); export speedscope, pprof, callgrind, folded or csv, which carry the exact call counts`,
    )
  }
}
