// The report library as a program uses it: `import { Stats, loadReport } from 'probeprof'`.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { loadReport, ProbeprofError, Stats, SortKey, type StatsRow } from 'probeprof'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ProfileReport } from '@probeprof/runtime/report'
import { profileFixture } from './helpers/reports.js'

let report: ProfileReport
let path: string
let dir: string

beforeAll(async () => {
  const run = await profileFixture('fixtures/primes/src/slow.ts')
  report = run.report
  path = run.path
  dir = run.dir
})

function capture(stats: Stats): () => string {
  let text = ''
  stats.stream = { write: (chunk: string) => (text += chunk) }
  return () => text
}

describe('probeprof library', () => {
  it('chains like pstats: new Stats(file).stripDirs().sortStats(...).printStats(n).printCallers(re)', () => {
    const stats = new Stats(path)
    const printed = capture(stats)
    const same = stats.stripDirs().sortStats(SortKey.TIME).printStats(3).printCallers('isPrime')
    expect(same).toBe(stats)
    expect(printed()).toContain('   Ordered by: internal time\n   List reduced from 10 to 3 due to restriction <3>\n')
    expect(printed()).toMatch(/^primes\.ts:12\(isPrime\) +<- +690 /m)
  })

  it('gives typed rows with pstats\' percall columns and each row\'s edges', () => {
    const rows: StatsRow[] = new Stats(path).sortStats('calls').rows(3)
    expect(rows).toHaveLength(3)
    const fib = new Stats(path).rows('\\(fib\\)')[0]
    const expected = report.functions.find((fn) => fn.name === 'fib')!
    expect(fib).toMatchObject({ name: 'fib', calls: expected.calls, primitiveCalls: 1, standardName: `${expected.file}:${expected.line}(fib)` })
    expect(fib.percallTottime).toBeCloseTo(expected.tottime / expected.calls, 12)
    expect(fib.percallCumtime).toBeCloseTo(expected.cumtime / 1, 12)
    expect(fib.callers.map((edge) => edge.name).sort()).toEqual(['<module>', 'fib'])
    expect(fib.callees).toEqual([expect.objectContaining({ name: 'fib', calls: expected.calls - 1, primitiveCalls: 2 })])
  })

  it('adds reports, Stats and loaded profiles alike, and reverses orders', () => {
    const stats = new Stats(path).add(new Stats(path), loadReport(path), report)
    expect(stats.totalCalls).toBe(4 * report.meta.totalCalls)
    expect(stats.wallTime).toBeCloseTo(4 * report.meta.wallTime, 9)
    const forward = stats.sortStats('stdname').functions.map((fn) => fn.name)
    expect(stats.reverseOrder().functions.map((fn) => fn.name)).toEqual(forward.slice().reverse())
  })

  it('dumps a merged profile that reads back with the same numbers, atomically', () => {
    const merged = join(dir, 'merged.json')
    const stats = new Stats(path, path)
    stats.dump(merged)
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([])
    const back = new Stats(merged)
    expect(back.totalCalls).toBe(stats.totalCalls)
    expect(back.rows().map(({ standardName, calls, tottime, callers }) => ({ standardName, calls, tottime, callers }))).toEqual(
      stats.rows().map(({ standardName, calls, tottime, callers }) => ({ standardName, calls, tottime, callers })),
    )
  })

  it('refuses what it cannot read with a ProbeprofError, never a crash', () => {
    expect(() => new Stats(join(dir, 'missing.json'))).toThrow(ProbeprofError)
    expect(() => new Stats(42 as unknown as string)).toThrow(ProbeprofError)
    expect(() => new Stats(path).dump(join(dir, 'no/such/dir/out.json'))).toThrow(/^cannot write '.*out\.json': /)
  })
})
