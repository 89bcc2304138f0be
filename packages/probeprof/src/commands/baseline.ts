// `probeprof baseline save|check`: a regression gate for CI. `save` records repeated runs (reports, or a
// script run N times); `check` compares new runs with it: call counts exactly, times beyond the noise the
// baseline's runs measured. Exit 1 on a regression, with the functions named.

import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { checkBaseline, makeBaseline, parseBaseline, type Allowance, type BaselineChange, type BaselineCheck, type BaselineFile } from '../baseline.js'
import { defineCommand, HELP_OPTION, type CliIO, type Command, type OptionTable } from '../cli/command.js'
import { formatCommandHelp } from '../cli/help.js'
import { parseCommandArgs } from '../cli/parse-args.js'
import { parseRegex } from '../cli/values.js'
import { ProbeprofError } from '../errors.js'
import { percent } from '../format/advice-text.js'
import { readableTime } from '../format/units.js'
import { loadReport } from '../load.js'
import type { ProfileData } from '../model.js'
import { prepareScript } from '../run/record.js'
import { suggestion } from '@probeprof/runtime/suggest'
import { parseShare } from './advise.js'
import { parseClock } from './run.js'
import { formatSize, writeOutput } from './write-output.js'

const DEFAULT_BASELINE = 'probeprof-baseline.json'

const RUN_OPTIONS = {
  runs: { type: 'string', value: 'N', description: 'run the script given instead of reports N times (built once with probes, as probeprof run builds it)' },
  clock: { type: 'string', value: 'MODE', description: 'with --runs: how time is measured (counts: calls only)', defaultText: 'auto' },
  'node-modules': { type: 'boolean', description: 'with --runs: profile dependencies too' },
  help: HELP_OPTION,
} as const

const SAVE = defineCommand({
  summary: 'save a baseline from repeated runs: their exact calls and the spread of their times',
  usage: `probeprof baseline save [-o FILE] <report...> | probeprof baseline save [-o FILE] --runs N <script> [args...]`,
  options: { output: { type: 'string', short: 'o', value: 'FILE', description: 'baseline file to write', defaultText: DEFAULT_BASELINE }, ...RUN_OPTIONS },
  details: ['Give several runs (3 or more): their spread is the noise a time must exceed to fail a check.'],
  run: () => 0,
})

const CHECK = defineCommand({
  summary: 'check new runs against a baseline: exit 1 when a function makes more calls or takes more time than the noise allows',
  usage: `probeprof baseline check [-b FILE] [--time-threshold PERCENT] [--allow REGEX=PERCENT] <report...> | ... --runs N <script> [args...]`,
  options: {
    baseline: { type: 'string', short: 'b', value: 'FILE', description: 'baseline file to check against', defaultText: DEFAULT_BASELINE },
    'time-threshold': { type: 'string', value: 'PERCENT', description: "how far past the baseline's noise a function's own time may grow", defaultText: '10%' },
    allow: {
      type: 'string',
      multiple: true,
      value: 'REGEX=PERCENT',
      description: 'functions whose file:line(name) matches may grow by PERCENT, in calls and in time (repeatable; the first match wins)',
    },
    json: { type: 'boolean', description: 'print the comparison as JSON' },
    ...RUN_OPTIONS,
  },
  run: () => 0,
})

const VERBS: Record<string, Command<OptionTable>> = { save: SAVE as unknown as Command<OptionTable>, check: CHECK as unknown as Command<OptionTable> }

