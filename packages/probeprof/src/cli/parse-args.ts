// argv → typed option values for one command: util.parseArgs, plus what it lacks and pstats users expect:
// `--sort calls name` (several values after one flag), `--callers` with or without a value, options that end
// at a script's name (`probeprof run app.ts --its-own-flag`), and one-line errors that say what to do.

import { existsSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { ProbeprofError } from '../errors.js'
import { suggestion } from '@probeprof/runtime/suggest'
import type { Command, OptionSpec, OptionTable, ParsedArgs } from './command.js'

export function parseCommandArgs<T extends OptionTable>(prog: string, command: Command<T>, args: readonly string[]): ParsedArgs<T> {
  const specs = Object.entries(command.options) as [string, OptionSpec][]
  const byFlag = new Map<string, [string, OptionSpec]>()
  for (const [name, spec] of specs) {
    byFlag.set(`--${name}`, [name, spec])
    if (spec.short !== undefined) byFlag.set(`-${spec.short}`, [name, spec])
  }

  const normalized: string[] = []
  let rest: string[] = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]
    if (arg === '--') {
      const after = args.slice(i + 1)
      if (command.stopAtPositional && after.length > 0) {
        normalized.push('--', after[0])
        rest = after.slice(1)
      } else {
        normalized.push('--', ...after)
      }
      break
    }
    if (!arg.startsWith('-') || arg === '-') {
      normalized.push(arg)
      if (command.stopAtPositional) {
        rest = args.slice(i + 1)
        break
      }
      continue
    }
    const known = byFlag.get(arg)
    if (known === undefined) {
      normalized.push(arg) // `--name=value`, or unknown: parseArgs decides
      continue
    }
    const [name, spec] = known
    if (spec.type === 'boolean') {
      normalized.push(arg)
    } else if (spec.optionalValue) {
      const next = args[i + 1]
      const takesNext = next !== undefined && !next.startsWith('-') && !existsSync(next)
      normalized.push(`--${name}=${takesNext ? args[++i] : ''}`)
    } else {
      if (i + 1 >= args.length) throw new ProbeprofError(`option '${flagName(name, spec)}' needs a value${spec.value ? ` (${spec.value})` : ''} (see ${prog} --help)`)
      normalized.push(`--${name}=${args[++i]}`)
      while (spec.moreValues && i + 1 < args.length && !args[i + 1].startsWith('-') && spec.moreValues(args[i + 1])) {
        normalized.push(`--${name}=${args[++i]}`)
      }
    }
  }

  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({
      args: normalized,
      options: Object.fromEntries(
        specs.map(([name, spec]) => [
          name,
          { type: spec.type, ...(spec.short === undefined ? {} : { short: spec.short }), ...(spec.multiple ? { multiple: true } : {}) },
        ]),
      ),
      allowPositionals: true,
      strict: true,
      tokens: true,
    })
  } catch (error) {
    throw new ProbeprofError(explainParseError((error as Error).message, prog, specs))
  }
  const order: ParsedArgs<T>['order'] = []
  for (const token of parsed.tokens ?? []) {
    if (token.kind === 'option') order.push({ name: token.name as keyof T & string, value: token.value ?? '' })
  }
  return { values: parsed.values as ParsedArgs<T>['values'], positionals: parsed.positionals, order, rest }
}

function flagName(name: string, spec: OptionSpec): string {
  return spec.short === undefined ? `--${name}` : `-${spec.short}/--${name}`
}

/** util.parseArgs' messages, rewritten as one line that names the option and the way out. */
function explainParseError(message: string, prog: string, specs: [string, OptionSpec][]): string {
  const unknown = /^Unknown option '([^']+)'/.exec(message)
  if (unknown) {
    const flag = unknown[1]
    const flags = specs.flatMap(([name, spec]) => [`--${name}`, ...(spec.short ? [`-${spec.short}`] : [])])
    return `unknown option '${flag}'${suggestion(flag, flags)} (see ${prog} --help)`
  }
  const noValue = /^Option '(?:-\w, )?--([\w-]+)[^']*' does not take an argument/.exec(message)
  if (noValue) return `option '--${noValue[1]}' does not take a value (see ${prog} --help)`
  const missing = /^Option '(?:-\w, )?--([\w-]+)[^']*' argument missing/.exec(message)
  if (missing) return `option '--${missing[1]}' needs a value (see ${prog} --help)`
  return `${message.replace(/\. To specify a positional argument.*$/s, '')} (see ${prog} --help)`
}
