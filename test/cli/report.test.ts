// `probeprof report` on real reports of the primes app: every option against numbers computed here, from the
// report file itself, independently of the code that prints them.
import { copyFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { FunctionRecord, ProfileReport } from '@probeprof/runtime/report'
import { repoRoot } from '../helpers/app.js'
import { runCli } from '../helpers/cli.js'
import { callTableRows, profileFixture, tableRows } from '../helpers/reports.js'

const stdName = (fn: FunctionRecord) => `${fn.file}:${fn.line}(${fn.name})`
const f3 = (seconds: number) => seconds.toFixed(3)

let report: ProfileReport
let path: string
let copy: string

beforeAll(async () => {
  const run = await profileFixture('fixtures/primes/src/slow.ts')
  report = run.report
  path = run.path
  copy = join(run.dir, 'second.json')
  copyFileSync(path, copy)
})

async function ok(argv: string[]): Promise<string> {
  const result = await runCli(argv)
  expect(result.stderr).toBe('')
  expect(result.status).toBe(0)
  return result.stdout
}

/** An independent implementation of pstats' orders, for the keys' meanings. */
const ORDERS: Record<string, { label: string; compare: (a: FunctionRecord, b: FunctionRecord) => number }> = {
  calls: { label: 'call count', compare: (a, b) => b.calls - a.calls },
  cumulative: { label: 'cumulative time', compare: (a, b) => b.cumtime - a.cumtime },
  filename: { label: 'file name', compare: (a, b) => a.file.localeCompare(b.file, 'en') },
  line: { label: 'line number', compare: (a, b) => a.line - b.line },
  name: { label: 'function name', compare: (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) },
  nfl: {
    label: 'name/file/line',
    compare: (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line,
  },
  pcalls: { label: 'primitive call count', compare: (a, b) => b.primitiveCalls - a.primitiveCalls },
  stdname: { label: 'standard name', compare: (a, b) => (stdName(a) < stdName(b) ? -1 : stdName(a) > stdName(b) ? 1 : 0) },
  time: { label: 'internal time', compare: (a, b) => b.tottime - a.tottime },
}

/** Every way to name each order: pstats' keys, aliases, and prefixes (ours accept those with one meaning). */
const SPELLINGS: [string, string][] = [
  ['calls', 'calls'], ['ncalls', 'calls'], ['ca', 'calls'], ['nc', 'calls'], ['0', 'calls'],
  ['cumulative', 'cumulative'], ['cumtime', 'cumulative'], ['cu', 'cumulative'], ['cumu', 'cumulative'], ['cum', 'cumulative'], ['2', 'cumulative'],
  ['filename', 'filename'], ['module', 'filename'], ['file', 'filename'], ['f', 'filename'], ['m', 'filename'],
  ['line', 'line'], ['l', 'line'],
  ['name', 'name'], ['na', 'name'],
  ['nfl', 'nfl'], ['nf', 'nfl'],
  ['pcalls', 'pcalls'], ['p', 'pcalls'],
  ['stdname', 'stdname'], ['s', 'stdname'], ['-1', 'stdname'],
  ['time', 'time'], ['tottime', 'time'], ['ti', 'time'], ['tot', 'time'], ['1', 'time'],
]

describe('probeprof report: sorting', () => {
  it.each(SPELLINGS)('--sort %s orders by %s', async (spelling, meaning) => {
    const out = await ok(['report', path, `--sort=${spelling}`])
    const { label, compare } = ORDERS[meaning]
    expect(out).toContain(`   Ordered by: ${label}\n`)
    const printed = tableRows(out).map((row) => row.name)
    expect(printed).toHaveLength(report.functions.length)
    // the printed order must be a valid order for the key: every neighbour pair compares <= 0
    const byName = new Map(report.functions.map((fn) => [stdName(fn), fn]))
    for (let i = 1; i < printed.length; i++) expect(compare(byName.get(printed[i - 1])!, byName.get(printed[i])!)).toBeLessThanOrEqual(0)
  })

  it('breaks ties with later keys: calls, then name', async () => {
    const out = await ok(['report', path, '--sort', 'calls', 'name'])
    expect(out).toContain('   Ordered by: call count, function name\n')
    const expected = report.functions
      .slice()
      .sort((a, b) => ORDERS.calls.compare(a, b) || ORDERS.name.compare(a, b) || ORDERS.stdname.compare(a, b))
      .map(stdName)
    expect(tableRows(out).map((row) => row.name)).toEqual(expected)
  })

  it('sorts by cumulative time by default, like python -m cProfile', async () => {
    const out = await ok(['report', path])
    expect(out).toContain('   Ordered by: cumulative time\n')
    const cum = tableRows(out).map((row) => Number(row.cells[2]))
    expect(cum).toEqual(cum.slice().sort((a, b) => b - a))
  })

  it('sorts a report recorded without a clock by call count by default: its times are all zero', async () => {
    const counts = await profileFixture('fixtures/primes/src/slow.ts', { env: { PROBEPROF_CLOCK: 'counts' } })
    expect(counts.report.meta.clock).toBe('counts')
    const out = await ok(['report', counts.path])
    expect(out).toContain('   Ordered by: call count\n')
    expect(out).toContain('   wall time ')
    expect(out).not.toContain('probe cost')
  })

  it('reverses the order with --reverse', async () => {
    const forward = tableRows(await ok(['report', path, '-s', 'stdname'])).map((row) => row.name)
    const backward = tableRows(await ok(['report', path, '-s', 'stdname', '--reverse'])).map((row) => row.name)
    expect(backward).toEqual(forward.slice().reverse())
  })

  it.each([['c'], ['n']])('refuses the ambiguous prefix %s and names the candidates', async (prefix) => {
    const { status, stdout, stderr } = await runCli(['report', path, '--sort', prefix])
    expect(status).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toMatch(new RegExp(`^probeprof: error: ambiguous sort key '${prefix}' \\(could be [a-z, ]+\\); valid keys: calls, ncalls, cumtime, cumulative, filename, line, module, name, nfl, pcalls, stdname, time, tottime, memory, memcum\\n$`))
  })
})

describe('probeprof report: functions that would print the same row', () => {
  it('show their column (1-based) when two share file:line(name); other rows keep pstats\' name', async () => {
    const run = await profileFixture('test/cli/fixtures/same-line.ts')
    const source = readFileSync(join(repoRoot, 'test/cli/fixtures/same-line.ts'), 'utf8')
    const line = source.split('\n')[1]!
    const [first, second] = [line.indexOf('(n'), line.lastIndexOf('(n')].map((index) => index + 1)
    const out = await ok(['report', run.path, '--sort', 'calls'])
    const rows = tableRows(out).filter((row) => row.name.includes(':2'))
    expect(rows.map((row) => [row.ncalls, row.name.replace(/\(.*$/, '')])).toEqual([
      ['5', `test/cli/fixtures/same-line.ts:2:${second}`],
      ['3', `test/cli/fixtures/same-line.ts:2:${first}`],
    ])
    expect(tableRows(out).map((row) => row.name)).toContain('test/cli/fixtures/same-line.ts:4(main)')
  })

  describe('in --callers and --callees: the rows and the callers or callees listed under one row', () => {
    const file = 'test/cli/fixtures/same-line-calls.ts'
    let run: Awaited<ReturnType<typeof profileFixture>>
    let first: string
    let second: string

    beforeAll(async () => {
      run = await profileFixture(file)
      // columns from the source text, 1-based: where each `(n) =>` starts on the line that holds both
      const lines = readFileSync(join(repoRoot, file), 'utf8').split('\n')
      const at = lines.findIndex((text) => text.includes('const pair'))
      const [a, b] = [lines[at]!.indexOf('(n) =>'), lines[at]!.lastIndexOf('(n) =>')].map((index) => `${file}:${at + 1}:${index + 1}(<anonymous>)`)
      ;[first, second] = [a!, b!]
    })

    /** the report's own ncalls for an edge, as pstats prints it */
    const edgeCount = (caller: string, callee: string) => {
      const names = run.report.functions.map((fn) => (fn.name === '<anonymous>' ? `${fn.file}:${fn.line}:${fn.column + 1}(${fn.name})` : stdName(fn)))
      const edge = run.report.edges.find((e) => names[e.caller] === caller && names[e.callee] === callee)!
      return edge.calls === edge.primitiveCalls ? String(edge.calls) : `${edge.calls}/${edge.primitiveCalls}`
    }

    it('--callers step lists its two anonymous callers apart, with their own counts', async () => {
      const rows = callTableRows(await ok(['report', run.path, '--callers', '^step$']))
      expect(rows).toEqual([{ name: `${file}:4(step)`, links: [{ ncalls: '3', other: first }, { ncalls: '6', other: second }] }])
    })

    it('--callers <anonymous>: two rows, each naming the other as its caller', async () => {
      const rows = callTableRows(await ok(['report', run.path, '--callers', 'anonymous', '--sort', 'line']))
      expect(rows).toEqual([
        { name: first, links: [{ ncalls: '1', other: `${file}:1(<module>)` }, { ncalls: edgeCount(second, first), other: second }] },
        { name: second, links: [{ ncalls: edgeCount(first, second), other: first }] },
      ])
      expect(rows.flatMap((row) => row.links).filter((link) => link.other !== `${file}:1(<module>)`).map((link) => link.ncalls.split('/')[0])).toEqual(['3', '3'])
    })

    it('--callees <anonymous>: each calls the other and step, its own number of times', async () => {
      const rows = callTableRows(await ok(['report', run.path, '--callees', 'anonymous', '--sort', 'line']))
      expect(rows).toEqual([
        { name: first, links: [{ ncalls: '3', other: `${file}:4(step)` }, { ncalls: edgeCount(first, second), other: second }] },
        { name: second, links: [{ ncalls: '6', other: `${file}:4(step)` }, { ncalls: edgeCount(second, first), other: first }] },
      ])
    })

    it('--callers alone: every other row keeps pstats\' name, and the name column fits the longest name', async () => {
      const out = await ok(['report', run.path, '--callers'])
      expect(callTableRows(out).map((row) => row.name).sort()).toEqual([`${file}:1(<module>)`, `${file}:4(step)`, first, second].sort())
      const heading = out.split('\n').find((line) => line.startsWith('Function '))!
      expect(heading.indexOf('was called by...')).toBe(Math.max(first.length, second.length) + 2)
    })
  })
})

describe('probeprof report: restrictions, in the order given', () => {
  it('filters, then limits, with one "List reduced" line each', async () => {
    const matching = report.functions.filter((fn) => /primes\.ts/.test(stdName(fn))).length
    const out = await ok(['report', path, '--filter', 'primes\\.ts', '--limit', '2'])
    expect(out).toContain(
      `   List reduced from ${report.functions.length} to ${matching} due to restriction <'primes\\\\.ts'>\n` +
        `   List reduced from ${matching} to 2 due to restriction <2>\n`,
    )
    expect(tableRows(out).map((row) => row.name).every((name) => name.includes('primes.ts'))).toBe(true)
  })

  it("matches the function's name too, so an anchored name finds it (pstats would search file:line(function) only)", async () => {
    const out = await ok(['report', path, '--filter', 'isPrime$'])
    expect(tableRows(out).map((row) => row.name)).toEqual(['fixtures/primes/src/primes.ts:12(isPrime)'])
    expect(out).toContain(`   List reduced from ${report.functions.length} to 1 due to restriction <'isPrime$'>\n`)
    const help = await ok(['report', '--help'])
    expect(help).toMatch(/--filter REGEX\s+keep rows whose function name or file:line\(function\) matches/)
  })

  it('limits, then filters, when given the other way round', async () => {
    const out = await ok(['report', path, '--sort', 'stdname', '--limit', '7', '--filter', 'random'])
    const kept = report.functions.map(stdName).sort().slice(0, 7).filter((name) => name.includes('random'))
    const everyRandom = report.functions.filter((fn) => fn.file.includes('random'))
    expect(kept.length).toBeGreaterThan(0)
    expect(kept.length).toBeLessThan(everyRandom.length) // the order of the restrictions matters here
    expect(out).toContain(
      `   List reduced from ${report.functions.length} to 7 due to restriction <7>\n` +
        `   List reduced from 7 to ${kept.length} due to restriction <'random'>\n`,
    )
    expect(tableRows(out).map((row) => row.name)).toEqual(kept)
  })

  it('keeps a fraction of the list, rounded like pstats: int(n * f + .5)', async () => {
    const n = report.functions.length
    const out = await ok(['report', path, '--limit', '0.25'])
    const expected = Math.trunc(n * 0.25 + 0.5)
    expect(out).toContain(`   List reduced from ${n} to ${expected} due to restriction <0.25>\n`)
    expect(tableRows(out)).toHaveLength(expected)
  })

  it('prints no reduction line for a limit at or above the row count', async () => {
    const out = await ok(['report', path, '--limit', String(report.functions.length)])
    expect(out).not.toContain('List reduced')
    expect(tableRows(out)).toHaveLength(report.functions.length)
  })
})

describe('probeprof report: callers and callees', () => {
  const edgesOf = (name: string, side: 'caller' | 'callee') => {
    const index = report.functions.findIndex((fn) => fn.name === name)
    const other = side === 'caller' ? 'callee' : 'caller'
    return report.edges.filter((edge) => edge[other] === index)
  }

  it('--callers REGEX: who called each matching function, with the edge counts and times', async () => {
    const out = await ok(['report', path, '--callers', 'isPrime'])
    const [edge] = edgesOf('isPrime', 'caller')
    const findPrimes = report.functions[edge.caller]
    expect(out).toMatch(/^Function +was called by\.\.\.$/m)
    expect(out).toContain(`<- ${String(edge.calls).padStart(7)} ${f3(edge.tottime).padStart(8)} ${f3(edge.cumtime).padStart(8)}  ${stdName(findPrimes)}\n`)
  })

  it('--callees REGEX: what each matching function called, one line per edge', async () => {
    const out = await ok(['report', path, '--callees', 'findPrimes'])
    const edges = edgesOf('findPrimes', 'callee')
    expect(edges.length).toBeGreaterThan(1)
    for (const edge of edges) {
      const callee = report.functions[edge.callee]
      expect(out).toMatch(new RegExp(` ${edge.calls} +${f3(edge.tottime)} +${f3(edge.cumtime)}  ${stdName(callee).replace(/[.()]/g, '\\$&')}\\n`))
    }
  })

  it('--callers alone lists every function, fib with its recursive total/primitive edge', async () => {
    const out = await ok(['report', path, '--callers'])
    const lines = out.split('\n').filter((line) => line.includes('<-'))
    expect(lines).toHaveLength(report.functions.length)
    const fibSelf = edgesOf('fib', 'caller').find((edge) => report.functions[edge.caller].name === 'fib')!
    expect(out).toContain(`<- ${`${fibSelf.calls}/${fibSelf.primitiveCalls}`.padStart(7)} `)
  })
})

describe('probeprof report: merging, names, units, shares', () => {
  it('merges several reports: counts, times and edges are summed, one header per file', async () => {
    const out = await ok(['report', path, copy, '--sort', 'stdname', '--callers', 'isPrime'])
    const single = await ok(['report', path, '--sort', 'stdname'])
    const merged = await ok(['report', path, copy, '--sort', 'stdname'])
    expect(merged.match(/^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4} {4}.*\.json$/gm)).toHaveLength(2)
    const total = report.meta.totalCalls
    expect(merged).toContain(`         ${2 * total} function calls (${2 * report.meta.primitiveCalls} primitive calls) in `)
    const once = new Map(tableRows(single).map((row) => [row.name, row.ncalls]))
    for (const row of tableRows(merged)) {
      const [calls, primitive = calls] = once.get(row.name)!.split('/').map(Number)
      expect(row.ncalls).toBe(calls === primitive ? String(2 * calls) : `${2 * calls}/${2 * primitive}`)
    }
    const edge = report.edges.find((e) => report.functions[e.callee].name === 'isPrime')!
    expect(out).toContain(`<- ${String(2 * edge.calls).padStart(7)} `)
  })

  it('--strip-dirs keeps base names', async () => {
    const out = await ok(['report', path, '--strip-dirs'])
    const names = tableRows(out).map((row) => row.name)
    expect(names).toContain('primes.ts:12(isPrime)')
    expect(names.some((name) => name.includes('/'))).toBe(false)
  })

  it('--unit s prints exactly what the default prints', async () => {
    expect(await ok(['report', path, '--unit', 's'])).toBe(await ok(['report', path]))
  })

  it('--unit ms and us scale every time and say so', async () => {
    const isPrime = report.functions.find((fn) => fn.name === 'isPrime')!
    const ms = await ok(['report', path, '--unit', 'ms', '--filter', 'isPrime'])
    expect(ms).toContain('   Times in milliseconds\n')
    expect(tableRows(ms)[0].cells[0]).toBe((isPrime.tottime * 1e3).toFixed(3))
    expect(ms).toContain(` in ${(report.meta.totalTime * 1e3).toFixed(3)} milliseconds\n`)
    const us = await ok(['report', path, '--unit', 'us', '--filter', 'isPrime'])
    expect(us).toContain('   Times in microseconds\n')
    expect(Number(tableRows(us)[0].cells[0])).toBeCloseTo(isPrime.tottime * 1e6, 2)
  })

  it('--unit auto gives every cell a readable unit, so small times stop reading 0.000', async () => {
    // precise: every function has a measured time (sampled gives one shorter than its interval none)
    const precise = await profileFixture('fixtures/primes/src/slow.ts', { env: { PROBEPROF_CLOCK: 'precise' } })
    const out = await ok(['report', precise.path, '--unit', 'auto'])
    const cells = tableRows(out).flatMap((row) => row.cells)
    expect(cells.every((cell) => /^\d+(\.\d+)?(s|ms|µs|ns)$/.test(cell))).toBe(true)
    const guess = precise.report.functions.find((fn) => fn.name === 'guess')!
    expect(guess.tottime / guess.calls).toBeLessThan(1e-3)
    const row = tableRows(out).find((r) => r.name.endsWith('(guess)'))!
    expect(row.cells[1]).toMatch(/(µs|ns)$/)
  })

  it('--percent adds each function\'s share of the total time', async () => {
    const out = await ok(['report', path, '--percent', '--sort', 'tottime'])
    expect(out).toContain('   ncalls  tottime   tot%  percall  cumtime   cum%  percall filename:lineno(function)\n')
    // the top row by own time: isPrime on an idle machine, whatever a preemption made it under load
    const top = report.functions.reduce((a, b) => (b.tottime > a.tottime ? b : a))
    const row = tableRows(out)[0]
    expect(row.name).toBe(stdName(top))
    expect(row.cells[1]).toBe(`${((100 * top.tottime) / report.meta.totalTime).toFixed(1)}%`)
  })

  it('prints the wall time next to Σ tottime and the clock: the default samples every 100 µs', async () => {
    const out = await ok(['report', path])
    expect(report.meta.clock).toBe('sampled')
    const line = out.split('\n').find((text) => text.startsWith('   wall time '))!
    expect(line.startsWith(`   wall time ${f3(report.meta.wallTime)} seconds; clock sampled every 100.0 µs`)).toBe(true)
    expect(out).toContain(` in ${f3(report.meta.totalTime)} seconds\n`)
    // the sampler's lost time, when it is 5 % of the wall time or more (a loaded machine, or no free core)
    const { threadStall, wallTime } = report.meta
    const stall = /; sampler stalled ([\d.]+) (ms|µs) \((\d+)% of the wall time\): times may be off by up to that; a free core or PROBEPROF_CLOCK=precise avoids it$/.exec(line)
    expect(stall !== null, line).toBe(threadStall! >= 0.05 * wallTime)
    if (stall !== null) {
      expect(Number(stall[1]) * (stall[2] === 'ms' ? 1e-3 : 1e-6)).toBeCloseTo(threadStall!, 5)
      expect(Number(stall[3])).toBe(Math.round((100 * threadStall!) / wallTime))
    }
  })

  it('precise: the header gives the calibrated probe cost', async () => {
    const precise = await profileFixture('fixtures/primes/src/slow.ts', { env: { PROBEPROF_CLOCK: 'precise' } })
    const out = await ok(['report', precise.path])
    const { wallTime, overhead } = precise.report.meta
    const cost = Math.round(overhead!.calleeNsPerCall + overhead!.callerNsPerCall)
    expect(out).toContain(`   wall time ${f3(wallTime)} seconds; clock precise; probe cost ${cost} ns/call (`)
  })
})

describe('probeprof report --json', () => {
  it('prints the selected rows with their statistics, percalls and edges', async () => {
    const out = await ok(['report', path, '--json', '--sort', 'tottime', '--limit', '3'])
    const json = JSON.parse(out) as {
      totalCalls: number
      order: string
      reductions: { restriction: number; from: number; to: number }[]
      functions: { standardName: string; calls: number; tottime: number; percallTottime: number; callers: { standardName: string; calls: number }[] }[]
    }
    expect(json.totalCalls).toBe(report.meta.totalCalls)
    expect(json.order).toBe('internal time')
    expect(json.reductions).toEqual([{ restriction: 3, from: report.functions.length, to: 3 }])
    const top = report.functions.slice().sort((a, b) => b.tottime - a.tottime).slice(0, 3)
    expect(json.functions.map((fn) => fn.standardName)).toEqual(top.map(stdName))
    const first = json.functions[0]
    expect(first.calls).toBe(top[0].calls)
    expect(first.percallTottime).toBeCloseTo(top[0].tottime / top[0].calls, 12)
    const callers = report.edges.filter((e) => report.functions[e.callee] === top[0])
    expect(first.callers).toHaveLength(callers.length)
    for (const edge of callers) {
      expect(first.callers).toContainEqual(expect.objectContaining({ standardName: stdName(report.functions[edge.caller]), calls: edge.calls }))
    }
  })
})
