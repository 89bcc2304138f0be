// https://chromedevtools.github.io/devtools-protocol/tot/Profiler/#type-Profile (V8's .cpuprofile)
//
// Synthesized from the calling-context tree laid out as a flame graph (tree-layout.ts): one node per context,
// one "sample" per context with own time (in the layout's order), whose time delta is exactly that own time. Viewers credit each
// sample with the time until the next one (DevTools, speedscope, VS Code), so self and total come out exact.
// Deltas keep fractional microseconds: rounded to integers, equal timestamps make DevTools move time between
// parents and children. Contexts without own time get no sample, so no two samples share a timestamp.
// The format has no call counts; use speedscope, pprof or callgrind for those.

import type { ProfileData } from '../model.js'
import { PROGRAM_LABEL, TRUNCATED_LABEL } from './frame-label.js'
import { requireTimes } from './metric.js'
import { layoutTree, ticksToMicroseconds } from './tree-layout.js'

const US_PER_S = 1e6

export interface CpuProfileCallFrame {
  functionName: string
  scriptId: string
  url: string
  /** 0-based */
  lineNumber: number
  /** 0-based */
  columnNumber: number
}

export interface CpuProfileNode {
  id: number
  callFrame: CpuProfileCallFrame
  /** Own time in whole microseconds (the old "JavaScript Profiler" panel's sample count). */
  hitCount: number
  children: number[]
}

export interface CpuProfile {
  nodes: CpuProfileNode[]
  /** µs */
  startTime: number
  /** µs */
  endTime: number
  samples: number[]
  /** µs between a sample and the previous one (the first is relative to startTime) */
  timeDeltas: number[]
}

export function exportCpuprofile(profile: ProfileData): string {
  return JSON.stringify(cpuProfile(profile))
}

export function cpuProfile(profile: ProfileData): CpuProfile {
  requireTimes(profile, 'a .cpuprofile')
  const { tree, functions } = profile
  const layout = layoutTree(tree)
  const scriptIds = new Map<string, string>()
  const scriptId = (file: string) => {
    let id = scriptIds.get(file)
    if (id === undefined) scriptIds.set(file, (id = String(scriptIds.size + 1)))
    return id
  }
  const special = (functionName: string): CpuProfileCallFrame => ({ functionName, scriptId: '0', url: '', lineNumber: -1, columnNumber: -1 })
  const frameOf = (fn: number): CpuProfileCallFrame => {
    if (fn < 0) return special(TRUNCATED_LABEL)
    const { name, file, line, column } = functions[fn]
    return { functionName: name, scriptId: scriptId(file), url: file, lineNumber: line - 1, columnNumber: column }
  }

  // Node ids: tree node n becomes id n + 1; (program), for the root's own time, comes last.
  const nodes: CpuProfileNode[] = tree.fn.map((fn, node) => ({
    id: node + 1,
    callFrame: node === 0 ? special('(root)') : frameOf(fn),
    hitCount: node === 0 ? 0 : Math.round(tree.self[node] * US_PER_S),
    children: Array.from(layout.children.subarray(layout.childStart[node], layout.childStart[node + 1]), (child) => child + 1),
  }))
  const programId = nodes.length + 1
  if (layout.self[0] > 0) {
    nodes.push({ id: programId, callFrame: special(PROGRAM_LABEL), hitCount: Math.round(tree.self[0] * US_PER_S), children: [] })
    nodes[0].children.push(programId) // the root's own time comes last in the layout
  }

  const samples: number[] = []
  const timeDeltas: number[] = []
  let previousSelf = 0 // µs the previous sample lasts
  for (const node of layout.postorder) {
    const self = ticksToMicroseconds(layout.self[node])
    if (self <= 0) continue
    samples.push(node === 0 ? programId : node + 1)
    timeDeltas.push(previousSelf)
    previousSelf = self
  }
  const endTime = ticksToMicroseconds(layout.total[0])
  samples.push(1) // closing sample on (root): gives the last context its duration
  timeDeltas.push(previousSelf)
  return { nodes, startTime: 0, endTime, samples, timeDeltas }
}
