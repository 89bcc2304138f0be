// The first screen: how long the run took, how much of it the instrumented code took, how many calls, and the
// few functions that take most of the time ("Pareto is king").

import type { ReportData } from '../report-data.js'
import { h } from './dom.js'
import { formatBytes } from '../../format/bytes.js'
import { formatCalls, formatCount, formatShare, formatTime, location } from './format.js'
import type { Selection } from './selection.js'

/** Share of own time the Pareto sentence counts up to. */
const PARETO_SHARE = 0.8

export interface Totals {
  wallTime: number
  totalTime: number
  calls: number
  primitiveCalls: number
  /** function indices by own time, largest first (by calls when the run has no times) */
  byOwnTime: number[]
}

export function computeTotals(data: ReportData): Totals {
  const weight = (index: number) => (data.hasTimes ? data.functions[index].tottime : data.functions[index].calls)
  return {
    wallTime: data.sources.reduce((sum, source) => sum + source.wallTime, 0),
    totalTime: data.functions.reduce((sum, fn) => sum + fn.tottime, 0),
    calls: data.functions.reduce((sum, fn) => sum + fn.calls, 0),
    primitiveCalls: data.functions.reduce((sum, fn) => sum + fn.primitiveCalls, 0),
    byOwnTime: data.functions.map((_, index) => index).sort((a, b) => weight(b) - weight(a) || a - b),
  }
}

/** How many of the top functions it takes to reach `share` of the total own time. */
export function paretoCount(data: ReportData, totals: Totals, share = PARETO_SHARE): number {
  const weight = (index: number) => (data.hasTimes ? data.functions[index].tottime : data.functions[index].calls)
  const total = data.hasTimes ? totals.totalTime : totals.calls
  let sum = 0
  for (let i = 0; i < totals.byOwnTime.length; i++) {
    sum += weight(totals.byOwnTime[i])
    if (sum >= share * total) return i + 1
  }
  return totals.byOwnTime.length
}

export function renderSummary(root: HTMLElement, data: ReportData, totals: Totals, selection: Selection): void {
  const top = totals.byOwnTime[0]
  const topFn = top === undefined ? undefined : data.functions[top]
  const card = (label: string, value: string, note?: string) =>
    h('div', { className: 'card' }, h('div', { className: 'card-label' }, label), h('div', { className: 'card-value' }, value), note ? h('div', { className: 'card-note' }, note) : null)

  const cards = [
    card('wall time', formatTime(totals.wallTime), data.sources.length > 1 ? `${data.sources.length} runs merged` : undefined),
    card('Σ tottime', formatTime(totals.totalTime), `${formatShare(totals.totalTime, totals.wallTime)} of the wall time, in instrumented functions`),
    card('calls', formatCalls(totals.calls, totals.primitiveCalls), `${formatCount(data.functions.length)} functions`),
  ]
  const memory = data.memory
  if (memory !== null && 'nodeBytes' in memory) {
    const allocated = memory.nodeBytes.reduce((sum, bytes) => sum + bytes, 0)
    cards.push(card('allocated', formatBytes(allocated), `sampled every ${formatBytes(memory.samplingInterval)}; heap at the end ${formatBytes(memory.heapUsed)}`))
  } else if (memory !== null) {
    cards.push(card('allocated', '–', memory.unavailable))
  }
  root.replaceChildren(h('div', { className: 'cards' }, ...cards))

  if (topFn !== undefined) {
    const share = data.hasTimes ? formatShare(topFn.tottime, totals.totalTime) : formatShare(topFn.calls, totals.calls)
    const measure = data.hasTimes ? `${formatTime(topFn.tottime)} of own time` : `${formatCount(topFn.calls)} calls`
    const link = h('button', { className: 'link', type: 'button', 'data-fn': top, onclick: () => selection.select(top, 'summary') }, topFn.name)
    const count = paretoCount(data, totals)
    root.append(
      h(
        'p',
        { className: 'bottleneck', id: 'bottleneck' },
        'Top bottleneck: ',
        link,
        ` (${location(topFn)}) — ${measure}, `,
        h('strong', {}, share),
        ` of ${data.hasTimes ? 'Σ tottime' : 'all calls'}. `,
        `${formatCount(count)} of ${formatCount(data.functions.length)} functions take ${Math.round(PARETO_SHARE * 100)}% of it.`,
      ),
    )
  }

  const meta = data.sources.map((source) => {
    const parts = [source.path ?? 'in-memory profile', `started ${source.startedAt}`, `clock ${source.clock}`, source.host]
    if (source.probeCostNs !== null) parts.push(`probe cost ${Math.round(source.probeCostNs)} ns/call`)
    if (source.truncatedCalls > 0) parts.push(`${formatCount(source.truncatedCalls)} calls past the context cap`)
    return h('li', {}, parts.join(' · '))
  })
  root.append(h('ul', { className: 'sources' }, ...meta))
}
