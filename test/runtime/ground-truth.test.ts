// Times against ground truth: a program whose functions spin on the clock for known durations (nested, recursive,
// across awaits) measures each spin itself; the report's tottime and cumtime must match those measurements.
// Spinning on the clock (not counting iterations) keeps the truth valid on a loaded machine: a preempted spin
// lasts longer in wall time, and the program measures that longer time.
import { beforeAll, describe, expect, it } from 'vitest'
import type { ProfileReport } from '@probeprof/runtime/report'
import { functionRow } from '../helpers/app.js'
import { buildPrograms, runProfiled, type BuiltPrograms } from './build-programs.js'

interface Tolerance {
  relative: number
  absoluteMs: number
}

/**
 * precise: the bound. fast: the same bound while the clock thread runs; on a loaded machine the OS
 * deschedules it for a time slice now and then, the clock stands still meanwhile, and the report says for how long
 * (meta.threadStall), which the test adds to the bound. sampled: a statistical estimate from samples every 100 µs,
 * each weighing the time that really elapsed, plus the time its thread was kept from running.
 */
const TOLERANCE: Record<string, Tolerance> = {
  precise: { relative: 0.05, absoluteMs: 0.5 },
  fast: { relative: 0.05, absoluteMs: 0.5 },
  sampled: { relative: 0.1, absoluteMs: 2 },
}

let built: BuiltPrograms
beforeAll(async () => {
  built = await buildPrograms(['spin'])
})

/** Helper-thread modes also allow the time their thread could not run, which the report states (meta.threadStall). */
function expectNear(actualS: number, truthMs: number, tolerance: Tolerance, what: string, stallS = 0): void {
  const allowedMs = Math.max(tolerance.relative * truthMs, tolerance.absoluteMs) + stallS * 1e3
  expect(Math.abs(actualS * 1e3 - truthMs), `${what}: ${(actualS * 1e3).toFixed(3)} ms vs truth ${truthMs.toFixed(3)} ms`).toBeLessThanOrEqual(allowedMs)
}

describe.each(Object.keys(TOLERANCE))('tottime and cumtime against spins of known duration, clock %s', (clock) => {
  let report: ProfileReport
  let truth: { own: Record<string, number>; cum: Record<string, number> }
  const tolerance = TOLERANCE[clock]
  let stall = 0

  beforeAll(() => {
    const run = runProfiled(built, 'spin', { PROBEPROF_CLOCK: clock })
    truth = JSON.parse(run.stdout) as typeof truth
    report = run.report
    expect(report.meta.clock).toBe(clock)
    // the helper-thread modes always say how long their thread stalled; precise has no helper thread
    expect(typeof report.meta.threadStall).toBe(clock === 'precise' ? 'undefined' : 'number')
    stall = report.meta.threadStall ?? 0
  })

  it('nested: outer → middle ×2 → inner', () => {
    for (const name of ['inner', 'middle', 'outer']) {
      expectNear(functionRow(report, name).tottime, truth.own[name], tolerance, `${name} tottime`, stall)
      expectNear(functionRow(report, name).cumtime, truth.cum[name], tolerance, `${name} cumtime`, stall)
    }
    // the truth itself has the shape of the program: spins of 12, 6 + 4 and 3 ms
    expect(truth.own.inner).toBeGreaterThanOrEqual(24)
    expect(truth.cum.outer).toBeGreaterThanOrEqual(truth.own.outer + truth.own.middle + truth.own.inner - 0.01)
  })

  it('recursive: cumtime counts the outermost activation only', () => {
    const countdown = functionRow(report, 'countdown')
    expect([countdown.calls, countdown.primitiveCalls]).toEqual([10, 1])
    expectNear(countdown.tottime, truth.own.countdown, tolerance, 'countdown tottime', stall)
    expectNear(countdown.cumtime, truth.cum.countdown, tolerance, 'countdown cumtime', stall)
    expect(truth.cum.countdown).toBeGreaterThanOrEqual(20)
  })

  it('across awaits: suspended time belongs to no one; latency covers it', () => {
    const fn = functionRow(report, 'acrossAwaits')
    expectNear(fn.tottime, truth.own.acrossAwaits, tolerance, 'acrossAwaits tottime', stall)
    expectNear(fn.cumtime, truth.cum.acrossAwaits, tolerance, 'acrossAwaits cumtime', stall)
    expect(truth.cum.acrossAwaits).toBeLessThan(fn.latency!.total * 1e3 - 39) // the 40 ms timer is in the latency only
    expect(fn.latency!.count).toBe(1)
  })
})
