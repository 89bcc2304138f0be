// `probeprof diff` on the primes app before and after the fix (isPrime → isPrime2): real reports of both.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { FunctionRecord, ProfileReport } from '@probeprof/runtime/report'
import { runCli, spawnCli } from '../helpers/cli.js'
import { profileFixture } from '../helpers/reports.js'

let slow: { report: ProfileReport; path: string }
let fast: { report: ProfileReport; path: string }
let moved: string

const byName = (report: ProfileReport, name: string, file = 'primes.ts') =>
  report.functions.find((fn) => fn.name === name && fn.file.endsWith(file)) as FunctionRecord

beforeAll(async () => {
  // clocked per call: these checks compare times, and the fast run (~10 ms) can get no sample on a busy machine
  slow = await profileFixture('fixtures/primes/src/slow.ts', { env: { PROBEPROF_CLOCK: 'precise' } })
  fast = await profileFixture('fixtures/primes/src/fast.ts', { env: { PROBEPROF_CLOCK: 'precise' } })
  // the same run with every line of primes.ts moved down by 3, as an edit above the functions would
  const shifted = structuredClone(fast.report)
  for (const fn of shifted.functions) if (fn.file.endsWith('primes.ts')) fn.line += 3
  moved = join(fast.path, '..', 'moved.json')
  writeFileSync(moved, JSON.stringify(shifted))
})

interface JsonDiff {
  base: { totalTime: number; wallTime: number; totalCalls: number }
  new: { totalTime: number; wallTime: number; totalCalls: number }
  speedup: number
  order: string
  functions: {
    file: string
    name: string
    line: number
    status: string
    base: { calls: number; tottime: number } | null
    new: { calls: number; tottime: number } | null
    change: { calls: number; tottime: number; cumtime: number }
  }[]
}

async function jsonDiff(args: string[]): Promise<JsonDiff> {
  const { status, stdout, stderr } = await runCli(['diff', ...args, '--json'])
  expect(stderr).toBe('')
  expect(status).toBe(0)
  return JSON.parse(stdout) as JsonDiff
}

