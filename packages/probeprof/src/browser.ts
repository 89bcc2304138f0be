// The profile statistics browser of `python -m pstats`, for probeprof reports: a line-oriented shell over a
// Stats object. Pure of I/O except its output stream: commands go in through execute(), one line at a time,
// so the CLI (commands/browse.ts) and tests drive it the same way.

import { formatAsync } from './async-view.js'
import { ProbeprofError } from './errors.js'
import { TIME_UNITS, type TimeUnit } from './format/units.js'
import type { Restriction } from './format/restrict.js'
import { describeSortKeys, isSortKey, SORT_KEYS } from './sort-keys.js'
import { Stats, type Output } from './stats.js'

interface BrowserCommand {
  help: string[]
  /** takes pstats' restriction arguments: counts, fractions, regular expressions */
  restrictions?: boolean
  /** returns true to leave the browser */
  run(browser: ProfileBrowser, line: string): boolean | void
}

const RESTRICTION_HELP = [
  'Arguments may be:',
  '* An integer maximum number of entries to print.',
  '* A decimal fractional number between 0 and 1, controlling',
  '  what fraction of selected entries to print.',
  '* A regular expression; only entries with function names',
  '  that match it are printed.',
]

const COMMANDS: Record<string, BrowserCommand> = {
  add: {
    help: ['Add profile info from given file to current statistics object.'],
    run: (browser, line) => browser.withStats((stats) => browser.attempt(() => stats.add(line))),
  },
  async: {
    help: ['Print async functions and generators: calls, resumes, wall latency (probeprof).'],
    restrictions: true,
    run: (browser, line) => browser.print((stats, restrictions) => stats.stream.write(formatAsync(stats, ...restrictions)), line),
  },
  callees: {
    help: ['Print callees statistics from the current stat object.'],
    restrictions: true,
    run: (browser, line) => browser.print((stats, restrictions) => stats.printCallees(...restrictions), line),
  },
  callers: {
    help: ['Print callers statistics from the current stat object.'],
    restrictions: true,
    run: (browser, line) => browser.print((stats, restrictions) => stats.printCallers(...restrictions), line),
  },
  EOF: {
    help: ['Leave the profile browser.'],
    run: (browser) => {
      browser.stream.write('\n')
      return true
    },
  },
  help: {
    help: ['Show help for a given command.'],
    run: (browser, line) => browser.help(line.trim()),
  },
  quit: { help: ['Leave the profile browser.'], run: () => true },
  read: {
    help: ['Read in profile data from a specified file.', 'Without argument, reload the current file.'],
    run: (browser, line) => browser.read(line),
  },
  reverse: {
    help: ['Reverse the sort order of the profiling report.'],
    run: (browser) => browser.withStats((stats) => stats.reverseOrder()),
  },
  sort: {
    help: ['Sort profile data according to specified keys.', "(Typing `sort' without arguments lists valid keys.)"],
    run: (browser, line) => browser.sort(line),
  },
  stats: {
    help: ['Print statistics from the current stat object.'],
    restrictions: true,
    run: (browser, line) => browser.print((stats, restrictions) => stats.printStats(...restrictions), line),
  },
  strip: {
    help: ['Strip leading path information from filenames in the report.'],
    run: (browser) => browser.withStats((stats) => stats.stripDirs()),
  },
  unit: {
    help: [`Set the unit of printed times: ${TIME_UNITS.join(', ')} (probeprof; auto picks one per value).`],
    run: (browser, line) => browser.setUnit(line.trim()),
  },
}

export const BROWSER_COMMANDS: readonly string[] = Object.keys(COMMANDS)

export class ProfileBrowser {
  stream: Output
  prompt = '% '
  private stats: Stats | null = null
  private current: string | null = null
  private unit: TimeUnit = 's'

  constructor(stream: Output) {
    this.stream = stream
  }

  /** Reads the first report; unlike `read` typed at the prompt, a failure here is thrown to the caller. */
  open(path: string): void {
    this.load(path)
  }

  /** Runs one command line; returns true when the browser should end. */
  execute(input: string): boolean {
    const line = input.trim()
    if (line === '') return false
    const [word] = line.split(/\s+/, 1)
    const command = Object.hasOwn(COMMANDS, word) ? COMMANDS[word] : undefined
    if (command === undefined) {
      this.stream.write(`*** Unknown syntax: ${line}\n`)
      return false
    }
    return command.run(this, line.slice(word.length).trim()) === true
  }

