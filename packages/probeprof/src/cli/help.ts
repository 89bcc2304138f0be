// `--help` texts, generated from the command records and their option tables.

import type { Command, OptionSpec } from './command.js'

export function formatCommandHelp(command: Command): string {
  const flags = Object.entries(command.options).map(([name, spec]: [string, OptionSpec]) => {
    const short = spec.short ? `-${spec.short}, ` : '    '
    const value = spec.value ? ` ${spec.optionalValue ? `[${spec.value}]` : spec.value}` : ''
    const text = spec.defaultText === undefined ? spec.description : `${spec.description} (default: ${spec.defaultText})`
    return [`  ${short}--${name}${value}`, text] as const
  })
  const width = Math.max(...flags.map(([flag]) => flag.length)) + 2
  const lines = [`usage: ${command.usage}`, '', command.summary, '', 'options:', ...flags.map(([flag, text]) => flag.padEnd(width) + text)]
  if (command.details !== undefined) lines.push('', ...command.details)
  return lines.join('\n') + '\n'
}

export function formatMainHelp(commands: readonly (readonly [string, Command])[]): string {
  const width = Math.max(...commands.map(([name]) => name.length)) + 2
  return [
    'usage: probeprof <command> [options]',
    '',
    'cProfile for JavaScript and TypeScript: profile a script, read the reports an instrumented app writes.',
    '',
    'commands:',
    ...commands.map(([name, command]) => `  ${name.padEnd(width)}${command.summary}`),
    '',
    'probeprof <command> --help shows the options of a command; probeprof --version prints the version.',
    '',
  ].join('\n')
}
