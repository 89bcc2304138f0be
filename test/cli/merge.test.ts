// `probeprof merge`: several runs summed into one report that every command reads back.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ProfileReport } from '@probeprof/runtime/report'
import { readReport } from '../helpers/app.js'
import { runCli } from '../helpers/cli.js'
import { profileFixture } from '../helpers/reports.js'

let slow: { report: ProfileReport; path: string; dir: string }
let fast: { report: ProfileReport; path: string }

beforeAll(async () => {
  slow = await profileFixture('fixtures/primes/src/slow.ts')
  fast = await profileFixture('fixtures/primes/src/fast.ts')
})

describe('probeprof merge', () => {
  it('sums calls per function and per edge, keeps functions only one run had, and reads back', async () => {
    const out = join(slow.dir, 'all.json')
    const { status, stderr } = await runCli(['merge', slow.path, fast.path, slow.path, '-o', out])
    expect(status).toBe(0)
    expect(stderr).toMatch(/^probeprof: merged 3 reports \([\d,]+ calls in \d+ functions\) into .*all\.json\n$/)
    const merged = readReport(out)
    const calls = (report: ProfileReport, name: string) => report.functions.find((fn) => fn.name === name)?.calls ?? 0
    for (const name of ['guess', 'isPrime', 'isPrime2', 'fib']) {
      expect(calls(merged, name)).toBe(2 * calls(slow.report, name) + calls(fast.report, name))
    }
    expect(merged.meta.totalCalls).toBe(2 * slow.report.meta.totalCalls + fast.report.meta.totalCalls)
    expect(merged.meta.wallTime).toBeCloseTo(2 * slow.report.meta.wallTime + fast.report.meta.wallTime, 9)
    const isPrime = merged.functions.findIndex((fn) => fn.name === 'isPrime')
    expect(merged.edges.find((edge) => edge.callee === isPrime)!.calls).toBe(2 * calls(slow.report, 'isPrime'))
    const printed = await runCli(['report', out, '--filter', 'isPrime$'])
    expect(printed.status).toBe(0)
  })

  it('needs an output file, and writes nothing when a report is bad', async () => {
    expect((await runCli(['merge', slow.path])).stderr).toMatch(/^probeprof: error: merge needs -o OUT/)
    const out = join(slow.dir, 'never.json')
    const bad = await runCli(['merge', slow.path, join(slow.dir, 'missing.json'), '-o', out])
    expect(bad.status).toBe(2)
    expect(existsSync(out)).toBe(false)
  })
})
