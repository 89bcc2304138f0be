// argv → options → library → exit code. The only module that reads argv; bin/probeprof.js applies the code.
// Exit codes: 0 success, 2 any error (argparse's convention), 1 only for a negative answer asked for.

import { existsSync } from 'node:fs'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { EXPORT_DETAILS, EXPORT_OPTIONS, EXPORT_SUMMARY, EXPORT_USAGE, runExport } from './commands/export.js'
import { HTML_DETAILS, HTML_OPTIONS, HTML_SUMMARY, HTML_USAGE, runHtml } from './commands/html.js'
import { runView, VIEW_OPTIONS, VIEW_SUMMARY, VIEW_USAGE } from './commands/view.js'
import { formatError, ProbeprofError } from './errors.js'
import type { Restriction } from './format/restrict.js'
import { isSortKey, resolveSortKey, SORT_KEYS } from './sort-keys.js'
import { Stats, type Output } from './stats.js'
import { PROBEPROF_VERSION } from './version.js'

export interface CliIO {
  stdout: Output
  stderr: Output
}

interface CommandOption {
  type: 'string' | 'boolean'
  short?: string
  multiple?: boolean
  value?: string
  description: string
}

interface Command {
  summary: string
  usage: string
  options: Record<string, CommandOption>
  /** lines printed after the options in --help */
  details?: readonly string[]
  run(args: string[], io: CliIO): number | Promise<number>
}

const REPORT_OPTIONS = {
  sort: {
    type: 'string',
    short: 's',
    multiple: true,
    value: 'KEY [KEY...]',
    description: `sort by pstats keys or unique prefixes, later keys breaking ties (${Object.keys(SORT_KEYS).join(', ')})`,
  },
  limit: { type: 'string', multiple: true, value: 'N', description: 'keep the first N rows, or a fraction (0.1) of them' },
  filter: { type: 'string', multiple: true, value: 'REGEX', description: 'keep rows whose file:line(function) matches' },
  callers: { type: 'string', value: '[REGEX]', description: 'show who called each function (those matching REGEX)' },
  callees: { type: 'string', value: '[REGEX]', description: 'show what each function called (those matching REGEX)' },
  'strip-dirs': { type: 'boolean', description: 'show file base names only' },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
} satisfies Record<string, CommandOption>

const COMMANDS: Record<string, Command> = {
  report: {
    summary: 'print a report in cProfile\'s layout (several files are merged)',
    usage: 'probeprof report <file...> [--sort KEY...] [--limit N] [--filter REGEX] [--callers [REGEX]] [--callees [REGEX]] [--strip-dirs]',
    options: REPORT_OPTIONS,
    run: runReport,
  },
  export: {
    summary: EXPORT_SUMMARY,
    usage: EXPORT_USAGE,
    options: EXPORT_OPTIONS,
    details: EXPORT_DETAILS,
    run: (args, io) => {
      const { values, positionals } = parseCommand(args, EXPORT_OPTIONS, [])
      const { format, output, metric, sort } = values as { format?: string; output?: string; metric?: string; sort?: string[] }
      return runExport({ files: positionals, format, output, metric, sort, stripDirs: values['strip-dirs'] === true }, io)
    },
  },
  view: {
    summary: VIEW_SUMMARY,
    usage: VIEW_USAGE,
    options: VIEW_OPTIONS,
    run: (args, io) => {
      const { values, positionals } = parseCommand(args, VIEW_OPTIONS, [])
      const { port, host } = values as { port?: string; host?: string }
      return runView({ files: positionals, port, host, noOpen: values['no-open'] === true, stripDirs: values['strip-dirs'] === true }, io)
    },
  },
  html: {
    summary: HTML_SUMMARY,
    usage: HTML_USAGE,
    options: HTML_OPTIONS,
    details: HTML_DETAILS,
    run: (args, io) => {
      const { values, positionals } = parseCommand(args, HTML_OPTIONS, [])
      const { output, title } = values as { output?: string; title?: string }
      return runHtml({ files: positionals, output, title, stripDirs: values['strip-dirs'] === true }, io)
    },
  },
}

export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  try {
    const [name, ...rest] = argv
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      io.stdout.write(mainHelp())
      return name === undefined ? 2 : 0
    }
    if (name === '--version' || name === '-V') {
      io.stdout.write(`probeprof ${PROBEPROF_VERSION}\n`)
      return 0
    }
    const command = COMMANDS[name]
    if (command === undefined) {
      throw new ProbeprofError(`unknown command '${name}' (choose from ${Object.keys(COMMANDS).join(', ')}; see probeprof --help)`)
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(commandHelp(command))
      return 0
    }
    return await command.run(rest, io)
  } catch (error) {
    io.stderr.write(`${formatError(error)}\n`)
    if (process.env.PROBEPROF_DEBUG === '1' && error instanceof Error) io.stderr.write(`${error.stack}\n`)
    return 2
  }
}

