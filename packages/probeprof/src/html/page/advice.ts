// The advice section: what to do next, in the same sentences as `probeprof advise` (format/advice-text.ts),
// memoization candidates included, with every function a link that selects it. The chart of the next
// bottleneck is the Pareto chart drawn without the top function.

import type { AdvisedFunction, ParetoSet } from '../../advise/types.js'
import { costlyRouteLine, leaveAloneLine, memoEvidence, memoNote, memoTitle, paretoSummary, percent, stopLine } from '../../format/advice-text.js'
import type { ReportData } from '../report-data.js'
import { h } from './dom.js'
import { formatCount, formatTime, location } from './format.js'
import { renderPareto } from './pareto.js'
import type { Selection } from './selection.js'
import type { Totals } from './summary.js'

export function renderAdvice(root: HTMLElement, data: ReportData, totals: Totals, selection: Selection): void {
  const { advice } = data
  const link = (fn: AdvisedFunction) =>
    h('button', { className: 'link', type: 'button', 'data-fn': fn.index, onclick: () => selection.select(fn.index, 'advice') }, fn.name)
  const paretoList = (id: string, set: ParetoSet) =>
    h(
      'ol',
      { id, className: 'advice-list' },
      ...set.entries.map((entry) =>
        h(
          'li',
          { 'data-fn': entry.fn.index },
          link(entry.fn),
          h('span', { className: 'where' }, ` ${location(entry.fn)}`),
          ` — ${set.measure === 'tottime' ? formatTime(entry.value) : `${formatCount(entry.value)} calls`}, `,
          h('strong', {}, percent(entry.share)),
          ` (running ${percent(entry.cumulativeShare)})`,
        ),
      ),
    )

  root.replaceChildren()
  if (advice.pareto.time !== null) {
    root.append(h('h3', {}, `Pareto: ${paretoSummary(advice.pareto.time, advice.functionCount)}`), paretoList('advice-pareto-time', advice.pareto.time))
  }
  root.append(h('h3', {}, `By calls: ${paretoSummary(advice.pareto.calls, advice.functionCount)}`), paretoList('advice-pareto-calls', advice.pareto.calls))

  if (advice.next !== null) {
    const { removed, time } = advice.next
    const chart = h('div', { id: 'pareto-next' })
    root.append(
      h('h3', {}, `Next bottleneck, once ${removed.name} takes no time: ${paretoSummary(time, time.considered, `the remaining ${formatTime(time.total)}`)}`),
      paretoList('advice-next', time),
      chart,
    )
    renderPareto(chart, data, totals, selection, removed.index)
  }

  if (advice.hasTimes) {
    const rows = advice.fixes.map((fix) =>
      h(
        'tr',
        { 'data-fn': fix.fn.index },
        h('td', {}, link(fix.fn), h('span', { className: 'where' }, ` ${location(fix.fn)}`)),
        h('td', { className: 'num' }, formatTime(fix.ownGain)),
        h('td', { className: 'num' }, percent(fix.ownShare)),
        h('td', { className: 'num' }, formatTime(fix.cumGain)),
        h('td', { className: 'num' }, percent(fix.cumShare)),
      ),
    )
    root.append(h('h3', {}, `Know when to stop: the most a fix can save (Amdahl), as a share of the ${advice.reference.label} (${formatTime(advice.reference.seconds)})`))
    if (rows.length > 0) {
      const head = ['own time = 0', 'share', 'cumtime = 0', 'share'].map((title) => h('th', { className: 'num' }, title))
      root.append(
        h(
          'table',
          { id: 'advice-fixes', className: 'advice-fixes' },
          h('thead', {}, h('tr', {}, h('th', {}, 'function'), ...head)),
          h('tbody', {}, ...rows),
        ),
      )
    }
    root.append(h('p', { id: 'advice-stop', className: 'bottleneck' }, stopLine(advice)))
  }
  renderFeatures(root, data, link)
  renderMemoization(root, data, link)
  root.append(h('p', { id: 'advice-leave-alone', className: 'hint' }, leaveAloneLine(advice)))
}

/**
 * "All hail to the cache": the candidates `probeprof advise` lists, each item's text the same sentence
 * (`fib (src/fib.ts:1): … distinct arguments; …`), its name a link. Nothing without argument fingerprints.
 */
function renderMemoization(root: HTMLElement, data: ReportData, link: (fn: AdvisedFunction) => HTMLElement): void {
  const { advice } = data
  if (advice.memoization.fingerprinted === 0) return
  root.append(
    h('h3', {}, memoTitle(advice)),
    h(
      'ol',
      { id: 'advice-memo', className: 'advice-list' },
      ...advice.memoization.candidates.map((candidate) => h('li', { 'data-fn': candidate.fn.index }, link(candidate.fn), ` (${location(candidate.fn)}): ${memoEvidence(candidate)}`)),
    ),
  )
  const note = memoNote(advice)
  if (note !== null) root.append(h('p', { className: 'hint' }, `(${note})`))
}

/** "Less is more": routes against their requests, and shared functions split by caller. */
function renderFeatures(root: HTMLElement, data: ReportData, link: (fn: AdvisedFunction) => HTMLElement): void {
  const { routes, helpers } = data.advice.features
  const table = (id: string, head: string[], rows: HTMLElement[]) =>
    h(
      'table',
      { id, className: 'advice-fixes' },
      h('thead', {}, h('tr', {}, ...head.map((title, i) => h('th', { className: i < head.length - 1 ? 'num' : '' }, title)))),
      h('tbody', {}, ...rows),
    )
  if (routes.length > 0) {
    const rows = routes.map((route) =>
      h(
        'tr',
        { 'data-route': route.name },
        h('td', { className: 'num' }, formatCount(route.requests)),
        h('td', { className: 'num' }, percent(route.requestShare)),
        h('td', { className: 'num' }, formatTime(route.cumtime)),
        h('td', { className: 'num' }, percent(route.timeShare)),
        h('td', {}, route.name),
      ),
    )
    root.append(h('h3', {}, 'Cost by route: share of the requests against share of the time in instrumented code'), table('advice-routes', ['requests', 'share', 'time', 'share', 'route'], rows))
    const costly = costlyRouteLine(data.advice)
    if (costly !== null) root.append(h('p', { id: 'advice-costly-route', className: 'bottleneck' }, costly))
  }
  for (const helper of helpers) {
    const rows = helper.callers.map((caller) =>
      h(
        'tr',
        { 'data-fn': caller.caller.index },
        h('td', { className: 'num' }, formatCount(caller.calls)),
        h('td', { className: 'num' }, percent(caller.callShare)),
        h('td', { className: 'num' }, formatTime(caller.cumtime)),
        h('td', { className: 'num' }, percent(caller.timeShare)),
        h('td', {}, link(caller.caller), h('span', { className: 'where' }, ` ${location(caller.caller)}`)),
      ),
    )
    root.append(
      h('h3', {}, 'Cost by caller: ', link(helper.fn), ` (${location(helper.fn)}), ${formatTime(helper.fn.cumtime)} cumulative, called from ${helper.callers.length} places`),
      table(`advice-callers-${helper.fn.index}`, ['calls', 'share', 'cumtime', 'share', 'caller'], rows),
    )
  }
}
