// The calling-context tree as a zoomable icicle (d3-flame-graph, inverted): exact, because each box is one
// calling context with its own recorded time, not a stack reconstructed from samples or from one-level edges.
// Widths: own time (default), calls, or bytes allocated (memory next to time, from a run with PROBEPROF_MEMORY=1).
// Click a box to zoom into it and select its function.

import flamegraph, { type FlameGraph } from 'd3-flame-graph'
import { select } from 'd3-selection'
import type { ReportData } from '../report-data.js'
import { h } from './dom.js'
import { formatBytes } from '../../format/bytes.js'
import { formatCount, formatShare, formatTime, location } from './format.js'
import type { Selection } from './selection.js'

interface FlameNode {
  name: string
  /** own weight of the context: seconds, calls or bytes */
  value: number
  children: FlameNode[]
  fn: number
  calls: number
  self: number
}

const CELL_HEIGHT = 18

type Metric = 'time' | 'calls' | 'bytes'

function buildTree(data: ReportData, metric: Metric): FlameNode {
  const { tree, functions } = data
  const bytes = data.memory !== null && 'nodeBytes' in data.memory ? data.memory.nodeBytes : tree.fn.map(() => 0)
  const own = (node: number) => (metric === 'time' ? tree.self[node] : metric === 'bytes' ? bytes[node] : tree.calls[node])
  const nodes: FlameNode[] = tree.fn.map((fn, node) => ({
    name: node === 0 ? 'all' : fn >= 0 ? functions[fn].name : '(truncated)',
    value: own(node),
    children: [],
    fn,
    calls: tree.calls[node],
    self: own(node),
  }))
  for (let node = 1; node < nodes.length; node++) nodes[tree.parent[node]].children.push(nodes[node])
  if (metric !== 'calls' && own(0) > 0) {
    // The root's own time (or bytes): when no instrumented function ran.
    nodes[0].children.unshift({ name: '(program)', value: own(0), children: [], fn: -1, calls: 0, self: own(0) })
    nodes[0].value = 0
  }
  return nodes[0]
}

export function renderFlame(root: HTMLElement, data: ReportData, selection: Selection): void {
  let metric: Metric = data.hasTimes ? 'time' : 'calls'
  const hasBytes = data.memory !== null && 'nodeBytes' in data.memory
  const details = h('span', { className: 'flame-details', id: 'flame-details' })
  const reset = h('button', { type: 'button', id: 'flame-reset', title: 'show the whole tree again' }, 'Reset zoom')
  const metricSelect = h(
    'select',
    { id: 'flame-metric', 'aria-label': 'box widths' },
    h('option', { value: 'time', disabled: !data.hasTimes }, 'widths: time'),
    h('option', { value: 'calls' }, 'widths: calls'),
    hasBytes ? h('option', { value: 'bytes' }, 'widths: bytes allocated') : null,
  )
  metricSelect.value = metric
  const chartElement = h('div', { id: 'flame-chart' })
  root.replaceChildren(h('div', { className: 'flame-tools' }, reset, metricSelect, details), chartElement)

  const total = (node: FlameNode): number => node.value + node.children.reduce((sum, child) => sum + total(child), 0)
  let rootTotal = 0
  let chart: FlameGraph
  const draw = () => {
    const tree = buildTree(data, metric)
    rootTotal = total(tree)
    chartElement.replaceChildren()
    chart = flamegraph()
      .width(Math.max(480, chartElement.clientWidth || root.clientWidth || 960))
      .cellHeight(CELL_HEIGHT)
      .inverted(true)
      .selfValue(true)
      .sort(false)
      .transitionDuration(300)
      .minFrameSize(1)
      .setDetailsElement(details)
      .setLabelHandler((d) => describe(d.data as FlameNode, d.value ?? 0))
      .setSearchHandler((results, sum, whole) => {
        const amount = amountOf(sum)
        details.textContent = results.length === 0 ? '' : `highlighted: ${results.length} contexts, ${amount} (${formatShare(sum, whole)})`
      })
      .onClick((d) => {
        const fn = (d.data as FlameNode).fn
        if (fn >= 0) selection.select(fn, 'flame')
      })
    select(chartElement).datum(tree).call(chart)
  }
  const amountOf = (value: number) => (metric === 'time' ? formatTime(value) : metric === 'bytes' ? `${formatBytes(value)} allocated` : `${formatCount(value)} calls`)
  const describe = (node: FlameNode, inclusive: number) => {
    if (node.fn < 0 && node.name === 'all') return `all: ${amountOf(inclusive)}`
    const fn = node.fn >= 0 ? data.functions[node.fn] : undefined
    const where = fn ? ` (${location(fn)})` : ''
    const amount =
      metric === 'time'
        ? `${formatTime(inclusive)} total, ${formatTime(node.self)} own`
        : metric === 'bytes'
          ? `${formatBytes(inclusive)} allocated in this subtree, ${formatBytes(node.self)} own`
          : `${formatCount(inclusive)} calls in this subtree`
    return `${node.name}${where}: ${amount}, ${formatShare(inclusive, rootTotal)}; ${formatCount(node.calls)} calls in this context`
  }

  reset.addEventListener('click', () => chart.resetZoom())
  metricSelect.addEventListener('change', () => {
    metric = metricSelect.value === 'calls' ? 'calls' : metricSelect.value === 'bytes' ? 'bytes' : 'time'
    draw()
  })
  selection.onChange((fn, origin) => {
    if (origin === 'flame') return
    chart.clear()
    if (fn !== null) chart.search(`^${escapeRegExp(data.functions[fn].name)}$`)
  })
  draw()
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
