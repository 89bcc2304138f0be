// `probeprof html <file...> -o report.html`: one self-contained HTML report (summary, Pareto chart, advice, sortable
// table, callers/callees, flame graph) that opens offline and can be attached to a bug report.

import { basename, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { defineCommand } from '../cli/command.js'
import { ProbeprofError } from '../errors.js'
import { renderHtmlReport } from '../html/report.js'
import { Stats, type Output } from '../stats.js'
import { formatSize, writeOutput } from './write-output.js'

export const HTML_USAGE = 'probeprof html <file...> [-o report.html] [--title TITLE] [--strip-dirs]'
export const HTML_SUMMARY = 'write a self-contained HTML report: summary, Pareto chart, advice, sortable table, callers/callees, flame graph'

export const HTML_OPTIONS = {
  output: { type: 'string', short: 'o', value: 'OUT', description: "file to write (default: the first report's name with .html)" },
  title: { type: 'string', value: 'TITLE', description: 'page title (default: the report file names)' },
  'strip-dirs': { type: 'boolean', description: 'keep file base names only (functions that become identical merge)' },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
} as const

export const HTML_DETAILS = ['examples:', '  probeprof html probeprof.json -o report.html', '  probeprof html run-*.json --title "nightly, 5 runs merged" -o nightly.html']

export interface HtmlCommandOptions {
  files: string[]
  output?: string
  title?: string
  stripDirs?: boolean
}

export function runHtml(options: HtmlCommandOptions, io: { stdout: Output }): number {
  if (options.files.length === 0) throw new ProbeprofError('html needs a report file, e.g. probeprof html probeprof.json -o report.html')
  const output = options.output ?? `${options.files[0].replace(/\.json$/i, '')}.html`
  if (options.files.some((file) => resolve(file) === resolve(output))) {
    throw new ProbeprofError(`refusing to overwrite the report '${output}' with HTML; pass -o report.html`)
  }
  const stats = new Stats(...options.files)
  if (options.stripDirs) stats.stripDirs()
  const title = options.title ?? `probeprof: ${options.files.map((file) => basename(file)).join(', ')}`
  const html = renderHtmlReport(stats.profile, { title })
  writeOutput(output, html)
  io.stdout.write(`wrote ${output} (${formatSize(Buffer.byteLength(html))}, works offline); open it in a browser: ${pathToFileURL(resolve(output)).href}\n`)
  return 0
}

export const command = defineCommand({
  summary: HTML_SUMMARY,
  usage: HTML_USAGE,
  options: HTML_OPTIONS,
  details: HTML_DETAILS,
  run: ({ values, positionals }, io) => runHtml({ files: positionals, output: values.output, title: values.title, stripDirs: values['strip-dirs'] === true }, io),
})
