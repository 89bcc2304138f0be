// `probeprof diff <base> <new>`: per-function change between two reports, and the speed-up, to measure a fix.

import { defineCommand, HELP_OPTION } from '../cli/command.js'
import { parseUnit, restrictionsInOrder } from '../cli/values.js'
import { DIFF_SORT_KEYS, diffProfiles, thinSamplesReason, type DiffSortKey } from '../diff.js'
import { ProbeprofError } from '../errors.js'
import { formatDiffTable } from '../format/diff-table.js'
import { applyRestrictions } from '../format/restrict.js'
import { timeFormat, TIME_UNITS } from '../format/units.js'
import { loadReport } from '../load.js'
import { Stats } from '../stats.js'
import { suggestion } from '@probeprof/runtime/suggest'

export const command = defineCommand({
  summary: 'compare two reports function by function: calls, tottime, cumtime, speed-up',
  usage: 'probeprof diff <base> <new> [--sort tottime|cumtime|calls] [--limit N] [--filter REGEX] [options]',
  options: {
    sort: { type: 'string', short: 's', value: 'KEY', description: `order by the absolute change in ${DIFF_SORT_KEYS.join(', ')}`, defaultText: 'tottime' },
    limit: { type: 'string', multiple: true, value: 'N', description: 'keep the first N rows, or a fraction (0.1) of them' },
    filter: { type: 'string', multiple: true, value: 'REGEX', description: "keep rows whose function name or file:line(function) matches: 'isEol$', '^src/'" },
    'strip-dirs': { type: 'boolean', description: 'match and show functions by file base name' },
    unit: { type: 'string', value: 'UNIT', description: `unit of times: ${TIME_UNITS.join(', ')}`, defaultText: 's' },
    compensate: { type: 'boolean', description: "subtract the probes' calibrated cost from both reports first" },
    'fail-above': {
      type: 'string',
      value: 'PERCENT',
      description: 'exit with status 1 when the total time grew by more than PERCENT (a regression gate for CI)',
    },
    json: { type: 'boolean', description: 'print the comparison as JSON' },
    help: HELP_OPTION,
  },
  details: [
    'Functions are matched by file and name, not line: the fix being measured usually moves lines.',
    'examples:',
    '  probeprof diff before.json after.json --limit 10',
    '  probeprof diff main.json branch.json --fail-above 5%',
  ],
  run({ values, positionals, order }, io) {
    if (positionals.length !== 2) {
      throw new ProbeprofError(`diff needs exactly two reports, the base and the new one (got ${positionals.length}), e.g. probeprof diff before.json after.json`)
    }
    const sort = parseDiffSort(values.sort)
    const restrictions = restrictionsInOrder(order)
    const unit = parseUnit(values.unit)
    const failAbove = values['fail-above'] === undefined ? null : parsePercent(values['fail-above'])
    const [basePath, newPath] = positionals
    const load = (path: string) => {
      const stats = new Stats(loadReport(path, { compensate: values.compensate === true }))
      if (values['strip-dirs']) stats.stripDirs()
      return stats.profile
    }
    const diff = diffProfiles(load(basePath), load(newPath), sort)

    if (values.json) {
      const { rows, reductions } = applyRestrictions(diff.functions, restrictions)
      io.stdout.write(`${JSON.stringify({ files: { base: basePath, new: newPath }, ...diff, reductions, functions: rows }, null, 2)}\n`)
    } else {
      io.stdout.write(formatDiffTable({ diff, baseLabel: basePath, newLabel: newPath, restrictions, time: timeFormat(unit) }))
    }
    const thin = failAbove === null ? null : thinSamplesReason(diff)
    if (thin !== null) throw new ProbeprofError(`--fail-above cannot judge these runs: ${thin}`)
    if (failAbove !== null && diff.base.totalTime > 0) {
      const growth = (100 * (diff.new.totalTime - diff.base.totalTime)) / diff.base.totalTime
      if (growth > failAbove) {
        io.stderr.write(`probeprof: total time grew ${growth.toFixed(1)}%, more than the ${failAbove}% --fail-above allows\n`)
        return 1
      }
    }
    return 0
  },
})

function parseDiffSort(text: string | undefined): DiffSortKey {
  if (text === undefined) return 'tottime'
  const aliases: Record<string, DiffSortKey> = { time: 'tottime', tottime: 'tottime', cumulative: 'cumtime', cumtime: 'cumtime', calls: 'calls', ncalls: 'calls' }
  const matches = [...new Set(Object.keys(aliases).filter((key) => key.startsWith(text)).map((key) => aliases[key]))]
  if (text !== '' && matches.length === 1) return matches[0]
  throw new ProbeprofError(`invalid diff sort key '${text}'${suggestion(text, Object.keys(aliases))} (choose from ${DIFF_SORT_KEYS.join(', ')})`)
}

function parsePercent(text: string): number {
  const value = Number(text.replace(/%$/, ''))
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) {
    throw new ProbeprofError(`invalid --fail-above '${text}': give a percentage such as 5 or 5%`)
  }
  return value
}