export const command = defineCommand({
  summary: 'save a baseline of repeated runs, or check new runs against it (exit 1 on a regression), for CI',
  usage: 'probeprof baseline save|check [options] <report...>   (probeprof baseline save --help, check --help)',
  stopAtPositional: true,
  options: { help: HELP_OPTION },
  details: [
    'Call counts are exact: any change is reported as it is, and more calls fail the check. Times fail only past',
    "the spread of the baseline's own runs (by more than that spread) and past --time-threshold.",
    'examples:',
    '  probeprof baseline save --runs 5 bench/job.ts          # on main',
    '  probeprof baseline check --runs 5 bench/job.ts         # on the branch: exit 1 on a regression',
    '  probeprof baseline save run1.json run2.json run3.json -o base.json && probeprof baseline check -b base.json new.json',
  ],
  async run({ positionals, rest }, io) {
    const [verb] = positionals
    const sub = verb === undefined ? undefined : Object.hasOwn(VERBS, verb) ? VERBS[verb] : undefined
    if (sub === undefined) {
      const what = verb === undefined ? 'baseline needs save or check' : `unknown baseline action '${verb}'${suggestion(verb, Object.keys(VERBS))}`
      throw new ProbeprofError(`${what} (e.g. probeprof baseline save run1.json run2.json run3.json)`)
    }
    const prog = `probeprof baseline ${verb}`
    // with --runs the first word after the options is a script, and what follows it is the script's own
    const runsScript = rest.some((arg) => arg === '--runs' || arg.startsWith('--runs='))
    const args = parseCommandArgs(prog, { ...sub, stopAtPositional: runsScript }, rest)
    if (args.values.help) {
      io.stdout.write(formatCommandHelp(sub))
      return 0
    }
    const values = args.values as Record<string, string | boolean | string[] | undefined>
    if (verb === 'save') return saveBaseline(await collectRuns(verb, values, args.positionals, args.rest, io), (values.output as string | undefined) ?? DEFAULT_BASELINE, io)
    // every option is checked before a script runs or a report is read
    const options = {
      timeThreshold: parseShare(values['time-threshold'] as string | undefined, '--time-threshold', 0.1, Infinity),
      allow: ((values.allow as string[] | undefined) ?? []).map(parseAllowance),
    }
    const path = (values.baseline as string | undefined) ?? DEFAULT_BASELINE
    const baseline = readBaseline(path)
    const result = checkBaseline(baseline, await collectRuns(verb, values, args.positionals, args.rest, io), options)
    io.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatCheck(result, path))
    return result.regressions > 0 ? 1 : 0
  },
})

async function collectRuns(verb: string, values: Record<string, unknown>, positionals: string[], rest: string[], io: CliIO): Promise<ProfileData[]> {
  if (values.runs === undefined) {
    if (values.clock !== undefined || values['node-modules']) throw new ProbeprofError('--clock and --node-modules go with --runs N <script>')
    if (positionals.length === 0) throw new ProbeprofError(`baseline ${verb} needs reports of repeated runs, or --runs N <script> (see probeprof baseline ${verb} --help)`)
    return positionals.map((path) => loadReport(path))
  }
  const runs = Number(values.runs)
  if (!Number.isInteger(runs) || runs < 1) throw new ProbeprofError(`invalid --runs '${values.runs}': give how many times to run the script, such as 5`)
  const [scriptArg] = positionals
  if (scriptArg === undefined) throw new ProbeprofError(`--runs needs the script to run, e.g. probeprof baseline ${verb} --runs 5 bench/job.ts`)
  const prepared = await prepareScript(scriptArg, { cwd: process.cwd(), nodeModules: values['node-modules'] === true, clock: parseClock(values.clock as string | undefined) }, io)
  try {
    const profiles: ProfileData[] = []
    for (let run = 0; run < runs; run++) {
      const out = join(prepared.work, `report-${run}.json`)
      const end = await prepared.run(rest, out, true)
      if (end.signal !== null || end.code !== 0) {
        const how = end.signal === null ? `exit code ${end.code}` : `killed by ${end.signal}`
        throw new ProbeprofError(`'${scriptArg}' failed on run ${run + 1} of ${runs} (${how}); a baseline compares runs that succeed`)
      }
      const profile = loadReport(out)
      // the report's own file is temporary: name the run instead
      profiles.push({ ...profile, sources: profile.sources.map((source) => ({ ...source, path: `${scriptArg} (run ${run + 1})` })) })
    }
    return profiles
  } finally {
    prepared.dispose()
  }
}

