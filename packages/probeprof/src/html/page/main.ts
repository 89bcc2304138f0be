// The report page: reads the profile embedded in the HTML file and renders the summary, the Pareto chart, the
// advice, the growth over input sizes (html --scaling), the function table, the callers/callees of the selected
// function and the flame graph. Works offline: this script, d3 and d3-flame-graph are inlined in the file at
// build time.

import 'd3-flame-graph/dist/d3-flamegraph.css'
import './style.css'
import type { ReportData } from '../report-data.js'
import { renderAdvice } from './advice.js'
import { renderCallsPanel } from './calls-panel.js'
import { byId } from './dom.js'
import { renderFlame } from './flame.js'
import { renderFunctionTable } from './function-table.js'
import { renderPareto } from './pareto.js'
import { renderScaling } from './scaling.js'
import { Selection } from './selection.js'
import { computeTotals, renderSummary } from './summary.js'

function main(): void {
  const data = JSON.parse(byId('probeprof-data').textContent ?? 'null') as ReportData
  const totals = computeTotals(data)
  const selection = new Selection()
  renderSummary(byId('summary'), data, totals, selection)
  renderPareto(byId('pareto'), data, totals, selection)
  renderAdvice(byId('advice'), data, totals, selection)
  if (data.scaling !== null) renderScaling(byId('scaling'), data, data.scaling, selection)
  renderFunctionTable(byId('table'), data, totals.totalTime, selection)
  renderCallsPanel(byId('calls'), data, selection)
  renderFlame(byId('flame'), data, selection)
  document.body.dataset.ready = 'true' // for tests and scripts that wait for the page
}

main()
