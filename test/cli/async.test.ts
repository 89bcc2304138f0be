// `probeprof report --async` on a real async program with known waits: each call counted once, resumes
// counted separately, wall latency from invocation to settlement next to the time actually spent running.
import { beforeAll, describe, expect, it } from 'vitest'
import type { ProfileReport } from '@probeprof/runtime/report'
import { runCli } from '../helpers/cli.js'
import { profileFixture } from '../helpers/reports.js'

const WAIT_MS = 20 // as in fixtures/async-waits.ts
const TIMER_SLACK_MS = 1 // Node may fire a timer up to 1 ms early (it rounds the start time)

let report: ProfileReport
let path: string

beforeAll(async () => {
  const run = await profileFixture('test/cli/fixtures/async-waits.ts')
  expect(run.stdout).toBe('results 2 4, sum 6\n')
  report = run.report
  path = run.path
})

function asyncRows(text: string) {
  const lines = text.split('\n')
  const start = lines.findIndex((line) => line.startsWith('   ncalls  settled'))
  const rows = new Map<string, string[]>()
  for (const line of lines.slice(start + 1)) {
    if (line === '') break
    const name = line.slice(line.lastIndexOf(' ') + 1)
    rows.set(name.replace(/^.*\(/, '').replace(/\)$/, ''), [line.slice(0, 9), ...[0, 1, 2, 3, 4, 5].map((i) => line.slice(10 + 9 * i, 18 + 9 * i))].map((cell) => cell.trim()))
  }
  return rows
}

describe('probeprof report --async', () => {
  it('counts each async call once and its resumes separately, with latency spanning the awaits', async () => {
    const { status, stdout } = await runCli(['report', path, '--async', '--unit', 'ms'])
    expect(status).toBe(0)
    expect(stdout).toContain('   Ordered by: wall latency\n')
    expect(stdout).toContain('   ncalls  settled  resumes  latency  percall      max  cumtime filename:lineno(function)\n')
    const request = asyncRows(stdout).get('request')!
    const [ncalls, settled, resumes, latency, percall, max, cumtime] = request
    expect([ncalls, settled, resumes]).toEqual(['2', '2', '6']) // 2 calls × 3 awaits
    expect(Number(latency)).toBeGreaterThanOrEqual(2 * 3 * (WAIT_MS - TIMER_SLACK_MS))
    expect(Number(percall)).toBeCloseTo(Number(latency) / 2, 2)
    expect(Number(max)).toBeGreaterThanOrEqual(3 * (WAIT_MS - TIMER_SLACK_MS))
    // suspended time belongs to no one: the time it ran is a small part of the time it took
    expect(Number(cumtime)).toBeLessThan(Number(latency) / 4)
  })

  it('shows generators with their resumes and no latency', async () => {
    const { stdout } = await runCli(['report', path, '--async'])
    const [ncalls, settled, resumes, latency] = asyncRows(stdout).get('numbers')!
    expect([ncalls, settled, resumes, latency]).toEqual(['1', '', '4', '']) // 4 values: resumed after each yield
  })

  it('lists only async functions and generators, the longest total wait first', async () => {
    const { stdout } = await runCli(['report', path, '--async', '--json'])
    const json = JSON.parse(stdout) as { order: string; functions: { name: string; latency: { count: number; total: number; max: number } | null; resumes: number }[] }
    expect(json.order).toBe('wall latency')
    const names = json.functions.map((fn) => fn.name)
    expect(names).not.toContain('sleep')
    expect(new Set(names)).toEqual(new Set(['request', 'main', '<module>', 'numbers']))
    const totals = json.functions.map((fn) => fn.latency?.total ?? -1)
    expect(totals).toEqual(totals.slice().sort((a, b) => b - a))
    const request = report.functions.find((fn) => fn.name === 'request')!
    expect(json.functions.find((fn) => fn.name === 'request')!.latency).toEqual(request.latency)
  })
})
