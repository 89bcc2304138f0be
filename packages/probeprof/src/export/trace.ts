// https://docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU/preview (Trace Event Format)
//
// The runtime aggregates calls into a calling-context tree instead of logging each one, so the trace is that
// tree laid out as complete ("X") events (tree-layout.ts): one slice per context, as wide as the context's
// total time over all its calls, children inside their parent. Perfetto, chrome://tracing, DevTools and
// speedscope then show exact self and total per context. `args` carry only what is fixed per function
// (file, line, column): speedscope keys frames by name + args, so per-context data there (calls) would split
// one function into many frames. Timestamps keep fractional microseconds.

import type { ProfileData } from '../model.js'
import { PROGRAM_LABEL, TRUNCATED_LABEL, locatedLabels } from './frame-label.js'
import { requireTimes } from './metric.js'
import { layoutTree, ticksToMicroseconds as us } from './tree-layout.js'

const CATEGORY = 'probeprof'

export interface TraceEvent {
  name: string
  cat?: string
  ph: 'X' | 'M'
  /** µs */
  ts: number
  /** µs */
  dur?: number
  pid: number
  tid: number
  args?: Record<string, string | number>
}

export interface TraceFile {
  traceEvents: TraceEvent[]
  displayTimeUnit: 'ms'
  otherData: Record<string, string>
}

export function exportTrace(profile: ProfileData): string {
  return JSON.stringify(traceFile(profile))
}

export function traceFile(profile: ProfileData): TraceFile {
  requireTimes(profile, 'a trace')
  const { tree, functions } = profile
  const layout = layoutTree(tree)
  const labels = locatedLabels(functions)
  const source = profile.sources[0]
  const pid = source?.host.pid ?? 1
  const tid = source?.host.threadId ?? 0
  const events: TraceEvent[] = [
    { name: 'process_name', ph: 'M', ts: 0, pid, tid, args: { name: 'probeprof' } },
    { name: 'thread_name', ph: 'M', ts: 0, pid, tid, args: { name: 'calling-context tree (one slice per context, all its calls)' } },
  ]
  if (layout.self[0] > 0) {
    const ts = us(layout.total[0] - layout.self[0]) // the root's own time comes last in the layout
    events.push({ name: PROGRAM_LABEL, cat: CATEGORY, ph: 'X', ts, dur: us(layout.self[0]), pid, tid })
  }
  for (const node of layout.preorder) {
    if (node === 0) continue
    const fn = tree.fn[node]
    const event: TraceEvent = {
      name: fn >= 0 ? labels[fn] : TRUNCATED_LABEL,
      cat: CATEGORY,
      ph: 'X',
      ts: us(layout.start[node]),
      dur: us(layout.total[node]),
      pid,
      tid,
    }
    if (fn >= 0) event.args = { file: functions[fn].file, line: functions[fn].line, column: functions[fn].column }
    events.push(event)
  }
  const otherData: Record<string, string> = { exporter: 'probeprof', layout: 'calling-context tree, not a timeline of individual calls' }
  if (source) otherData.startedAt = source.startedAt
  return { traceEvents: events, displayTimeUnit: 'ms', otherData }
}
