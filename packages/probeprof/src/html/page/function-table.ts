// The full function table: pstats' columns plus each function's share of Σ tottime, sortable by every column
// (click a header; again to reverse) and filterable by name or file. Clicking a row selects the function.

import type { ReportData, ReportFunction } from '../report-data.js'
import { h } from './dom.js'
import { formatBytes } from '../../format/bytes.js'
import { formatCalls, formatShare, formatTime, location } from './format.js'
import type { Selection } from './selection.js'

interface Column {
  key: string
  title: string
  /** tooltip on the header */
  help: string
  numeric: boolean
  sortValue(fn: ReportFunction): number | string
  cell(fn: ReportFunction): string
}

const perCall = (time: number, calls: number) => (calls > 0 ? time / calls : 0)

function columnsFor(data: ReportData, totalTime: number): Column[] {
  const columns: Column[] = [
    { key: 'ncalls', title: 'ncalls', help: 'calls (total/primitive when recursion made them differ)', numeric: true, sortValue: (fn) => fn.calls, cell: (fn) => formatCalls(fn.calls, fn.primitiveCalls) },
    { key: 'tottime', title: 'tottime', help: "own time, excluding the instrumented functions it called", numeric: true, sortValue: (fn) => fn.tottime, cell: (fn) => formatTime(fn.tottime) },
    { key: 'tpercall', title: 'percall', help: 'tottime / ncalls', numeric: true, sortValue: (fn) => perCall(fn.tottime, fn.calls), cell: (fn) => formatTime(perCall(fn.tottime, fn.calls)) },
    { key: 'cumtime', title: 'cumtime', help: 'time including callees, outermost calls only (recursion counted once)', numeric: true, sortValue: (fn) => fn.cumtime, cell: (fn) => formatTime(fn.cumtime) },
    { key: 'cpercall', title: 'percall', help: 'cumtime / primitive calls', numeric: true, sortValue: (fn) => perCall(fn.cumtime, fn.primitiveCalls), cell: (fn) => formatTime(perCall(fn.cumtime, fn.primitiveCalls)) },
    { key: 'share', title: 'own %', help: 'share of Σ tottime', numeric: true, sortValue: (fn) => fn.tottime, cell: (fn) => formatShare(fn.tottime, totalTime) },
  ]
  if (data.memory !== null && 'nodeBytes' in data.memory) {
    // memory next to time: bytes allocated (sampled by V8's heap profiler), own and cumulative like the times
    columns.push(
      { key: 'selfmem', title: 'own bytes', help: 'bytes allocated in its own code (sampled)', numeric: true, sortValue: (fn) => fn.memory?.self ?? 0, cell: (fn) => formatBytes(fn.memory?.self ?? 0) },
      { key: 'cummem', title: 'cum bytes', help: 'bytes allocated including callees, outermost calls only (sampled)', numeric: true, sortValue: (fn) => fn.memory?.cumulative ?? 0, cell: (fn) => formatBytes(fn.memory?.cumulative ?? 0) },
    )
  }
  if (data.functions.some((fn) => fn.latency !== null)) {
    columns.push({
      key: 'latency',
      title: 'latency',
      help: 'async functions: mean time from invocation to settlement (includes awaiting)',
      numeric: true,
      sortValue: (fn) => (fn.latency ? fn.latency.total / fn.latency.count : -1),
      cell: (fn) => (fn.latency ? formatTime(fn.latency.total / fn.latency.count) : ''),
    })
  }
  columns.push(
    { key: 'function', title: 'function', help: 'name as it reads in the code', numeric: false, sortValue: (fn) => fn.name, cell: (fn) => fn.name },
    { key: 'location', title: 'file:line', help: 'where it is defined in the original source', numeric: false, sortValue: (fn) => `${fn.file}\u0000${String(fn.line).padStart(9, '0')}`, cell: (fn) => location(fn) },
  )
  return columns
}

export function renderFunctionTable(root: HTMLElement, data: ReportData, totalTime: number, selection: Selection): void {
  const columns = columnsFor(data, totalTime)
  let sortKey = data.hasTimes ? 'tottime' : 'ncalls'
  let descending = true
  let filter = ''

  const filterInput = h('input', { type: 'search', id: 'filter', placeholder: 'filter by function or file', 'aria-label': 'filter functions by name or file' })
  const countLabel = h('span', { className: 'count', id: 'row-count' })
  const headRow = h('tr')
  const body = h('tbody')
  const table = h('table', { className: 'functions', id: 'functions' }, h('thead', {}, headRow), body)
  root.replaceChildren(h('div', { className: 'table-tools' }, filterInput, countLabel), h('div', { className: 'table-scroll' }, table))

  for (const column of columns) {
    const button = h('button', { type: 'button', title: column.help, onclick: () => sortBy(column.key) }, column.title)
    headRow.append(h('th', { 'data-key': column.key, className: column.numeric ? 'num' : '', scope: 'col' }, button))
  }
  filterInput.addEventListener('input', () => {
    filter = filterInput.value.trim().toLowerCase()
    render()
  })
  selection.onChange((fn, origin) => {
    for (const row of body.rows) row.classList.toggle('selected', Number(row.dataset.fn) === fn)
    if (origin !== 'table' && fn !== null) body.querySelector<HTMLTableRowElement>(`tr[data-fn="${fn}"]`)?.scrollIntoView({ block: 'nearest' })
  })

  function sortBy(key: string): void {
    if (key === sortKey) descending = !descending
    else {
      sortKey = key
      descending = columns.find((column) => column.key === key)!.numeric // numbers: largest first; text: A→Z
    }
    render()
  }

  function render(): void {
    const column = columns.find((c) => c.key === sortKey)!
    const direction = descending ? -1 : 1
    const rows = data.functions
      .map((fn, index) => ({ fn, index }))
      .filter(({ fn }) => filter === '' || fn.name.toLowerCase().includes(filter) || location(fn).toLowerCase().includes(filter))
      .sort((a, b) => {
        const x = column.sortValue(a.fn)
        const y = column.sortValue(b.fn)
        const order = x < y ? -1 : x > y ? 1 : 0
        return direction * order || a.fn.file.localeCompare(b.fn.file) || a.fn.line - b.fn.line || a.index - b.index
      })
    for (const th of headRow.cells) {
      const active = th.dataset.key === sortKey
      th.setAttribute('aria-sort', active ? (descending ? 'descending' : 'ascending') : 'none')
    }
    body.replaceChildren(
      ...rows.map(({ fn, index }) => {
        const row = h('tr', { 'data-fn': index, tabindex: 0, className: index === selection.value ? 'selected' : '' })
        for (const c of columns) row.append(h('td', { className: c.numeric ? 'num' : c.key }, c.cell(fn)))
        row.addEventListener('click', () => selection.select(index, 'table'))
        row.addEventListener('keydown', (event) => {
          if (event.key === 'Enter') selection.select(index, 'table')
        })
        return row
      }),
    )
    countLabel.textContent = `${rows.length} of ${data.functions.length} functions`
  }

  render()
}
