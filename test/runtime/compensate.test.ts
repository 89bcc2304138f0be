// Overhead compensation (the runtime's `compensateReport`; `probeprof report --compensate` applies the same per-node
// arithmetic, `compensateSelf`, to loaded profiles through probeprof's `compensateProfile`): on a program made of
// tiny calls, subtracting the calibrated probe cost per call must bring reported times closer to the
// uninstrumented truth, measured by the same program built plain.
import { describe, expect, it } from 'vitest'
import { compensateReport } from '@probeprof/runtime/report'
import { functionRow, runNode } from '../helpers/app.js'
import { buildPrograms, runProfiled } from './build-programs.js'

describe('overhead compensation', () => {
  it('brings tiny functions and their callers closer to the uninstrumented truth', async () => {
    const built = await buildPrograms(['tiny-calls'])
    const plain = JSON.parse(runNode(built.plain('tiny-calls')).stdout) as { callerMs: number; runs: number }
    const { report } = runProfiled(built, 'tiny-calls', { PROBEPROF_CLOCK: 'precise' })
    const overhead = report.meta.overhead!
    expect(overhead.calleeNsPerCall).toBeGreaterThan(0)

    const compensated = compensateReport(report)
    // counts never change
    expect(compensated.functions.map((fn) => fn.calls)).toEqual(report.functions.map((fn) => fn.calls))
    expect(functionRow(compensated, 'tiny').calls).toBe(7 * 200_000)

    const truthCallerMs = plain.callerMs * plain.runs
    const rawError = Math.abs(functionRow(report, 'caller').cumtime * 1e3 - truthCallerMs)
    const compensatedError = Math.abs(functionRow(compensated, 'caller').cumtime * 1e3 - truthCallerMs)
    expect(compensatedError, `caller cumtime error: raw ${rawError.toFixed(2)} ms, compensated ${compensatedError.toFixed(2)} ms`).toBeLessThan(rawError)

    // tiny's own work is a few ns per call (all of caller's plain time is an upper bound); the rest is the probes
    const truthTinyMs = truthCallerMs
    const rawTiny = functionRow(report, 'tiny').tottime * 1e3
    const compensatedTiny = functionRow(compensated, 'tiny').tottime * 1e3
    expect(Math.abs(compensatedTiny - truthTinyMs)).toBeLessThan(Math.abs(rawTiny - truthTinyMs))
    expect(compensated.meta.totalTime).toBeLessThan(report.meta.totalTime)
  })

  it('leaves reports without a calibration as they are', async () => {
    const built = await buildPrograms(['tiny-calls'])
    const { report } = runProfiled(built, 'tiny-calls', { PROBEPROF_CLOCK: 'counts' })
    expect(report.meta.overhead).toBeNull()
    expect(compensateReport(report)).toBe(report)
  })
})
