// `probeprof browse <file> [file...]`: python -m pstats' interactive browser. At a terminal it has line
// editing, history and completion; fed by a pipe it reads commands line by line until EOF.

import { createInterface } from 'node:readline'
import { ProfileBrowser } from '../browser.js'
import { defineCommand, HELP_OPTION } from '../cli/command.js'

export const command = defineCommand({
  summary: 'browse a report interactively, like python -m pstats (sort, stats, callers, callees, ...)',
  usage: 'probeprof browse [file...]',
  options: { help: HELP_OPTION },
  details: [
    'commands at the prompt: add, async, callees, callers, help, quit, read, reverse, sort, stats, strip, unit',
    'example:',
    '  $ probeprof browse probeprof.json',
    '  probeprof.json% sort tottime',
    '  probeprof.json% stats 10',
    '  probeprof.json% callers isPrime',
  ],
  async run({ positionals }, io) {
    const browser = new ProfileBrowser(io.stdout)
    const [first, ...more] = positionals
    if (first !== undefined) browser.open(first) // a bad first file is a usage error: one line, exit 2
    for (const path of more) browser.execute(`add ${path}`)

    const input = io.stdin ?? process.stdin
    const terminal = input === process.stdin && process.stdin.isTTY === true && io.stdout === process.stdout
    const lines = createInterface({
      input,
      terminal,
      ...(terminal ? { output: process.stdout, completer: (line: string) => [browser.complete(line), line.split(/\s+/).pop() ?? ''] } : {}),
    })
    lines.on('SIGINT', () => lines.close()) // Ctrl-C at the prompt leaves, as in python -m pstats
    io.stdout.write('Welcome to the profile statistics browser.\n')
    const showPrompt = () => {
      if (terminal) {
        lines.setPrompt(browser.prompt)
        lines.prompt()
      } else {
        io.stdout.write(browser.prompt)
      }
    }
    showPrompt()
    let ended = false
    for await (const line of lines) {
      if (browser.execute(line)) {
        ended = true
        break
      }
      showPrompt()
    }
    lines.close()
    if (!ended) browser.execute('EOF')
    io.stdout.write('Goodbye.\n')
    return 0
  },
})
