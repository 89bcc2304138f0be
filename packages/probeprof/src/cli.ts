// The dispatcher: argv → command record → exit status. The only module that reads argv; bin/probeprof.js
// applies the status. Exit codes: 0 success, 2 any error (argparse's convention), 1 only for a negative answer
// asked for (`diff --fail-above`).
//
// Each command lives in src/commands/<name>.ts and exports `command` (see cli/command.ts). Adding one is one
// line in COMMANDS; they load on demand, so `probeprof report` never loads esbuild.

import { type CliIO, type Command, type ExitStatus } from './cli/command.js'
import { formatCommandHelp, formatMainHelp } from './cli/help.js'
import { parseCommandArgs } from './cli/parse-args.js'
import { formatError, ProbeprofError } from './errors.js'
import { suggestion } from '@probeprof/runtime/suggest'
import { PROBEPROF_VERSION } from './version.js'

export type { CliIO, ExitStatus } from './cli/command.js'

type CommandModule = () => Promise<{ command: Command }>

const COMMANDS: Record<string, CommandModule> = {
  report: () => import('./commands/report.js'),
  browse: () => import('./commands/browse.js'),
  diff: () => import('./commands/diff.js'),
  run: () => import('./commands/run.js'),
  merge: () => import('./commands/merge.js'),
  export: () => import('./commands/export.js'),
  view: () => import('./commands/view.js'),
  serve: () => import('./commands/serve.js'),
  html: () => import('./commands/html.js'),
  advise: () => import('./commands/advise.js'),
  baseline: () => import('./commands/baseline.js'),
}

export async function main(argv: readonly string[], io: CliIO): Promise<ExitStatus> {
  try {
    const [name, ...rest] = argv
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      // no command at all is a usage error: the help goes to stderr, as argparse sends its usage there
      ;(name === undefined ? io.stderr : io.stdout).write(formatMainHelp(await loadAll()))
      return name === undefined ? 2 : 0
    }
    if (name === '--version' || name === '-V') {
      io.stdout.write(`probeprof ${PROBEPROF_VERSION}\n`)
      return 0
    }
    const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined
    if (load === undefined) {
      const names = Object.keys(COMMANDS)
      throw new ProbeprofError(`unknown command '${name}'${suggestion(name, names)} (choose from ${names.join(', ')}; see probeprof --help)`)
    }
    const { command } = await load()
    const prog = `probeprof ${name}`
    if (wantsHelp(command, rest)) {
      io.stdout.write(formatCommandHelp(command))
      return 0
    }
    return await command.run(parseCommandArgs(prog, command, rest), io)
  } catch (error) {
    io.stderr.write(`${formatError(error)}\n`)
    if (process.env.PROBEPROF_DEBUG === '1' && error instanceof Error) io.stderr.write(`${error.stack}\n`)
    return 2
  }
}

/** `--help` anywhere among the command's own options (not among a script's arguments after `run app.ts`). */
function wantsHelp(command: Command, args: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === '--help' || arg === '-h') return true
    if (arg === '--' || (command.stopAtPositional && !arg.startsWith('-'))) return false
  }
  return false
}

async function loadAll(): Promise<[string, Command][]> {
  return Promise.all(Object.entries(COMMANDS).map(async ([name, load]) => [name, (await load()).command] as [string, Command]))
}