describe('probeprof diff', () => {
  it('shows the bottleneck gone and its replacement appeared, with their calls', async () => {
    const diff = await jsonDiff([slow.path, fast.path])
    const isPrime = diff.functions.find((fn) => fn.name === 'isPrime')!
    const isPrime2 = diff.functions.find((fn) => fn.name === 'isPrime2')!
    expect(isPrime.status).toBe('disappeared')
    expect(isPrime.base!.calls).toBe(byName(slow.report, 'isPrime').calls)
    expect(isPrime.new).toBeNull()
    expect(isPrime.change.tottime).toBeCloseTo(-byName(slow.report, 'isPrime').tottime, 12)
    expect(isPrime2.status).toBe('appeared')
    expect(isPrime2.new!.calls).toBe(byName(fast.report, 'isPrime2').calls)
    // the same seed draws the same candidates: guess is called as often in both
    const guess = diff.functions.find((fn) => fn.name === 'guess')!
    expect(guess.status).toBe('changed')
    expect(guess.change.calls).toBe(0)
    expect(guess.change.tottime).toBeCloseTo(byName(fast.report, 'guess').tottime - byName(slow.report, 'guess').tottime, 12)
  })

  it('orders functions by the absolute change in tottime, the bottleneck first', async () => {
    const diff = await jsonDiff([slow.path, fast.path])
    const changes = diff.functions.map((fn) => Math.abs(fn.change.tottime))
    expect(changes).toEqual(changes.slice().sort((a, b) => b - a))
    expect(diff.functions[0].name).toBe('isPrime')
    expect(diff.order).toBe('absolute change in internal time')
    const byCalls = await jsonDiff([slow.path, fast.path, '--sort', 'calls'])
    expect(byCalls.order).toBe('absolute change in call count')
  })

  it('prints the totals before and after and the speed-up factor', async () => {
    const { status, stdout } = await runCli(['diff', slow.path, fast.path])
    expect(status).toBe(0)
    const before = slow.report.meta.totalTime
    const after = fast.report.meta.totalTime
    expect(stdout).toContain(
      `         total time ${before.toFixed(3)} seconds -> ${after.toFixed(3)} seconds: ${(before / after).toFixed(2)}x faster (-${((100 * (before - after)) / before).toFixed(1)}%); wall time `,
    )
    expect(stdout).toMatch(new RegExp(`^ +690 +- +${byName(slow.report, 'isPrime').tottime.toFixed(3)} +- +-[\\d.]+ .*primes\\.ts:12\\(isPrime\\)  \\(disappeared\\)$`, 'm'))
    expect(stdout).toMatch(/^ +- +690 .*primes\.ts:22\(isPrime2\)  \(appeared\)$/m)
    expect(stdout).toContain(`   base: ${slow.path}: ${slow.report.meta.totalCalls} function calls`)
  })

  it('matches functions by file and name when lines move', async () => {
    const diff = await jsonDiff([fast.path, moved])
    expect(diff.functions.every((fn) => fn.status === 'changed')).toBe(true)
    expect(diff.functions.every((fn) => fn.change.calls === 0 && fn.change.tottime === 0)).toBe(true)
    expect(diff.functions.find((fn) => fn.name === 'isPrime2')!.line).toBe(byName(fast.report, 'isPrime2').line + 3)
  })

  it('applies --limit and --filter to the rows, with pstats\' reduction lines', async () => {
    const { stdout } = await runCli(['diff', slow.path, fast.path, '--filter', 'random', '--limit', '1'])
    const randomFunctions = new Set([...slow.report.functions, ...fast.report.functions].filter((fn) => fn.file.endsWith('random.ts')).map((fn) => fn.name)).size
    expect(stdout).toContain(`due to restriction <'random'>\n   List reduced from ${randomFunctions} to 1 due to restriction <1>\n`)
  })

  it('--fail-above exits 1 when the total time grew by more than the limit, 0 otherwise', () => {
    const worse = spawnCli(['diff', fast.path, slow.path, '--fail-above', '5%'])
    expect(worse.status).toBe(1)
    expect(worse.stderr).toMatch(/^probeprof: total time grew \d+\.\d%, more than the 5% --fail-above allows\n$/)
    const better = spawnCli(['diff', slow.path, fast.path, '--fail-above', '5'])
    expect(better.status).toBe(0)
    expect(better.stderr).toBe('')
  })

  it('says when a sampled run has too few samples to compare, and --fail-above refuses to judge it (exit 2)', async () => {
    // 100 ms between samples: the fast run's ~10 ms of work gets at most a sample or two, well under 10
    const sampled = await profileFixture('fixtures/primes/src/fast.ts', { env: { PROBEPROF_CLOCK: 'sampled', PROBEPROF_SAMPLE_US: '100000' } })
    const samples = Math.round(sampled.report.functions.reduce((sum, fn) => sum + fn.tottime, 0) / 0.1)
    expect(samples).toBeLessThan(10)
    const plural = samples === 1 ? 'sample' : 'samples'
    const { status, stdout } = await runCli(['diff', slow.path, sampled.path])
    expect(status).toBe(0)
    expect(stdout).toContain(
      `         times too thin to compare: the new run's total time rests on ${samples} ${plural} (100.0 ms apart), and a comparison needs 10: profile longer runs, or record both with PROBEPROF_CLOCK=precise\n`,
    )
    const json = await jsonDiff([slow.path, sampled.path])
    expect(json.new).toMatchObject({ sampling: { samples, interval: 0.1, enough: false } })
    expect(json.base).toMatchObject({ sampling: null })
    const gate = spawnCli(['diff', slow.path, sampled.path, '--fail-above', '5%'])
    expect(gate.status).toBe(2)
    expect(gate.stderr).toBe(`probeprof: error: --fail-above cannot judge these runs: the new run's total time rests on ${samples} ${plural} (100.0 ms apart), and a comparison needs 10: profile longer runs, or record both with PROBEPROF_CLOCK=precise\n`)
    // clocked per call, the same comparison is drawn: no note
    expect((await runCli(['diff', slow.path, fast.path])).stdout).not.toContain('too thin')
  })

  it('needs exactly two reports', async () => {
    const { status, stderr } = await runCli(['diff', slow.path])
    expect(status).toBe(2)
    expect(stderr).toMatch(/^probeprof: error: diff needs exactly two reports, the base and the new one \(got 1\)/)
  })
})
