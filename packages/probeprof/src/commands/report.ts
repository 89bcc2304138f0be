// `probeprof report <file...>`: pstats' print_stats / print_callers / print_callees on the command line.

import { defineCommand, HELP_OPTION } from '../cli/command.js'
import { restrictionsInOrder, parseRegex, splitList } from '../cli/values.js'
import { ProbeprofError } from '../errors.js'
import { isSortKey, resolveSortKey, SORT_KEYS } from '../sort-keys.js'
import { Stats } from '../stats.js'

export const command = defineCommand({
  summary: "print a report in cProfile's layout (several files are merged)",
  usage: 'probeprof report <file...> [--sort KEY...] [--limit N] [--filter REGEX] [--callers [REGEX]] [--callees [REGEX]] [--strip-dirs]',
  options: {
    sort: {
      type: 'string',
      short: 's',
      multiple: true,
      moreValues: isSortKey,
      value: 'KEY [KEY...]',
      description: `sort by pstats keys or unique prefixes, later keys breaking ties (${Object.keys(SORT_KEYS).join(', ')})`,
      defaultText: 'stdname',
    },
    limit: { type: 'string', multiple: true, value: 'N', description: 'keep the first N rows, or a fraction (0.1) of them' },
    filter: { type: 'string', multiple: true, value: 'REGEX', description: 'keep rows whose file:line(function) matches' },
    callers: { type: 'string', optionalValue: true, value: 'REGEX', description: 'show who called each function (those matching REGEX)' },
    callees: { type: 'string', optionalValue: true, value: 'REGEX', description: 'show what each function called (those matching REGEX)' },
    'strip-dirs': { type: 'boolean', description: 'show file base names only' },
    help: HELP_OPTION,
  },
  run({ values, positionals, order }, io) {
    if (positionals.length === 0) throw new ProbeprofError('report needs at least one report file, e.g. probeprof report probeprof.json')
    const sortKeys = splitList(values.sort)
    sortKeys.forEach(resolveSortKey) // fail before reading anything
    const restrictions = restrictionsInOrder(order)
    const callers = values.callers === undefined ? undefined : values.callers === '' ? [] : [parseRegex(values.callers, '--callers')]
    const callees = values.callees === undefined ? undefined : values.callees === '' ? [] : [parseRegex(values.callees, '--callees')]

    const stats = new Stats(...positionals)
    stats.stream = io.stdout
    if (values['strip-dirs']) stats.stripDirs()
    stats.sortStats(...(sortKeys.length > 0 ? sortKeys : ['stdname']))
    if (callers === undefined && callees === undefined) {
      stats.printStats(...restrictions)
      return 0
    }
    if (callers !== undefined) stats.printCallers(...restrictions, ...callers)
    if (callees !== undefined) stats.printCallees(...restrictions, ...callees)
    return 0
  },
})
