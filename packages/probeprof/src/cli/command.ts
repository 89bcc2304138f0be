// What a command is: a record with its help text, its option table and a run function. cli.ts dispatches to
// the records in src/commands/; each option table types the values its run function receives.

import type { Output } from '../stats.js'

/** The streams a command talks to; tests pass buffers, bin/probeprof.js passes the process's own. */
export interface CliIO {
  stdout: Output
  stderr: Output
  /** Input for interactive commands (`browse`); default: process.stdin. */
  stdin?: NodeJS.ReadableStream
}

/** How a command ends: an exit code, or a signal the CLI re-raises on itself (`run` of a program killed by one). */
export type ExitStatus = number | NodeJS.Signals

export interface OptionSpec {
  type: 'string' | 'boolean'
  short?: string
  /** may be given several times; the values are collected in order */
  multiple?: boolean
  /** a string option that may also stand alone: `--callers` or `--callers REGEX` */
  optionalValue?: boolean
  /** after its value, also takes the following words this accepts: `--sort calls name` */
  moreValues?: (word: string) => boolean
  /** placeholder shown in the help: `KEY`, `N`, `FILE` */
  value?: string
  description: string
  /** shown in the help as "(default: …)" */
  defaultText?: string
}

export type OptionTable = Record<string, OptionSpec>

/** The values parsed for an option table: booleans, strings, or lists for `multiple` options. */
export type OptionValues<T extends OptionTable> = {
  [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : T[K]['multiple'] extends true ? string[] : string
}

export interface ParsedArgs<T extends OptionTable> {
  values: OptionValues<T>
  positionals: string[]
  /** option occurrences in command-line order, for order-sensitive options (pstats' restrictions) */
  order: { name: keyof T & string; value: string }[]
  /** with `stopAtPositional`: the words after the first positional, untouched (a script's own arguments) */
  rest: string[]
}

export interface Command<T extends OptionTable = OptionTable> {
  summary: string
  /** e.g. `probeprof report <file...> [options]` */
  usage: string
  options: T
  /** Lines printed after the options in `--help`: examples, notes. */
  details?: string[]
  /** Options end at the first positional; what follows it is left in `rest` (`probeprof run app.ts --flag`). */
  stopAtPositional?: boolean
  run(args: ParsedArgs<T>, io: CliIO): ExitStatus | Promise<ExitStatus>
}

/** Declares a command; `const` keeps the option table's literal types, so `run` sees typed values. */
export function defineCommand<const T extends OptionTable>(command: Command<T>): Command<T> {
  return command
}

/** The `--help` option every command has. */
export const HELP_OPTION = { type: 'boolean', short: 'h', description: 'show this help' } as const satisfies OptionSpec
