// `probeprof advise <report...>`: from profile to next step. The Pareto set of the time and of the calls, the
// bottleneck behind the top one, Amdahl's bound on each fix and where to stop, and what to leave alone.

import { adviseProfile, ADVISE_DEFAULTS } from '../advise/advise.js'
import { adviseScaling, type ScalingAdvice } from '../advise/scaling.js'
import { defineCommand, HELP_OPTION, type CliIO } from '../cli/command.js'
import { ProbeprofError } from '../errors.js'
import { formatAdvice, formatAdviceBrief, percent } from '../format/advice-text.js'
import { formatScaling } from '../format/scaling-text.js'
import { loadReport } from '../load.js'
import { Stats } from '../stats.js'

export const command = defineCommand({
  summary: 'say what to do next: the few functions that take most of the time, what fixing each can gain, when to stop',
  usage: 'probeprof advise <report...> [--stop-below PERCENT] [--pareto PERCENT] [--leave-alone PERCENT] [--brief] [--json] | --scaling <report...> (--sizes N,N,... | --size-from FUNCTION)',
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
    scaling: { type: 'boolean', description: 'the reports are runs at different input sizes: fit how each function grows with the size' },
    sizes: { type: 'string', value: 'N,N,...', description: 'with --scaling: the input size of each report, in order' },
    'size-from': { type: 'string', value: 'FUNCTION', description: "with --scaling: take each run's size from the call count of this function" },
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
    '  probeprof advise --scaling n1000.json n2000.json n4000.json --sizes 1000,2000,4000',
  ],
  run({ values, positionals }, io) {
    if (positionals.length === 0) throw new ProbeprofError('advise needs at least one report file, e.g. probeprof advise probeprof.json')
    const options = {
      stopBelow: parseShare(values['stop-below'], '--stop-below', ADVISE_DEFAULTS.stopBelow),
      paretoShare: parseShare(values.pareto, '--pareto', ADVISE_DEFAULTS.paretoShare),
      leaveAloneBelow: parseShare(values['leave-alone'], '--leave-alone', ADVISE_DEFAULTS.leaveAloneBelow),
    }
    if (values.brief && values.json) throw new ProbeprofError('--brief cannot be used with --json; --json prints all of the advice')
    if (values.scaling) return adviseOnScaling(positionals, values, io)
    if (values.sizes !== undefined || values['size-from'] !== undefined) throw new ProbeprofError('--sizes and --size-from go with --scaling')
    const stats = new Stats(...positionals.map((path) => loadReport(path, { compensate: values.compensate === true })))
    if (values['strip-dirs']) stats.stripDirs()
    const advice = adviseProfile(stats.profile, options)
    if (values.json) io.stdout.write(`${JSON.stringify(advice, null, 2)}\n`)
    else io.stdout.write(values.brief ? formatAdviceBrief(advice, `All of it: npx probeprof advise ${positionals.join(' ')}`) : formatAdvice(advice))
    return 0
  },
})

/** Options of the advice on one profile, which a fit of growth has no use for. */
const SINGLE_RUN_OPTIONS = ['stop-below', 'pareto', 'leave-alone'] as const

type ScalingValues = { sizes?: string; 'size-from'?: string; json?: boolean; brief?: boolean; 'strip-dirs'?: boolean; compensate?: boolean } & Partial<Record<(typeof SINGLE_RUN_OPTIONS)[number], string>>

function adviseOnScaling(files: string[], values: ScalingValues, io: CliIO): number {
  if (values.brief) throw new ProbeprofError('--brief cannot be used with --scaling')
  const unused = SINGLE_RUN_OPTIONS.find((option) => values[option] !== undefined)
  if (unused !== undefined) throw new ProbeprofError(`--${unused} cannot be used with --scaling: it applies to the advice on one profile`)
  const scaling = scalingOfReports(files, values)
  io.stdout.write(values.json ? `${JSON.stringify(scaling, null, 2)}\n` : formatScaling(scaling))
  return 0
}

/** The growth fit of reports at several sizes, as `--scaling` reads them (also `probeprof html --scaling`). */
export function scalingOfReports(files: readonly string[], values: Pick<ScalingValues, 'sizes' | 'size-from' | 'strip-dirs' | 'compensate'>): ScalingAdvice {
  if ((values.sizes === undefined) === (values['size-from'] === undefined)) {
    throw new ProbeprofError('--scaling needs the input size of each run: --sizes 1000,2000,4000 (one per report) or --size-from FUNCTION (its call count)')
  }
  const sizes = values.sizes === undefined ? { function: values['size-from']! } : parseSizes(values.sizes)
  const profiles = files.map((path) => {
    const stats = new Stats(loadReport(path, { compensate: values.compensate === true }))
    if (values['strip-dirs']) stats.stripDirs()
    return stats.profile
  })
  return adviseScaling(profiles, sizes)
}

function parseSizes(text: string): number[] {
  const sizes = text.split(',').map((word) => Number(word.trim()))
  if (sizes.some((size) => !Number.isFinite(size) || size <= 0)) throw new ProbeprofError(`invalid --sizes '${text}': give one positive number per report, comma-separated (1000,2000,4000)`)
  return sizes
}

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
