// The report's text layout against python3's own pstats, fed the very same numbers: summary line, "Ordered
// by", restriction lines, header, right-aligned ncalls with total/primitive, %8.3f columns, callers/callees.
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { Stats, standardName } from 'probeprof'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ProfileReport } from '@probeprof/runtime/report'
import { buildApp, readReport, repoRoot, runNode, tempDir } from '../helpers/app.js'

interface Op {
  sort: string[]
  print: 'stats' | 'callers' | 'callees'
  restrictions: (number | string)[]
}

/** The same operations as ../shared/reference/primes.py, and more: prefixes, several keys, fractions. */
const OPS: Op[] = [
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
]

function oracle(report: ProfileReport, ops: Op[]): string[] {
  const stats = new Stats(report).sortStats('stdname') // insertion order = our final tie-breaker
  const input = {
    functions: stats.functions.map((fn) => ({
      file: fn.file,
      line: fn.line,
      name: fn.name,
      cc: fn.primitiveCalls,
      nc: fn.calls,
      tt: fn.tottime,
      ct: fn.cumtime,
      callers: stats.callersOf(fn).map((link) => ({
        file: link.other.file,
        line: link.other.line,
        name: link.other.name,
        nc: link.calls,
        cc: link.primitiveCalls,
        tt: link.tottime,
        ct: link.cumtime,
      })),
    })),
    ops,
  }
  const output = execFileSync('python3', [join(repoRoot, 'test/helpers/pstats_oracle.py')], { input: JSON.stringify(input), encoding: 'utf8' })
  return output.split('=== end ===\n').slice(0, ops.length)
}

/** Ours, without the header lines probeprof prints above the summary (pstats prints its file lines there). */
function ours(report: ProfileReport, op: Op): string {
  const stats = new Stats(report).sortStats(...op.sort)
  if (op.print === 'callers') return stats.formatCallers(...op.restrictions)
  if (op.print === 'callees') return stats.formatCallees(...op.restrictions)
  const text = stats.formatStats(...op.restrictions)
  return text.slice(text.indexOf('         ')) // from the summary line on
}

describe('cProfile layout, checked by python3 pstats', () => {
  let report: ProfileReport
  let expected: string[]

  beforeAll(async () => {
    const dir = tempDir('layout-')
    await buildApp({ entryPoints: [join(repoRoot, 'fixtures/primes/src/slow.ts')], outdir: dir, plugin: { enabled: true } })
    const out = join(dir, 'report.json')
    expect(runNode(join(dir, 'slow.mjs'), { env: { PROBEPROF_OUT: out } }).status).toBe(0)
    report = readReport(out)
    expected = oracle(report, OPS)
  })

  OPS.forEach((op, index) => {
    it(`sort_stats(${op.sort.join(', ')}).print_${op.print}(${op.restrictions.map((r) => JSON.stringify(r)).join(', ')})`, () => {
      expect(ours(report, op).split('\n')).toEqual(expected[index].split('\n'))
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
})
