// The Pareto chart: bars of the top functions by own time, and the cumulative share of Σ tottime as a line,
// so the reader sees how few functions take most of the time. Drawn with d3 (scales, axes, line).

import { axisBottom, axisLeft, axisRight } from 'd3-axis'
import { format } from 'd3-format'
import { scaleBand, scaleLinear } from 'd3-scale'
import { select } from 'd3-selection'
import { line } from 'd3-shape'
import type { ReportData } from '../report-data.js'
import { formatCount, formatShare, formatTime, location } from './format.js'
import type { Selection } from './selection.js'
import type { Totals } from './summary.js'

const MAX_BARS = 20
const HEIGHT = 300
const MARGIN = { top: 16, right: 56, bottom: 96, left: 72 }
const PARETO_LINE = 0.8

/**
 * `without`: a function left out, as if fixing it had taken its time to zero; the chart then shows the next
 * bottleneck, with shares of what remains.
 */
export function renderPareto(root: HTMLElement, data: ReportData, totals: Totals, selection: Selection, without?: number): void {
  const weight = (index: number) => (data.hasTimes ? data.functions[index].tottime : data.functions[index].calls)
  const whole = (data.hasTimes ? totals.totalTime : totals.calls) - (without === undefined ? 0 : weight(without))
  const top = totals.byOwnTime.filter((index) => index !== without).slice(0, MAX_BARS).filter((index) => weight(index) > 0)
  root.replaceChildren()
  if (top.length === 0 || whole <= 0) {
    root.textContent = 'No function took measurable time.'
    return
  }
  let running = 0
  const cumulative = top.map((index) => (running += weight(index)) / whole)

  const width = Math.max(480, root.clientWidth || 960)
  const innerWidth = width - MARGIN.left - MARGIN.right
  const innerHeight = HEIGHT - MARGIN.top - MARGIN.bottom
  const x = scaleBand<number>().domain(top).range([0, innerWidth]).padding(0.2)
  const y = scaleLinear().domain([0, weight(top[0])]).nice().range([innerHeight, 0])
  const share = scaleLinear().domain([0, 1]).range([innerHeight, 0])

  const svg = select(root)
    .append('svg')
    .attr('class', without === undefined ? 'pareto-chart pareto' : 'pareto-chart pareto-next')
    .attr('width', width)
    .attr('height', HEIGHT)
    .attr('role', 'img')
    .attr('aria-label', `Pareto chart of the top ${top.length} functions by ${data.hasTimes ? 'own time' : 'calls'}${without === undefined ? '' : `, without ${data.functions[without].name}`}`)
  const plot = svg.append('g').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`)

  // Bars are labelled by name, with the file's base name where several top functions share a name (<module>).
  const shared = new Set(top.map((index) => data.functions[index].name).filter((n, i, all) => all.indexOf(n) !== i))
  const name = (index: number) => {
    const fn = data.functions[index]
    return shared.has(fn.name) ? `${fn.name} ${fn.file.slice(fn.file.lastIndexOf('/') + 1)}` : fn.name
  }
  plot
    .append('g')
    .attr('transform', `translate(0,${innerHeight})`)
    .call(axisBottom(x).tickFormat((index) => truncate(name(index), 24)))
    .selectAll('text')
    .attr('transform', 'rotate(-40)')
    .style('text-anchor', 'end')
  plot.append('g').call(axisLeft(y).ticks(5).tickFormat((value) => (data.hasTimes ? formatTime(Number(value)) : format('~s')(Number(value)))))
  plot.append('g').attr('transform', `translate(${innerWidth},0)`).call(axisRight(share).ticks(5).tickFormat(format('.0%')))

  plot
    .append('line')
    .attr('class', 'pareto-80')
    .attr('x1', 0)
    .attr('x2', innerWidth)
    .attr('y1', share(PARETO_LINE))
    .attr('y2', share(PARETO_LINE))

  plot
    .selectAll('rect.bar')
    .data(top)
    .join('rect')
    .attr('class', 'bar')
    .attr('data-fn', (index) => index)
    .attr('x', (index) => x(index)!)
    .attr('y', (index) => y(weight(index)))
    .attr('width', x.bandwidth())
    .attr('height', (index) => innerHeight - y(weight(index)))
    .on('click', (_event, index) => selection.select(index, 'pareto'))
    .append('title')
    .text((index) => {
      const fn = data.functions[index]
      const amount = data.hasTimes ? formatTime(fn.tottime) : `${formatCount(fn.calls)} calls`
      return `${fn.name} (${location(fn)})\n${amount}, ${formatShare(weight(index), whole)}`
    })

  const centre = (index: number) => x(index)! + x.bandwidth() / 2
  plot
    .append('path')
    .attr('class', 'pareto-line')
    .attr('d', line<number>().x((_, i) => centre(top[i])).y((value) => share(value))(cumulative))
  plot
    .selectAll('circle.pareto-point')
    .data(cumulative)
    .join('circle')
    .attr('class', 'pareto-point')
    .attr('r', 3)
    .attr('cx', (_, i) => centre(top[i]))
    .attr('cy', (value) => share(value))
    .append('title')
    .text((value, i) => `top ${i + 1}: ${format('.1%')(value)} of ${data.hasTimes ? 'Σ tottime' : 'all calls'}${without === undefined ? '' : ' left'}`)

  selection.onChange((fn) => {
    plot.selectAll<SVGRectElement, number>('rect.bar').classed('selected', (index) => index === fn)
  })
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text
}
