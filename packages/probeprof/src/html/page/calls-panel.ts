// Callers and callees of the selected function, per edge: calls (total/primitive), the callee's own and
// cumulative time under that caller — pstats' print_callers / print_callees. Clicking one selects it.

import type { ReportData, ReportEdge } from '../report-data.js'
import { h } from './dom.js'
import { formatBytes } from '../../format/bytes.js'
import { formatCalls, formatTime, location } from './format.js'
import type { Selection } from './selection.js'

export function renderCallsPanel(root: HTMLElement, data: ReportData, selection: Selection): void {
  const callers = data.functions.map((): ReportEdge[] => [])
  const callees = data.functions.map((): ReportEdge[] => [])
  for (const edge of data.edges) {
    callers[edge.callee].push(edge)
    callees[edge.caller].push(edge)
  }

  const show = (fn: number | null) => {
    if (fn === null) {
      root.replaceChildren(h('p', { className: 'hint' }, 'Select a function (in the table, the chart or the flame graph) to see its callers and callees.'))
      return
    }
    const selected = data.functions[fn]
    root.replaceChildren(
      h('h3', { id: 'selected-function' }, selected.name, ' ', h('span', { className: 'where' }, location(selected))),
      edgeTable('callers', 'Called by', callers[fn], (edge) => edge.caller, 'called from the program itself (no instrumented caller)'),
      edgeTable('callees', 'Calls', callees[fn], (edge) => edge.callee, 'calls no instrumented function'),
    )
  }

  function edgeTable(id: string, title: string, edges: ReportEdge[], other: (edge: ReportEdge) => number, empty: string): HTMLElement {
    if (edges.length === 0) return h('section', { id }, h('h4', {}, title), h('p', { className: 'hint' }, empty))
    const bytes = data.memory !== null && 'nodeBytes' in data.memory
    const rows = edges
      .slice()
      .sort((a, b) => b.cumtime - a.cumtime || b.calls - a.calls)
      .map((edge) => {
        const fn = data.functions[other(edge)]
        const row = h(
          'tr',
          { 'data-fn': other(edge), tabindex: 0 },
          h('td', { className: 'num' }, formatCalls(edge.calls, edge.primitiveCalls)),
          h('td', { className: 'num' }, formatTime(edge.tottime)),
          h('td', { className: 'num' }, formatTime(edge.cumtime)),
          ...(bytes ? [h('td', { className: 'num' }, formatBytes(edge.memory?.self ?? 0)), h('td', { className: 'num' }, formatBytes(edge.memory?.cumulative ?? 0))] : []),
          h('td', {}, fn.name),
          h('td', { className: 'location' }, location(fn)),
        )
        row.addEventListener('click', () => selection.select(other(edge), id))
        return row
      })
    const headings = ['ncalls', 'tottime', 'cumtime', ...(bytes ? ['own bytes', 'cum bytes'] : []), 'function', 'file:line']
    return h(
      'section',
      { id },
      h('h4', {}, title),
      h(
        'table',
        { className: 'edges' },
        h('thead', {}, h('tr', {}, ...headings.map((text, i) => h('th', { className: i < headings.length - 2 ? 'num' : '', scope: 'col' }, text)))),
        h('tbody', {}, ...rows),
      ),
    )
  }

  show(selection.value)
  selection.onChange((fn) => show(fn))
}
