import { describe, expect, it } from 'vitest'
import { collectUrl, measureClockStepMs, pageLoadId } from './collect.js'

/** A clock that reads `readsPerStep` times the same value, then advances by `stepMs`: a coarsened performance.now(). */
function steppedClock(stepMs: number, readsPerStep: number, startMs = 1000.05): () => number {
  let reads = 0
  return () => startMs + Math.floor(reads++ / readsPerStep) * stepMs
}

describe('measureClockStepMs', () => {
  it("finds a coarsened clock's step: 100 µs, 5 µs, 1 ms (as Chrome and Firefox coarsen performance.now())", () => {
    expect(measureClockStepMs(steppedClock(0.1, 37))).toBe(0.1)
    expect(measureClockStepMs(steppedClock(0.005, 3))).toBe(0.005)
    expect(measureClockStepMs(steppedClock(1, 1000))).toBe(1)
  })

  it('takes the smallest step when they vary, and gives up on a clock that never moves', () => {
    const readings = [5, 5, 5.3, 5.3, 5.4, 6, 6.2, 7, 8, 9, 10, 11, 12]
    let next = 0
    expect(measureClockStepMs(() => readings[Math.min(next++, readings.length - 1)])).toBe(0.1)
    let reads = 0
    expect(measureClockStepMs(() => (reads++, 42))).toBe(undefined) // a stubbed clock: a bounded number of reads
    expect(reads).toBeLessThanOrEqual(200_001)
    reads = 0
    const oneJump = () => (reads++ < 1000 ? 42 : 142) // moves once, past the spin budget: that step, and no more waiting
    expect(measureClockStepMs(oneJump)).toBe(100)
  })
})

describe('collectUrl', () => {
  it("adds the page load and the report's sequence number, to a path or to a URL with a query", () => {
    expect(collectUrl('/__probeprof', 'k1-ab', 3)).toBe('/__probeprof?load=k1-ab&seq=3')
    expect(collectUrl('http://127.0.0.1:8123/__probeprof?app=shop', 'k1-ab', 1)).toBe('http://127.0.0.1:8123/__probeprof?app=shop&load=k1-ab&seq=1')
  })

  it('page load ids differ and match what the collector accepts', () => {
    const ids = new Set(Array.from({ length: 100 }, () => pageLoadId()))
    expect(ids.size).toBe(100)
    for (const id of ids) expect(id).toMatch(/^[\w-]{1,64}$/)
  })
})