function runReport(args: string[], io: CliIO): number {
  const { values, positionals, order } = parseCommand(args, REPORT_OPTIONS, ['callers', 'callees'])
  if (positionals.length === 0) throw new ProbeprofError('report needs at least one report file, e.g. probeprof report probeprof.json')
  const stats = new Stats(...positionals)
  stats.stream = io.stdout
  if (values['strip-dirs']) stats.stripDirs()
  const sortKeys = (values.sort as string[] | undefined)?.flatMap((value) => value.split(',')).filter(Boolean) ?? []
  sortKeys.forEach(resolveSortKey) // fail before printing anything
  stats.sortStats(...(sortKeys.length > 0 ? sortKeys : ['stdname']))

  const restrictions: Restriction[] = order
    .filter((entry) => entry.name === 'limit' || entry.name === 'filter')
    .map((entry) => (entry.name === 'limit' ? parseLimit(entry.value) : parseRegex(entry.value)))
  const callers = values.callers as string | undefined
  const callees = values.callees as string | undefined
  if (callers === undefined && callees === undefined) {
    stats.printStats(...restrictions)
    return 0
  }
  if (callers !== undefined) stats.printCallers(...restrictions, ...(callers === '' ? [] : [parseRegex(callers)]))
  if (callees !== undefined) stats.printCallees(...restrictions, ...(callees === '' ? [] : [parseRegex(callees)]))
  return 0
}

// ---- argument parsing ----------------------------------------------------------------------------------------

interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>
  positionals: string[]
  /** option occurrences in command-line order, for order-sensitive restrictions */
  order: { name: string; value: string }[]
}

/**
 * util.parseArgs, plus two conveniences it lacks: `--sort calls name` takes several keys, and an option listed
 * in `optionalValue` may stand alone (`--callers`) or take a value (`--callers=parse`, `--callers parse`).
 */
function parseCommand(args: string[], options: Record<string, CommandOption>, optionalValue: string[]): Parsed {
  const normalized: string[] = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]
    if (arg === '--sort' || arg === '-s') {
      normalized.push(arg, args[++i] ?? '')
      while (i + 1 < args.length && !args[i + 1].startsWith('-') && isSortKey(args[i + 1]) && !existsSync(args[i + 1])) {
        normalized.push(arg, args[++i])
      }
    } else if (optionalValue.includes(arg.slice(2)) && arg.startsWith('--')) {
      const next = args[i + 1]
      const takesNext = next !== undefined && !next.startsWith('-') && !existsSync(next)
      normalized.push(`${arg}=${takesNext ? args[++i] : ''}`)
    } else {
      normalized.push(arg)
    }
  }
  const config: ParseArgsConfig = {
    args: normalized,
    options: Object.fromEntries(
      Object.entries(options).map(([name, { type, short, multiple }]) => [
        name,
        { type, ...(short === undefined ? {} : { short }), ...(multiple === undefined ? {} : { multiple }) },
      ]),
    ),
    allowPositionals: true,
    strict: true,
    tokens: true,
  }
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs(config)
  } catch (error) {
    throw new ProbeprofError(cleanParseError((error as Error).message))
  }
  const order = (parsed.tokens ?? [])
    .filter((token) => token.kind === 'option')
    .map((token) => ({ name: token.name, value: token.kind === 'option' ? (token.value ?? '') : '' }))
  return { values: parsed.values as Parsed['values'], positionals: parsed.positionals, order }
}

function cleanParseError(message: string): string {
  return message.replace(/\. To specify a positional argument.*$/s, '').replace(/^Unknown option/, 'unknown option')
}

function parseLimit(text: string): number {
  const value = Number(text)
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) {
    throw new ProbeprofError(`invalid --limit '${text}': give a row count (20) or a fraction below 1 (0.1)`)
  }
  if (!Number.isInteger(value) && value >= 1) {
    throw new ProbeprofError(`invalid --limit '${text}': a fraction must be below 1 (0.25 keeps a quarter)`)
  }
  return value
}

function parseRegex(text: string): string {
  try {
    new RegExp(text)
  } catch (error) {
    throw new ProbeprofError(`invalid regular expression '${text}': ${(error as Error).message.replace(/^Invalid regular expression: /, '')}`)
  }
  return text
}

// ---- help ----------------------------------------------------------------------------------------------------

function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length)) + 2
  return [
    'usage: probeprof <command> [options]',
    '',
    'cProfile for JavaScript and TypeScript: read the reports an instrumented app writes.',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}${command.summary}`),
    '',
    'probeprof <command> --help shows the options of a command.',
    '',
  ].join('\n')
}

function commandHelp(command: Command): string {
  const flags = Object.entries(command.options).map(([option, spec]) => {
    const short = spec.short ? `-${spec.short}, ` : ''
    return [`  ${short}--${option}${spec.value ? ` ${spec.value}` : ''}`, spec.description] as const
  })
  const width = Math.max(...flags.map(([flag]) => flag.length)) + 2
  const details = command.details ? ['', ...command.details] : []
  return [`usage: ${command.usage}`, '', command.summary, '', 'options:', ...flags.map(([flag, text]) => flag.padEnd(width) + text), ...details, ''].join('\n')
}
