// The report's text layout against python3's own pstats, fed the very same numbers: summary line, "Ordered
// by", restriction lines, header, right-aligned ncalls with total/primitive, %8.3f columns, callers/callees,
// blank percall columns, widths that overflow, and the interactive browser's transcript.
import { Stats, standardName, type ProfileData } from 'probeprof'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ProfileReport } from '@probeprof/runtime/report'
import { readReport } from '../helpers/app.js'
import { runCli } from '../helpers/cli.js'
import { recordPrimes } from '../export/primes-run.js'
import { pstatsOracle, type PrintOp } from '../helpers/pstats-oracle.js'

/** The same operations as ../shared/reference/primes.py, and more: prefixes, several keys, fractions. */
const OPS: PrintOp[] = [
  { sort: ['stdname'], print: 'stats', restrictions: [] },
  { sort: ['cumulative'], print: 'stats', restrictions: [5] },
  { sort: ['tottime'], print: 'stats', restrictions: ['fib|Prime'] },
  { sort: ['calls', 'name'], print: 'stats', restrictions: ['primes\\.ts', 0.5] },
  { sort: ['pcalls'], print: 'stats', restrictions: [3, 'guess'] },
  { sort: ['nfl'], print: 'stats', restrictions: [] },
  { sort: ['line'], print: 'stats', restrictions: [0.3] },
  { sort: ['tottime'], print: 'callers', restrictions: ['isPrime|fib'] },
  { sort: ['tottime'], print: 'callees', restrictions: ['findPrimes|fib'] },
  { sort: ['cumulative'], print: 'callers', restrictions: [] },
  { sort: ['cumulative'], print: 'callees', restrictions: [] },
  { sort: ['time'], print: 'stats', restrictions: ['no such function'] },
  { sort: ['cumulative'], reverse: true, print: 'stats', restrictions: [4] },
  { sort: ['filename', 'line'], strip: true, print: 'stats', restrictions: [] },
  { sort: ['module'], strip: true, print: 'callees', restrictions: ['random'] },
  { sort: ['cu'], print: 'stats', restrictions: [0.9, 'primes', 2] },
  { sort: ['ncalls', 'tot'], print: 'callers', restrictions: [2] },
  { sort: [2], print: 'stats', restrictions: [] },
  { sort: ['stdname'], print: 'stats', restrictions: [100, 0] },
]

/** Ours, without the header lines probeprof prints above the summary (pstats prints its file lines there). */
function ours(stats: Stats, op: PrintOp): string {
  if (op.strip) stats.stripDirs()
  stats.sortStats(...op.sort)
  if (op.reverse) stats.reverseOrder()
  if (op.print === 'callers') return stats.formatCallers(...op.restrictions)
  if (op.print === 'callees') return stats.formatCallees(...op.restrictions)
  const text = stats.formatStats(...op.restrictions)
  return text.slice(text.indexOf('         ')) // from the summary line on
}

const describeOp = (op: PrintOp) =>
  `${op.strip ? 'strip_dirs().' : ''}sort_stats(${op.sort.join(', ')}).${op.reverse ? 'reverse_order().' : ''}print_${op.print}(${op.restrictions.map((r) => JSON.stringify(r)).join(', ')})`

describe('cProfile layout, checked by python3 pstats', () => {
  let report: ProfileReport
  let reportPath: string
  let expected: string[]

  beforeAll(async () => {
    // precise (recordPrimes' clock): every row has a measured time and the header its calibrated probe cost
    reportPath = (await recordPrimes()).report
    report = readReport(reportPath)
    expected = pstatsOracle(new Stats(report).sortStats('stdname'), OPS) // insertion order = our final tie-breaker
  })

  OPS.forEach((op, index) => {
    it(describeOp(op), () => {
      expect(ours(new Stats(report), op).split('\n')).toEqual(expected[index].split('\n'))
    })
  })

  it('the oracle sees total/primitive recursion (the comparison covers it)', () => {
    expect(expected[0]).toMatch(/^ +1973\/1 .*\(fib\)$/m)
    expect(expected[7]).toMatch(/<- +1972\/2 /)
  })

  it('prints pstats-style header lines above the summary: the file, wall time, clock and probe cost', () => {
    const text = new Stats().add(report).formatStats()
    const [first, blank, summary] = text.split('\n')
    expect(first).toMatch(/^ {3}wall time \d+\.\d{3} seconds; clock precise; probe cost \d+ ns\/call \(\d+ in callee, \d+ in caller\)$/)
    expect(blank).toBe('')
    expect(summary).toMatch(/^ {9}\d+ function calls \(\d+ primitive calls\) in \d+\.\d{3} seconds$/)
    expect(standardName(report.functions[0])).toMatch(/^fixtures\/primes\/src\/\w+\.ts:\d+\(.+\)$/)
  })

  it('`probeprof browse` prints what `python -m pstats` prints for the same commands', async () => {
    const commands = [
      'sort cumulative',
      'stats 5',
      'sort tottime name',
      'callers isPrime|fib',
      'callees 0.5',
      'reverse',
      'stats fib 2.0 0.9',
      'sort bogus',
      'help stats',
      'help callers',
      'bogus command',
      'read',
      'sort calls',
      'stats 3',
      'strip',
      'sort line',
      'callees primes',
      'quit',
    ]
    const [python] = pstatsOracle(new Stats(report).sortStats('stdname'), [{ browse: commands, file: 'report.prof' }])
    const { status, stdout } = await runCli(['browse', reportPath], { stdin: commands.join('\n') + '\n' })
    expect(status).toBe(0)
    // the prompt names the file; print_stats starts with the file's line (ours adds the wall-time line)
    const normalize = (text: string, file: string) =>
      text
        .replaceAll(`${file}% `, 'FILE% ')
        .replace(/(^|FILE% )[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4} {4}\S+\n(?: {3}wall time .*\n)?\n/gm, '$1')
    expect(normalize(stdout, reportPath).split('\n')).toEqual(normalize(python, 'report.prof').split('\n'))
  })
})

