// `probeprof export <file...> --format FORMAT -o OUT`: a profile (several are merged) in another tool's format.
// The format comes from --format or from the output's name (out.speedscope.json, callgrind.out.1, x.pb.gz).

import { defineCommand, HELP_OPTION } from '../cli/command.js'
import { ProbeprofError } from '../errors.js'
import { EXPORTERS, EXPORT_FORMATS, formatForFile, resolveFormat, type ExportFormat } from '../export/index.js'
import { EXPORT_METRICS, type ExportMetric } from '../export/metric.js'
import { resolveSortKey } from '../sort-keys.js'
import { Stats } from '../stats.js'
import { byteLength, formatSize, writeOutput } from './write-output.js'

/** Binary formats go to stdout as bytes when it is not a terminal. */
interface BinaryOutput {
  write(data: string | Uint8Array): unknown
  isTTY?: boolean
}

export const command = defineCommand({
  summary: 'write a profile for another viewer: pstats, speedscope, cpuprofile, trace, callgrind, folded, pprof, csv',
  usage: 'probeprof export <file...> [--format FORMAT] [-o OUT] [--metric time|calls|bytes] [--sort KEY...] [--strip-dirs]',
  options: {
    format: { type: 'string', short: 'f', value: 'FORMAT', description: `${EXPORT_FORMATS.join(', ')} (default: from -o's name)` },
    output: { type: 'string', short: 'o', value: 'OUT', description: 'file to write (atomically); default: stdout, for text formats' },
    metric: { type: 'string', value: 'METRIC', description: 'speedscope and folded: time (own time, the default), calls (exact counts) or bytes (allocated, from a run with PROBEPROF_MEMORY=1)' },
    sort: { type: 'string', short: 's', multiple: true, value: 'KEY', description: 'csv: row order, pstats sort keys (default: tottime)' },
    'strip-dirs': { type: 'boolean', description: 'keep file base names only (functions that become identical merge)' },
    help: HELP_OPTION,
  },
  details: [
    'formats:',
    ...EXPORT_FORMATS.map((format) => `  ${format.padEnd(12)}${EXPORTERS[format].description} (${EXPORTERS[format].fileNames.join(', ')})`),
    '',
    'examples:',
    '  probeprof export probeprof.json -o profile.speedscope.json',
    '  probeprof export probeprof.json -o profile.prof && python3 -m pstats profile.prof',
    '  probeprof export probeprof.json -o profile.pb.gz && go tool pprof -http=: profile.pb.gz',
    '  probeprof export probeprof.json --format folded | flamegraph.pl > flame.svg',
  ],
  run({ values, positionals }, io) {
    const stdout: BinaryOutput = io.stdout
    if (positionals.length === 0) throw new ProbeprofError('export needs a report file, e.g. probeprof export probeprof.json -o profile.speedscope.json')
    // every option is checked before any file is read
    const format = chooseFormat(values.format, values.output)
    const metric = values.metric === undefined ? undefined : parseMetric(values.metric)
    const sort = values.sort?.flatMap((value) => value.split(',')).filter(Boolean)
    sort?.forEach(resolveSortKey)
    const exporter = EXPORTERS[format]
    if (values.output === undefined && exporter.binary && stdout.isTTY) {
      throw new ProbeprofError(`${format} is a binary format: write it to a file with -o (e.g. -o ${exampleName(format)})`)
    }

    const stats = new Stats(...positionals)
    if (values['strip-dirs']) stats.stripDirs()
    const content = exporter.export(stats.profile, { metric, sort: sort && sort.length > 0 ? sort : undefined })
    if (values.output === undefined || values.output === '-') {
      stdout.write(typeof content === 'string' ? content : Buffer.from(content))
      return 0
    }
    writeOutput(values.output, content)
    io.stdout.write(`wrote ${values.output} (${format}, ${formatSize(byteLength(content))}); open it with: ${exporter.openWith.replace(/FILE/g, values.output)}\n`)
    return 0
  },
})

function chooseFormat(format: string | undefined, output: string | undefined): ExportFormat {
  if (format !== undefined) return resolveFormat(format)
  if (output === undefined || output === '-') {
    throw new ProbeprofError(`export needs --format FORMAT or an output file name that tells it (choose from ${EXPORT_FORMATS.join(', ')})`)
  }
  const inferred = formatForFile(output)
  if (inferred === undefined) {
    throw new ProbeprofError(
      `cannot tell the format from '${output}'; pass --format (choose from ${EXPORT_FORMATS.join(', ')}) or use a known name such as profile.speedscope.json`,
    )
  }
  return inferred
}

function parseMetric(text: string): ExportMetric {
  if ((EXPORT_METRICS as readonly string[]).includes(text)) return text as ExportMetric
  throw new ProbeprofError(`invalid --metric '${text}' (choose from ${EXPORT_METRICS.join(', ')})`)
}

function exampleName(format: ExportFormat): string {
  const ending = EXPORTERS[format].fileNames[0]
  return ending.endsWith('.') ? `${ending}1` : `profile${ending}`
}
