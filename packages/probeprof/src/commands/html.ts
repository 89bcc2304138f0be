// `probeprof html <file...> -o report.html`: one self-contained HTML report (summary, Pareto chart, advice, sortable
// table, callers/callees, flame graph) that opens offline and can be attached to a bug report. With --scaling,
// the reports are runs at several input sizes, and the page adds how each function grows (advise --scaling).

import { basename, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { defineCommand } from '../cli/command.js'
import { ProbeprofError } from '../errors.js'
import { renderHtmlReport } from '../html/report.js'
import { scalingOfReports } from './advise.js'
import { Stats, type Output } from '../stats.js'
import { formatSize, writeOutput } from './write-output.js'

export const HTML_USAGE = 'probeprof html <file...> [-o report.html] [--title TITLE] [--strip-dirs] [--scaling (--sizes N,N,... | --size-from FUNCTION)]'
export const HTML_SUMMARY = 'write a self-contained HTML report: summary, Pareto chart, advice, sortable table, callers/callees, flame graph'

export const HTML_OPTIONS = {
  output: { type: 'string', short: 'o', value: 'OUT', description: "file to write (default: the first report's name with .html)" },
  title: { type: 'string', value: 'TITLE', description: 'page title (default: the report file names)' },
  'strip-dirs': { type: 'boolean', description: 'keep file base names only (functions that become identical merge)' },
  scaling: {
    type: 'boolean',
    description: 'the reports are runs at different input sizes: add how each function grows (as advise --scaling); the rest of the page is the largest size',
  },
  sizes: { type: 'string', value: 'N,N,...', description: 'with --scaling: the input size of each report, in order' },
  'size-from': { type: 'string', value: 'FUNCTION', description: "with --scaling: take each run's size from the call count of this function" },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
} as const

export const HTML_DETAILS = [
  'examples:',
  '  probeprof html probeprof.json -o report.html',
  '  probeprof html run-*.json --title "nightly, 5 runs merged" -o nightly.html',
  '  probeprof html --scaling n1000.json n2000.json n4000.json --sizes 1000,2000,4000 -o growth.html',
]

export interface HtmlCommandOptions {
  files: string[]
  output?: string
  title?: string
  stripDirs?: boolean
  /** the reports are runs at these input sizes (as `advise --scaling` takes them) */
  scaling?: { sizes?: string; sizeFrom?: string }
}

export function runHtml(options: HtmlCommandOptions, io: { stdout: Output }): number {
  if (options.files.length === 0) throw new ProbeprofError('html needs a report file, e.g. probeprof html probeprof.json -o report.html')
  const output = options.output ?? `${options.files[0].replace(/\.json$/i, '')}.html`
  if (options.files.some((file) => resolve(file) === resolve(output))) {
    throw new ProbeprofError(`refusing to overwrite the report '${output}' with HTML; pass -o report.html`)
  }
  const scaling =
    options.scaling === undefined
      ? undefined
      : scalingOfReports(options.files, { sizes: options.scaling.sizes, 'size-from': options.scaling.sizeFrom, 'strip-dirs': options.stripDirs })
  // with --scaling, the tables and charts are the largest size's: the one whose bottlenecks grow first
  const shown = scaling === undefined ? options.files : options.files.filter((_, run) => scaling.runSizes[run] === scaling.sizes[scaling.sizes.length - 1])
  const stats = new Stats(...shown)
  if (options.stripDirs) stats.stripDirs()
  const title = options.title ?? `probeprof: ${options.files.map((file) => basename(file)).join(', ')}`
  const html = renderHtmlReport(stats.profile, { title, scaling })
  writeOutput(output, html)
  io.stdout.write(`wrote ${output} (${formatSize(Buffer.byteLength(html))}, works offline); open it in a browser: ${pathToFileURL(resolve(output)).href}\n`)
  return 0
}

export const command = defineCommand({
  summary: HTML_SUMMARY,
  usage: HTML_USAGE,
  options: HTML_OPTIONS,
  details: HTML_DETAILS,
  run({ values, positionals }, io) {
    if (!values.scaling && (values.sizes !== undefined || values['size-from'] !== undefined)) throw new ProbeprofError('--sizes and --size-from go with --scaling')
    const scaling = values.scaling ? { sizes: values.sizes, sizeFrom: values['size-from'] } : undefined
    return runHtml({ files: positionals, output: values.output, title: values.title, stripDirs: values['strip-dirs'] === true, scaling }, io)
  },
})
