// `probeprof advise <report...>`: from profile to next step. The Pareto set of the time and of the calls, the
// bottleneck behind the top one, Amdahl's bound on each fix and where to stop, and what to leave alone.

import { adviseProfile, ADVISE_DEFAULTS } from '../advise/advise.js'
import { defineCommand, HELP_OPTION } from '../cli/command.js'
import { ProbeprofError } from '../errors.js'
import { formatAdvice, formatAdviceBrief, percent } from '../format/advice-text.js'
import { loadReport } from '../load.js'
import { Stats } from '../stats.js'

export const command = defineCommand({
  summary: 'say what to do next: the few functions that take most of the time, what fixing each can gain, when to stop',
  usage: 'probeprof advise <report...> [--stop-below PERCENT] [--pareto PERCENT] [--leave-alone PERCENT] [--brief] [--json]',
  options: {
    'stop-below': {
      type: 'string',
      value: 'PERCENT',
      description: 'a fix that can save less than this share of the run is not worth it: say stop',
      defaultText: percent(ADVISE_DEFAULTS.stopBelow, 0),
    },
    pareto: { type: 'string', value: 'PERCENT', description: 'share of the time (and of the calls) the Pareto set must reach', defaultText: percent(ADVISE_DEFAULTS.paretoShare, 0) },
    'leave-alone': {
      type: 'string',
      value: 'PERCENT',
      description: 'functions under this share of the time, own and cumulative, are listed as not worth a look',
      defaultText: percent(ADVISE_DEFAULTS.leaveAloneBelow, 0),
    },
    'strip-dirs': { type: 'boolean', description: 'name functions by file base name (functions that become identical merge)' },
    compensate: { type: 'boolean', description: "subtract the probes' calibrated cost from every time first" },
    brief: { type: 'boolean', description: 'the few-line summary probeprof run prints' },
    json: { type: 'boolean', description: 'print the advice as JSON' },
    help: HELP_OPTION,
  },
  details: [
    "Every number is the report's: shares of its totals, and Amdahl's bound (a fix saves at most the time the",
    'function takes; for a server, a share of the time in instrumented code rather than of the wall time).',
    'Several reports are merged, as probeprof report merges them.',
    'examples:',
    '  probeprof advise probeprof.json',
    '  probeprof advise probeprof.json --stop-below 2% --json',
  ],
  run({ values, positionals }, io) {
    if (positionals.length === 0) throw new ProbeprofError('advise needs at least one report file, e.g. probeprof advise probeprof.json')
    const options = {
      stopBelow: parseShare(values['stop-below'], '--stop-below', ADVISE_DEFAULTS.stopBelow),
      paretoShare: parseShare(values.pareto, '--pareto', ADVISE_DEFAULTS.paretoShare),
      leaveAloneBelow: parseShare(values['leave-alone'], '--leave-alone', ADVISE_DEFAULTS.leaveAloneBelow),
    }
    if (values.brief && values.json) throw new ProbeprofError('--brief cannot be used with --json; --json prints all of the advice')
    const stats = new Stats(...positionals.map((path) => loadReport(path, { compensate: values.compensate === true })))
    if (values['strip-dirs']) stats.stripDirs()
    const advice = adviseProfile(stats.profile, options)
    if (values.json) io.stdout.write(`${JSON.stringify(advice, null, 2)}\n`)
    else io.stdout.write(values.brief ? formatAdviceBrief(advice, `All of it: npx probeprof advise ${positionals.join(' ')}`) : formatAdvice(advice))
    return 0
  },
})

/** A percentage, as `diff --fail-above` takes it: 5 and 5% both mean five percent; returned as a share (0.05). */
export function parseShare(text: string | undefined, flag: string, fallback: number, maxPercent = 100): number {
  if (text === undefined) return fallback
  const value = Number(text.trim().replace(/%$/, ''))
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0 || value > maxPercent) {
    const most = Number.isFinite(maxPercent) ? ` and at most ${maxPercent}` : ''
    throw new ProbeprofError(`invalid ${flag} '${text}': give a percentage above 0${most}, such as 5 or 5%`)
  }
  return value / 100
}