/**
 * Numbers no real run gives but the layout must survive: a function never called and one only called
 * recursively (blank percall columns), counts wider than their column, times wider than %8.3f, rounding ties,
 * names beyond the Basic Multilingual Plane, a function with no callers, several callers in file order.
 */
function syntheticProfile(): ProfileData {
  const fn = (file: string, line: number, name: string, calls: number, primitiveCalls: number, tottime: number, cumtime: number) => ({
    file,
    line,
    column: 0,
    name,
    calls,
    primitiveCalls,
    tottime,
    cumtime,
    resumes: 0,
    latency: null,
  })
  const edge = (caller: number, callee: number, calls: number, primitiveCalls: number, tottime: number, cumtime: number) => ({
    caller,
    callee,
    calls,
    primitiveCalls,
    tottime,
    cumtime,
  })
  return {
    functions: [
      fn('src/app.ts', 1, '<module>', 1, 1, 0.0625, 12345.6789),
      fn('src/app.ts', 3, 'recurse', 12345678, 1, 1.0005, 0.0025),
      fn('src/app.ts', 20, 'never', 0, 0, 0, 0),
      fn('src/app.ts', 7, 'onlyRecursive', 5, 0, 0.5, 0),
      fn('lib/𝑓.ts', 2, '𝑓', 3, 3, 0.0015, 0.0035),
      fn('src/app.ts', 40, 'café', 2, 2, 2.5, 3.5),
      fn('src/very/long/path/to/some/module/file.ts', 100, 'Deep.method', 7, 7, 123.4565, 999.9995),
    ],
    edges: [
      edge(5, 1, 1, 1, 0.0005, 0.0025),
      edge(1, 1, 12345677, 1, 1.0, 0.0025),
      edge(0, 4, 1, 1, 0.0005, 0.0015),
      edge(5, 4, 1, 1, 0.0005, 0.001),
      edge(6, 4, 1, 1, 0.0005, 0.001),
      edge(0, 5, 2, 2, 2.5, 3.5),
      edge(0, 6, 7, 7, 123.4565, 999.9995),
    ],
    tree: { fn: [-1], parent: [-1], calls: [0], self: [0] },
    sources: [],
  }
}

const SYNTHETIC_OPS: PrintOp[] = [
  { sort: ['stdname'], print: 'stats', restrictions: [] },
  { sort: ['calls'], print: 'stats', restrictions: [] },
  { sort: ['cumulative'], print: 'stats', restrictions: ['app'] },
  { sort: ['stdname'], print: 'callers', restrictions: [] },
  { sort: ['stdname'], print: 'callees', restrictions: [] },
  { sort: ['time'], print: 'callers', restrictions: ['𝑓|recurse|onlyRecursive'] },
  { sort: ['name'], print: 'callees', restrictions: ['module|recurse'] },
  { sort: ['stdname'], strip: true, print: 'callers', restrictions: [] },
]

describe('cProfile layout at the edges, checked by python3 pstats', () => {
  const expected = pstatsOracle(new Stats(syntheticProfile()).sortStats('stdname'), SYNTHETIC_OPS)

  SYNTHETIC_OPS.forEach((op, index) => {
    it(describeOp(op), () => {
      expect(ours(new Stats(syntheticProfile()), op).split('\n')).toEqual(expected[index].split('\n'))
    })
  })

  it('the oracle leaves percall blank when a divisor is 0 and lets wide counts shift the row', () => {
    expect(expected[0]).toContain('        0    0.000             0.000          src/app.ts:20(never)\n')
    expect(expected[0]).toContain('      5/0    0.500    0.100    0.000          src/app.ts:7(onlyRecursive)\n')
    expect(expected[0]).toMatch(/^12345678\/1 /m)
    expect(expected[3]).toMatch(/<- 12345677\/1 /)
    expect(expected[3]).toMatch(/\(onlyRecursive\) +<- \n/)
  })
})