function saveBaseline(profiles: ProfileData[], output: string, io: CliIO): number {
  const baseline = makeBaseline(profiles)
  const text = `${JSON.stringify(baseline, null, 2)}\n`
  writeOutput(output, text)
  const noise = baseline.runs > 1 ? 'the spread of their times is the noise a check allows' : 'one run: times will not be checked (save 3 or more runs for that)'
  io.stdout.write(`wrote ${output} (${formatSize(Buffer.byteLength(text))}): ${baseline.functions.length} functions over ${baseline.runs} runs; calls exact, ${noise}\n`)
  return 0
}

function readBaseline(path: string): BaselineFile {
  let text: string
  try {
    text = readFileSync(resolve(path), 'utf8')
  } catch {
    throw new ProbeprofError(`cannot read baseline '${path}': no such file; make it with probeprof baseline save`)
  }
  return parseBaseline(text, path)
}

function parseAllowance(text: string): Allowance {
  const at = text.lastIndexOf('=')
  if (at <= 0) throw new ProbeprofError(`invalid --allow '${text}': give REGEX=PERCENT, such as 'parse=20%'`)
  return { pattern: parseRegex(text.slice(0, at), '--allow'), share: parseShare(text.slice(at + 1), '--allow', 0, Infinity) }
}

function formatCheck(result: BaselineCheck, path: string): string {
  const lines = [`probeprof baseline check: ${result.newRuns} new run${result.newRuns === 1 ? '' : 's'} against ${path} (${result.baseRuns} runs, ${result.functions} functions)`]
  if (!result.timesChecked) lines.push('   times not checked: the baseline has one run, so its noise is unknown (save 3 or more runs)')
  for (const change of result.changes) lines.push(`   ${change.regression ? 'REGRESSION' : 'change    '} ${describeChange(change)}`)
  const calm = result.timesChecked ? 'times within the noise' : 'times not checked'
  lines.push(
    result.regressions === 0
      ? `no regression: no function makes more calls, ${calm}`
      : `${result.regressions} regression${result.regressions === 1 ? '' : 's'}: ${result.changes.filter((change) => change.regression).map((change) => change.standardName).join(', ')}`,
  )
  return lines.join('\n') + '\n'
}

function describeChange(change: BaselineChange): string {
  const calls = (side: { min: number; max: number }) => (side.min === side.max ? side.min.toLocaleString('en-US') : `${side.min.toLocaleString('en-US')}–${side.max.toLocaleString('en-US')}`)
  const time = (seconds: number) => readableTime(seconds, ' ')
  switch (change.kind) {
    case 'calls': {
      const delta = change.new!.max - change.base!.max
      const allowed = change.threshold > 0 ? ` (${percent(change.threshold, 0)} allowed)` : ''
      return `${change.standardName}: ${calls(change.base!)} -> ${calls(change.new!)} calls (${delta > 0 ? '+' : ''}${delta.toLocaleString('en-US')}, exact)${allowed}`
    }
    case 'appeared':
      return `${change.standardName}: not in the baseline, now ${calls(change.new!)} calls (exact)`
    case 'disappeared':
      return `${change.standardName}: no longer called (was ${calls(change.base!)} calls)`
    case 'time': {
      const growth = change.new!.mean / change.base!.mean - 1
      return (
        `${change.standardName}: own time ${time(change.base!.mean)} -> ${time(change.new!.mean)} (${growth > 0 ? '+' : ''}${percent(growth, 0)}), ` +
        `outside the noise band ${time(change.noise!.low)}–${time(change.noise!.high)} of the baseline's runs and past the ${percent(change.threshold, 0)} threshold`
      )
    }
  }
}
