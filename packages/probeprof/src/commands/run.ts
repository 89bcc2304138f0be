// `probeprof run [options] <script> [args...]`: `python -m cProfile script.py` for JavaScript and TypeScript.
// Bundles the script with probes in memory, runs it exactly as `node script` would run (argv, stdin, stdout,
// environment, working directory, exit code or signal), then prints the table after the program's output, or
// leaves the report in -o FILE. The table ends with a few lines of advice (`probeprof advise --brief`).

import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { CLOCK_CHOICES, type ClockChoice } from '@probeprof/runtime/report'
import { defineCommand, HELP_OPTION, type CliIO, type ExitStatus } from '../cli/command.js'
import { parseSortKeys, parseUnit, restrictionsInOrder } from '../cli/values.js'
import { adviseProfile } from '../advise/advise.js'
import { ProbeprofError } from '../errors.js'
import { formatAdviceBrief } from '../format/advice-text.js'
import type { Restriction } from '../format/restrict.js'
import { TIME_UNITS, type TimeUnit } from '../format/units.js'
import { parseReport } from '../load.js'
import { prepareScript } from '../run/record.js'
import { SORT_KEYS } from '../sort-keys.js'
import { Stats } from '../stats.js'


export const command = defineCommand({
  summary: 'run a script (.ts or .js) with every function profiled, then print the table, like python -m cProfile',
  usage: 'probeprof run [-o FILE] [-s KEY] [--node-modules] [options] <script> [args...]',
  stopAtPositional: true,
  options: {
    outfile: { type: 'string', short: 'o', value: 'FILE', description: 'write the report to FILE instead of printing the table' },
    sort: {
      type: 'string',
      short: 's',
      multiple: true,
      value: 'KEY',
      description: `sort the table by pstats keys, comma-separated for ties (${Object.keys(SORT_KEYS).join(', ')})`,
      defaultText: 'cumulative (calls with --clock counts)',
    },
    limit: { type: 'string', multiple: true, value: 'N', description: 'print the first N rows, or a fraction (0.1) of them' },
    unit: { type: 'string', value: 'UNIT', description: `unit of times: ${TIME_UNITS.join(', ')}`, defaultText: 's' },
    'node-modules': { type: 'boolean', description: 'profile dependencies in node_modules too (they are bundled then)' },
    clock: { type: 'string', value: 'MODE', description: `how time is measured: ${CLOCK_CHOICES.join(', ')} (auto: sampled where threads run, else precise; counts: exact counts and edges, no clock reads)`, defaultText: 'auto' },
    help: HELP_OPTION,
  },
  details: [
    'Everything after the script goes to the script. The exit code (or signal) is the program\'s.',
    'examples:',
    '  probeprof run src/main.ts --port 8080',
    '  probeprof run -s tottime --limit 15 scripts/build-index.ts',
    '  probeprof run -o profile.json src/job.ts && probeprof report profile.json --callers parse',
  ],
  async run({ values, positionals, order, rest }, io) {
    const [scriptArg] = positionals
    if (scriptArg === undefined) throw new ProbeprofError('run needs a script to run, e.g. probeprof run src/main.ts')
    const sortKeys = parseSortKeys(values.sort)
    const restrictions = restrictionsInOrder(order)
    const unit = parseUnit(values.unit)
    const clock = parseClock(values.clock)
    const cwd = process.cwd()
    const prepared = await prepareScript(scriptArg, { cwd, nodeModules: values['node-modules'] === true, clock }, io)
    try {
      const out = values.outfile === undefined ? join(prepared.work, 'report.json') : resolve(cwd, values.outfile)
      const end = await prepared.run(rest, out, values.outfile === undefined)
      const status: ExitStatus = end.signal ?? end.code ?? 1
      if (values.outfile === undefined) printTable(out, end.signal, { sortKeys, restrictions, unit }, io)
      return status
    } finally {
      prepared.dispose()
    }
  },
})

export function parseClock(text: string | undefined): ClockChoice {
  if (text === undefined) return 'auto'
  if ((CLOCK_CHOICES as readonly string[]).includes(text)) return text as ClockChoice
  throw new ProbeprofError(`invalid --clock '${text}' (choose from ${CLOCK_CHOICES.join(', ')})`)
}

function printTable(
  out: string,
  signal: NodeJS.Signals | null,
  options: { sortKeys: string[]; restrictions: Restriction[]; unit: TimeUnit },
  io: CliIO,
): void {
  let text: string
  try {
    text = readFileSync(out, 'utf8')
  } catch {
    const how = signal === null ? 'ended' : `was killed by ${signal}`
    io.stderr.write(`probeprof: no profile: the program ${how} before writing one, or no instrumented function ran\n`)
    return
  }
  const stats = new Stats(parseReport(text))
  stats.stream = io.stdout
  stats.unit = options.unit
  stats.sortStats(...(options.sortKeys.length > 0 ? options.sortKeys : [stats.defaultSortKey]))
  stats.printStats(...options.restrictions)
  // what to do next, in a few lines: the report itself is gone with the temporary directory
  io.stdout.write(formatAdviceBrief(adviseProfile(stats.profile), 'All of it: probeprof run -o profile.json …, then probeprof advise profile.json'))
}

