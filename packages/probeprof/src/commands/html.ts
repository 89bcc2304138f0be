// `probeprof html <file...> -o report.html`: one self-contained HTML report (summary, Pareto chart, advice, sortable
// table, callers/callees, flame graph) that opens offline and can be attached to a bug report. With --scaling,
// the reports are runs at several input sizes, and the page adds how each function grows (advise --scaling).

import { basename, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { defineCommand, HELP_OPTION } from '../cli/command.js'
import { ProbeprofError } from '../errors.js'
import { renderHtmlReport } from '../html/render-report.js'
import { scalingOfReports } from './advise.js'
import { Stats } from '../stats.js'
import { formatSize, writeOutput } from './write-output.js'

export const command = defineCommand({
  summary: 'write a self-contained HTML report: summary, Pareto chart, advice, sortable table, callers/callees, flame graph',
  usage: 'probeprof html <file...> [-o report.html] [--title TITLE] [--strip-dirs] [--scaling (--sizes N,N,... | --size-from FUNCTION)]',
  options: {
    output: { type: 'string', short: 'o', value: 'OUT', description: "file to write (default: the first report's name with .html)" },
    title: { type: 'string', value: 'TITLE', description: 'page title (default: the report file names)' },
    'strip-dirs': { type: 'boolean', description: 'keep file base names only (functions that become identical merge)' },
    scaling: {
      type: 'boolean',
      description: 'the reports are runs at different input sizes: add how each function grows (as advise --scaling); the rest of the page is the largest size',
    },
    sizes: { type: 'string', value: 'N,N,...', description: 'with --scaling: the input size of each report, in order' },
    'size-from': { type: 'string', value: 'FUNCTION', description: "with --scaling: take each run's size from the call count of this function" },
    help: HELP_OPTION,
  },
  details: [
    'examples:',
    '  probeprof html probeprof.json -o report.html',
    '  probeprof html run-*.json --title "nightly, 5 runs merged" -o nightly.html',
    '  probeprof html --scaling n1000.json n2000.json n4000.json --sizes 1000,2000,4000 -o growth.html',
  ],
  run({ values, positionals: files }, io) {
    if (!values.scaling && (values.sizes !== undefined || values['size-from'] !== undefined)) throw new ProbeprofError('--sizes and --size-from go with --scaling')
    if (files.length === 0) throw new ProbeprofError('html needs a report file, e.g. probeprof html probeprof.json -o report.html')
    const output = values.output ?? `${files[0].replace(/\.json$/i, '')}.html`
    if (files.some((file) => resolve(file) === resolve(output))) {
      throw new ProbeprofError(`refusing to overwrite the report '${output}' with HTML; pass -o report.html`)
    }
    const stripDirs = values['strip-dirs'] === true
    const scaling = values.scaling ? scalingOfReports(files, { sizes: values.sizes, 'size-from': values['size-from'], 'strip-dirs': stripDirs }) : undefined
    // with --scaling, the tables and charts are the largest size's: the one whose bottlenecks grow first
    const shown = scaling === undefined ? files : files.filter((_, run) => scaling.runSizes[run] === scaling.sizes[scaling.sizes.length - 1])
    const stats = new Stats(...shown)
    if (stripDirs) stats.stripDirs()
    const title = values.title ?? `probeprof: ${files.map((file) => basename(file)).join(', ')}`
    const html = renderHtmlReport(stats.profile, { title, scaling })
    writeOutput(output, html)
    io.stdout.write(`wrote ${output} (${formatSize(Buffer.byteLength(html))}, works offline); open it in a browser: ${pathToFileURL(resolve(output)).href}\n`)
    return 0
  },
})
