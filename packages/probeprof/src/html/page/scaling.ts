// The growth section (`probeprof html --scaling`): each function's exponents over runs at several input sizes,
// in the rows and sentences of `probeprof advise --scaling` (format/scaling-text.ts), each function a link that
// selects it where the page's profile (the runs at the largest size) has it.

import type { ScalingAdvice } from '../../advise/types.js'
import { fastestRunNote, growthCells, scalingHeadline, superLinearLines, untimedNote } from '../../format/scaling-text.js'
import type { ReportData } from '../report-data.js'
import { h } from './dom.js'
import { formatCount, location } from './format.js'
import type { Selection } from './selection.js'

export function renderScaling(root: HTMLElement, data: ReportData, scaling: ScalingAdvice, selection: Selection): void {
  const indexOf = new Map(data.functions.map((fn, index) => [`${fn.file}:${fn.line}(${fn.name})`, index]))
  const largest = scaling.sizes[scaling.sizes.length - 1]
  const runsAtLargest = scaling.runsPerSize[scaling.runsPerSize.length - 1]
  const note = fastestRunNote(scaling)
  const rows = scaling.functions.map((fn) => {
    const index = indexOf.get(fn.standardName)
    const name =
      index === undefined ? fn.name : h('button', { className: 'link', type: 'button', 'data-fn': index, onclick: () => selection.select(index, 'scaling') }, fn.name)
    const cells = growthCells(fn)
    return h(
      'tr',
      { 'data-function': fn.standardName, className: fn.superLinear ? 'super-linear' : '' },
      h('td', { className: 'num' }, cells.time),
      h('td', { className: 'num' }, cells.r2),
      h('td', { className: 'num' }, cells.calls),
      h('td', { className: 'num' }, cells.ownTimes),
      h('td', {}, name, h('span', { className: 'where' }, ` ${location(fn)}`)),
    )
  })
  const head = ['time ∝ n^b', 'r²', 'calls ∝ n^b', 'own time, smallest → largest size'].map((title) => h('th', { className: 'num' }, title))
  root.replaceChildren(
    h('p', { id: 'scaling-headline' }, scalingHeadline(scaling)),
    h(
      'p',
      { className: 'hint' },
      `The rest of this page is the ${runsAtLargest === 1 ? 'run' : `${runsAtLargest} runs, merged,`} at the largest size, ${formatCount(largest)}.`,
      note === null ? '' : ` ${note[0].toUpperCase()}${note.slice(1)}.`,
    ),
    h('table', { id: 'scaling-table', className: 'advice-fixes' }, h('thead', {}, h('tr', {}, ...head, h('th', {}, 'function'))), h('tbody', {}, ...rows)),
    ...superLinearLines(scaling).map((line) => h('p', { className: line.startsWith('super-linear') ? 'bottleneck scaling-flag' : 'scaling-flag' }, line)),
    h('p', { className: 'hint' }, untimedNote(scaling)),
  )
}