  /** Words to complete at the prompt: command names, then sort keys after `sort`. */
  complete(line: string): string[] {
    const words = line.split(/\s+/)
    const last = words[words.length - 1]
    if (words.length === 1) return BROWSER_COMMANDS.filter((name) => name.startsWith(last))
    if (words[0] === 'sort') return Object.keys(SORT_KEYS).filter((key) => key.startsWith(last))
    if (words[0] === 'unit') return TIME_UNITS.filter((unit) => unit.startsWith(last))
    return []
  }

  // ---- what the commands do ------------------------------------------------------------------------------

  withStats(action: (stats: Stats) => unknown): void {
    if (this.stats === null) this.stream.write('No statistics object is loaded.\n')
    else action(this.stats)
  }

  /** Runs an action whose user-fixable failure is reported on one line; the browser goes on. */
  attempt(action: () => unknown): void {
    try {
      action()
    } catch (error) {
      if (!(error instanceof ProbeprofError)) throw error
      this.stream.write(`${error.message}\n`)
    }
  }

  /** Prints a view of the current statistics (a Stats method or a view function) restricted by the line's arguments. */
  print(view: (stats: Stats, restrictions: Restriction[]) => unknown, line: string): void {
    const restrictions = this.parseRestrictions(line)
    this.withStats((stats) => view(stats, restrictions))
  }

  read(line: string): void {
    const path = line === '' ? this.current : line
    if (path === null) {
      this.stream.write('No statistics object is current -- cannot reload.\n')
      return
    }
    this.attempt(() => this.load(path))
  }

  sort(line: string): void {
    this.withStats((stats) => {
      const keys = line.split(/\s+/).filter(Boolean)
      if (keys.length > 0 && keys.every(isSortKey)) {
        stats.sortStats(...keys)
        return
      }
      this.stream.write(['Valid sort keys (unique prefixes are accepted):', ...describeSortKeys(), ''].join('\n'))
    })
  }

  setUnit(word: string): void {
    if (!(TIME_UNITS as readonly string[]).includes(word)) {
      this.stream.write(`Valid units: ${TIME_UNITS.join(', ')} (now ${this.unit})\n`)
      return
    }
    this.unit = word as TimeUnit
    if (this.stats !== null) this.stats.unit = this.unit
  }

  help(topic: string): void {
    if (topic === '') {
      const width = Math.max(...BROWSER_COMMANDS.map((name) => name.length)) + 2
      const title = 'Documented commands (type help <topic>):'
      this.stream.write(
        ['', title, '='.repeat(title.length), ...BROWSER_COMMANDS.map((name) => `${name.padEnd(width)}${COMMANDS[name].help[0]}`), '', ''].join('\n'),
      )
      return
    }
    const command = Object.hasOwn(COMMANDS, topic) ? COMMANDS[topic] : undefined
    if (command === undefined) {
      this.stream.write(`*** No help on ${topic}\n`)
      return
    }
    this.stream.write([...command.help, ...(command.restrictions ? RESTRICTION_HELP : []), ''].join('\n'))
  }

  // ---- helpers -----------------------------------------------------------------------------------------------

  private load(path: string): void {
    const stats = new Stats(path)
    stats.stream = this.stream
    stats.unit = this.unit
    this.stats = stats
    this.current = path
    this.prompt = `${path}% `
  }

  /** pstats' rule: an integer is a count, a number in [0, 1] a fraction, anything else a regular expression. */
  private parseRestrictions(line: string): Restriction[] {
    const restrictions: Restriction[] = []
    for (const term of line.split(/\s+/).filter(Boolean)) {
      if (/^[-+]?\d+$/.test(term)) {
        restrictions.push(Number(term))
      } else if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(term)) {
        const fraction = Number(term)
        if (fraction > 1 || fraction < 0) this.stream.write('Fraction argument must be in [0, 1]\n')
        else if (fraction < 1) restrictions.push(fraction) // 1.0 keeps every row, as in pstats
      } else {
        restrictions.push(term)
      }
    }
    return restrictions
  }
}
