// `probeprof merge <file...> -o OUT`: several reports summed into one (pstats' add + dump_stats), e.g. the
// per-process reports of a server's workers, to read or export as one.

import { defineCommand, HELP_OPTION } from '../cli/command.js'
import { ProbeprofError } from '../errors.js'
import { loadReport } from '../load.js'
import { Stats } from '../stats.js'

export const command = defineCommand({
  summary: 'merge several reports into one file (counts, times and edges summed per function)',
  usage: 'probeprof merge <file...> -o OUT [--strip-dirs]',
  options: {
    outfile: { type: 'string', short: 'o', value: 'OUT', description: 'the merged report to write (written atomically)' },
    'strip-dirs': { type: 'boolean', description: 'merge functions by file base name' },
    compensate: { type: 'boolean', description: "subtract each report's calibrated probe cost before merging" },
    help: HELP_OPTION,
  },
  details: ['example:', '  probeprof merge probeprof.*.json -o all.json && probeprof report all.json'],
  run({ values, positionals }, io) {
    if (positionals.length === 0) throw new ProbeprofError('merge needs the reports to merge, e.g. probeprof merge a.json b.json -o all.json')
    if (values.outfile === undefined) throw new ProbeprofError('merge needs -o OUT, the file to write, e.g. probeprof merge a.json b.json -o all.json')
    const stats = new Stats(...positionals.map((path) => loadReport(path, { compensate: values.compensate === true })))
    if (values['strip-dirs']) stats.stripDirs()
    stats.dump(values.outfile)
    io.stderr.write(`probeprof: merged ${positionals.length} reports (${stats.totalCalls.toLocaleString('en-US')} calls in ${stats.profile.functions.length.toLocaleString('en-US')} functions) into ${values.outfile}\n`)
    return 0
  },
})
