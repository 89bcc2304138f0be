// https://github.com/jlfwong/speedscope/blob/main/src/lib/file-format-spec.ts (JSON schema: https://www.speedscope.app/file-format-schema.json)
//
// Two sampled profiles from the calling-context tree, one "sample" per tree node: own time as the weight
// (exact self and total per context, recursion included) and the node's call count as the weight, so that
// speedscope, which shows no call counts for the profilers it usually reads, shows ours exactly; with memory data
// (PROBEPROF_MEMORY=1), a third weighted by the bytes each context allocated (sampled).

import type { ProfileData } from '../model.js'
import { PROBEPROF_VERSION } from '../version.js'
import { PROGRAM_LABEL, TRUNCATED_LABEL, hasTimes } from './frame-label.js'
import type { ExportMetric } from './metric.js'
import { nodeBytes, resolveMetric } from './metric.js'
import { pathOf } from './tree-layout.js'

export const SPEEDSCOPE_SCHEMA_URL = 'https://www.speedscope.app/file-format-schema.json'

export interface SpeedscopeFrame {
  name: string
  file?: string
  line?: number
  col?: number
}

export interface SpeedscopeSampledProfile {
  type: 'sampled'
  name: string
  unit: 'none' | 'seconds' | 'bytes'
  startValue: number
  endValue: number
  samples: number[][]
  weights: number[]
}

export interface SpeedscopeFile {
  $schema: typeof SPEEDSCOPE_SCHEMA_URL
  shared: { frames: SpeedscopeFrame[] }
  profiles: SpeedscopeSampledProfile[]
  name: string
  activeProfileIndex: number
  exporter: string
}

export interface SpeedscopeOptions {
  /** Only one profile: 'time' (own seconds), 'calls' or 'bytes'. Default: each the profile has, time first. */
  metric?: ExportMetric
  /** Shown as the file's name in speedscope. */
  name?: string
}

export function exportSpeedscope(profile: ProfileData, opts: SpeedscopeOptions = {}): string {
  return JSON.stringify(speedscopeFile(profile, opts))
}

export function speedscopeFile(profile: ProfileData, opts: SpeedscopeOptions = {}): SpeedscopeFile {
  const every: ExportMetric[] = [...(hasTimes(profile) ? (['time'] as const) : []), 'calls', ...(profile.memory !== undefined ? (['bytes'] as const) : [])]
  const metrics: ExportMetric[] = opts.metric !== undefined ? [resolveMetric(profile, opts.metric)] : every
  const bytes = nodeBytes(profile)
  const frames: SpeedscopeFrame[] = profile.functions.map((fn) => ({ name: fn.name, file: fn.file, line: fn.line, col: fn.column + 1 }))
  const truncatedFrame = frames.push({ name: TRUNCATED_LABEL }) - 1
  const programFrame = frames.push({ name: PROGRAM_LABEL }) - 1
  const { tree } = profile
  const stacks = tree.fn.map((_, node) => pathOf(tree, node).map((fn) => (fn >= 0 ? fn : truncatedFrame)))
  const name = opts.name ?? 'probeprof'

  const profiles = metrics.map((metric): SpeedscopeSampledProfile => {
    const samples: number[][] = []
    const weights: number[] = []
    const weightOf = (node: number) => (metric === 'time' ? tree.self[node] : metric === 'bytes' ? bytes[node] : tree.calls[node])
    const rootWeight = metric === 'calls' ? 0 : weightOf(0)
    if (rootWeight > 0) {
      samples.push([programFrame])
      weights.push(rootWeight)
    }
    for (let node = 1; node < tree.fn.length; node++) {
      const weight = weightOf(node)
      if (weight <= 0) continue // a context with no own weight still shows through its children
      samples.push(stacks[node])
      weights.push(weight)
    }
    const endValue = weights.reduce((sum, weight) => sum + weight, 0)
    return {
      type: 'sampled',
      name: metric === 'time' ? `${name} — own time` : metric === 'bytes' ? `${name} — bytes allocated (sampled)` : `${name} — calls (exact counts)`,
      unit: metric === 'time' ? 'seconds' : metric === 'bytes' ? 'bytes' : 'none',
      startValue: 0,
      endValue,
      samples,
      weights,
    }
  })
  return {
    $schema: SPEEDSCOPE_SCHEMA_URL,
    shared: { frames },
    profiles,
    name,
    activeProfileIndex: 0,
    exporter: `probeprof@${PROBEPROF_VERSION}`,
  }
}
