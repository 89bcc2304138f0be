// The top-10 lists behind run-workloads.mjs's agreement table, side by side: V8's sampler (default, and with
// inlining off) and our modes, each function with its share of own time in every list, to see why rankings differ.
// Reads the raw results a run saved (`--json`), so nothing runs again.
//
//   node bench/workloads/top-detail.mjs [--json bench/.work/workloads.json] [--modes precise,sampled] [workload ...]
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { compensateReport } from '@probeprof/runtime/report'
import { ownTimeByFunction, topKeys, v8SamplesByFunction } from './top-functions.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '../..')
const { values, positionals } = parseArgs({
  options: { json: { type: 'string', default: join(root, 'bench/.work/workloads.json') }, modes: { type: 'string', default: 'precise,sampled' } },
  allowPositionals: true,
})
let data
try {
  data = JSON.parse(readFileSync(values.json, 'utf8'))
} catch (error) {
  process.stderr.write(`top-detail: error: cannot read ${values.json} (${error.message}); run bench/workloads/run-workloads.mjs --json FILE first\n`)
  process.exit(2)
}
const names = positionals.length > 0 ? positionals : [...new Set(Object.keys(data.runs).map((key) => key.split(' ')[0]))]
const modes = values.modes.split(',')

for (const name of names) {
  const runs = (config) => data.runs[`${name} ${config}`] ?? []
  const lists = {}
  const rows = new Map()
  for (const mode of modes) {
    const reports = runs(mode).map((run) => JSON.parse(readFileSync(run.reportPath, 'utf8')))
    if (reports.length === 0) continue
    const raw = ownTimeByFunction(reports)
    for (const [key, row] of raw.rows) rows.set(key, row)
    lists[mode] = raw.own
    if (reports[0].meta.overhead !== null) lists[`${mode} compensated`] = ownTimeByFunction(reports.map(compensateReport)).own
  }
  const mapPath = join(dirname(runs('plain')[0]?.reportPath ?? join(root, 'bench/.work/workloads/reports/x')), '../plain', `${name}.mjs.map`)
  for (const [config, label] of [['cpuprof@100', 'V8 100 µs'], ['cpuprof-noinline@100', 'V8 100 µs, no inlining']]) {
    if (runs(config).length === 0) continue
    lists[label] = v8SamplesByFunction(runs(config).map((run) => ({ path: run.cpuprofPath, windowUs: run.windowUs })), mapPath, root, rows).samples
  }
  const shares = Object.fromEntries(
    Object.entries(lists).map(([label, values]) => {
      const total = [...values.values()].reduce((a, b) => a + b, 0)
      return [label, (key) => (100 * (values.get(key) ?? 0)) / total]
    }),
  )
  const labels = Object.keys(lists)
  console.log(`\n${name}: top 10 by own time in each list; every cell is the function's share of own time (%) in that list\n`)
  for (const label of labels) {
    console.log(`| ${label}: rank, function | ${labels.map((other) => other).join(' | ')} |`)
    console.log(`| --- | ${labels.map(() => '---:').join(' | ')} |`)
    topKeys(lists[label]).forEach((key, i) => {
      const fn = rows.get(key)
      console.log(`| ${i + 1}. ${fn.name} (${fn.file.split('/').pop()}:${fn.line}) | ${labels.map((other) => shares[other](key).toFixed(1)).join(' | ')} |`)
    })
    console.log('')
  }
}
