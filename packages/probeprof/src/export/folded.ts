// https://github.com/brendangregg/FlameGraph#2-fold-stacks (collapsed stacks: `root;…;leaf weight`)
//
// One line per calling context with a weight: own time in integer nanoseconds (weights must be integers, and
// microseconds would round fast functions to zero), or the context's exact call count with metric 'calls'.
// flamegraph.pl, inferno, speedscope and Perfetto draw exact flame graphs from it. Frames are
// `name (file:line)`: the string is the frame's identity, so a bare `<anonymous>` would merge them all.

import type { ProfileData } from '../model.js'
import { PROGRAM_LABEL, locatedLabels, nodeLabel } from './frame-label.js'
import { nodeBytes, resolveMetric, type ExportMetric } from './metric.js'

const NS_PER_S = 1e9

export interface FoldedOptions {
  /** 'time' (own nanoseconds, the default when the profile has times), 'calls', or 'bytes' (allocated, sampled). */
  metric?: ExportMetric
}

export function exportFolded(profile: ProfileData, opts: FoldedOptions = {}): string {
  const metric = resolveMetric(profile, opts.metric)
  const { tree } = profile
  const labels = locatedLabels(profile.functions).map(sanitizeFrame)
  const stacks: string[] = new Array(tree.fn.length)
  stacks[0] = ''
  const lines: string[] = []
  const bytes = nodeBytes(profile)
  const weightOf = (node: number) => (metric === 'time' ? Math.round(tree.self[node] * NS_PER_S) : metric === 'bytes' ? Math.round(bytes[node]) : tree.calls[node])
  const rootWeight = metric === 'calls' ? 0 : weightOf(0)
  if (rootWeight > 0) lines.push(`${PROGRAM_LABEL} ${rootWeight}`)
  for (let node = 1; node < tree.fn.length; node++) {
    const frame = nodeLabel(labels, tree.fn[node])
    const parent = tree.parent[node]
    stacks[node] = parent === 0 ? frame : `${stacks[parent]};${frame}` // parents precede children in the tree
    const weight = weightOf(node)
    if (weight > 0) lines.push(`${stacks[node]} ${weight}`)
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`
}

/** `;` separates frames and a line is one stack: neither may appear inside a frame. */
function sanitizeFrame(label: string): string {
  return label.replace(/;/g, ',').replace(/[\r\n]+/g, ' ')
}
