// `probeprof report <file...>`: pstats' print_stats / print_callers / print_callees on the command line, plus
// what cProfile lacks (units, shares, JSON, async latency, probe-cost compensation).

import { defineCommand, HELP_OPTION } from '../cli/command.js'
import { parseOptionalRegex, parseSortKeys, parseUnit, restrictionsInOrder, splitList } from '../cli/values.js'
import { ProbeprofError } from '../errors.js'
import { TIME_UNITS } from '../format/units.js'
import { loadReport } from '../load.js'
import { isSortKey, MEMORY_SORT_KEYS, SORT_KEYS } from '../sort-keys.js'
import { resolveRouteSortKey, ROUTE_SORT_KEYS, sortRoutes } from '../routes.js'
import { Stats } from '../stats.js'
import { formatAsync, getAsyncProfile } from '../async-view.js'
import { formatRoutes, routeSummaries } from '../route-view.js'

export const command = defineCommand({
  summary: "print a report in cProfile's layout (several files are merged)",
  usage: 'probeprof report <file...> [--sort KEY...] [--limit N] [--filter REGEX] [--callers [REGEX]] [--callees [REGEX]] [--routes | --route NAME] [options]',
  options: {
    sort: {
      type: 'string',
      short: 's',
      multiple: true,
      moreValues: isSortKey,
      value: 'KEY [KEY...]',
      description: `sort by pstats keys or unique prefixes, later keys breaking ties (${Object.keys(SORT_KEYS).join(', ')}; with memory data: ${Object.keys(MEMORY_SORT_KEYS).join(', ')})`,
      defaultText: 'cumulative (calls for clock counts); wall latency with --async',
    },
    limit: { type: 'string', multiple: true, value: 'N', description: 'keep the first N rows, or a fraction (0.1) of them; restrictions apply in the order given' },
    filter: { type: 'string', multiple: true, value: 'REGEX', description: "keep rows whose function name or file:line(function) matches: 'isEol$', '^src/'" },
    callers: { type: 'string', optionalValue: true, value: 'REGEX', description: 'show who called each function (those matching REGEX), per edge' },
    callees: { type: 'string', optionalValue: true, value: 'REGEX', description: 'show what each function called (those matching REGEX), per edge' },
    async: { type: 'boolean', description: 'async functions and generators: calls, resumes, wall latency (invocation to settlement)' },
    routes: {
      type: 'boolean',
      description: `a profiled server's routes: requests, errors, latency p50/p95/max, time in instrumented code, top functions (--sort ${Object.keys(ROUTE_SORT_KEYS).join(', ')})`,
    },
    route: { type: 'string', value: 'NAME', description: "only the calls of one route of a profiled server, e.g. 'GET /users/:id' (every other option applies to them)" },
    reverse: { type: 'boolean', description: 'reverse the order (pstats reverse_order)' },
    'strip-dirs': { type: 'boolean', description: 'show file base names only (functions that become identical merge)' },
    unit: { type: 'string', value: 'UNIT', description: `unit of times: ${TIME_UNITS.join(', ')} (auto picks a readable unit per value)`, defaultText: "s, as cProfile" },
    percent: { type: 'boolean', description: 'add tottime and cumtime as a share of the total time' },
    memory: {
      type: 'boolean',
      description: 'add bytes allocated, own (selfmem) and cumulative (cummem), per function and per edge: a report of a run with PROBEPROF_MEMORY=1 (--sort memory, memcum)',
    },
    compensate: { type: 'boolean', description: "subtract the probes' own cost, as calibrated by the runtime, from every time" },
    json: { type: 'boolean', description: 'print the selected rows (with their callers and callees) as JSON' },
    help: HELP_OPTION,
  },
  details: [
    'examples:',
    '  probeprof report probeprof.json --sort tottime --limit 20',
    "  probeprof report probeprof.json --filter 'src/' --limit 0.1 --unit auto --percent",
    "  probeprof report probeprof.json --callers 'isPrime'",
    '  probeprof report probeprof.json --memory --sort memory --limit 10',
    '  probeprof report probeprof.json --routes',
    "  probeprof report probeprof.json --route 'GET /users/:id' --sort tottime --limit 15",
    '  probeprof report run-*.json --strip-dirs --json > merged-rows.json',
  ],
  run({ values, positionals, order }, io) {
    if (positionals.length === 0) throw new ProbeprofError('report needs at least one report file, e.g. probeprof report probeprof.json')
    // every option is checked before any file is read
    const routes = values.routes === true
    const sortKeys = routes ? splitList(values.sort) : parseSortKeys(values.sort)
    if (routes) sortKeys.forEach(resolveRouteSortKey)
    const restrictions = restrictionsInOrder(order)
    const callers = parseOptionalRegex(values.callers, '--callers')
    const callees = parseOptionalRegex(values.callees, '--callees')
    const unit = parseUnit(values.unit)
    if (values.async && (callers !== undefined || callees !== undefined)) {
      throw new ProbeprofError('--async cannot be used with --callers or --callees; run them separately')
    }
    if (routes && (values.route !== undefined || values.async || callers !== undefined || callees !== undefined)) {
      throw new ProbeprofError('--routes cannot be used with --route, --async, --callers or --callees; --route NAME shows one route with them')
    }
    if (values.route !== undefined && values.async) {
      throw new ProbeprofError("--async cannot be used with --route: async latency is recorded per function, not per route (--routes shows each route's latency)")
    }

    const stats = new Stats(...positionals.map((path) => loadReport(path, { compensate: values.compensate === true })))
    stats.stream = io.stdout
    stats.unit = routes && values.unit === undefined ? 'auto' : unit // latencies of a few ms read 0.003 in seconds
    stats.percent = values.percent === true
    stats.memory = values.memory === true
    const wantsBytes = values.memory === true || sortKeys.some((key) => Object.hasOwn(MEMORY_SORT_KEYS, key))
    if (wantsBytes && !routes && stats.profile.memory === undefined && !stats.profile.sources.some((source) => source.memory !== undefined)) {
      throw new ProbeprofError(
        `${positionals.length === 1 ? positionals[0] : 'these reports'} ${positionals.length === 1 ? 'has' : 'have'} no memory data; record it with PROBEPROF_MEMORY=1 (or the runtime option memory: true), then report --memory`,
      )
    }
    if (values['strip-dirs']) stats.stripDirs()
    if (routes) {
      if (values.json) {
        const { routes: sorted, label } = sortRoutes(routeSummaries(stats), sortKeys)
        io.stdout.write(`${JSON.stringify({ order: label, routes: sorted }, null, 2)}\n`)
      } else {
        io.stdout.write(formatRoutes(stats, sortKeys, ...restrictions))
      }
      return 0
    }
    if (values.route !== undefined) stats.route(values.route)
    if (sortKeys.length > 0) stats.sortStats(...sortKeys)
    else if (!values.async) stats.sortStats(stats.defaultSortKey)
    if (values.reverse) stats.reverseOrder()

    if (values.json) {
      const selection = [...restrictions, ...(callers ?? []), ...(callees ?? [])]
      const profile = values.async ? getAsyncProfile(stats, ...selection) : stats.getStatsProfile(...selection)
      io.stdout.write(`${JSON.stringify(profile, null, 2)}\n`)
      return 0
    }
    if (values.async) io.stdout.write(formatAsync(stats, ...restrictions))
    else if (callers === undefined && callees === undefined) stats.printStats(...restrictions)
    if (callers !== undefined) stats.printCallers(...restrictions, ...callers)
    if (callees !== undefined) stats.printCallees(...restrictions, ...callees)
    return 0
  },
})
