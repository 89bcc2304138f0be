import { describe, expect, it } from 'vitest'
import { compensateProfile, compensateTree } from './compensate.js'
import type { ProfileData } from './model.js'

const overhead = { calleeNsPerCall: 1000, callerNsPerCall: 500 }

/** root → main (1 call) → work (10 calls) → leaf (100 calls), and work → work (5 recursive calls) */
function profile(): ProfileData {
  const fn = (name: string, line: number) => ({ file: 'a.ts', line, column: 0, name, calls: 0, primitiveCalls: 0, tottime: 0, cumtime: 0, resumes: 0, latency: null })
  return {
    functions: [fn('main', 1), fn('work', 5), fn('leaf', 9)],
    edges: [],
    tree: {
      fn: [-1, 0, 1, 2, 1],
      parent: [-1, 0, 1, 2, 2],
      calls: [0, 1, 10, 100, 5],
      self: [0.002, 0.01, 0.005, 0.0002, 0.000001],
    },
    sources: [{ path: null, startedAt: '', wallTime: 1, clock: 'precise', overhead, truncatedCalls: 0, openFrames: 0, compensated: null, host: { runtime: 'node', version: '' } }],
  }
}

describe('compensation of the probes\' cost', () => {
  it('takes calls × callee cost and child calls × caller cost off every node, never below zero', () => {
    const self = compensateTree(profile().tree, overhead).self
    expect(self[0]).toBeCloseTo(0.002 - 1 * 500e-9, 15) // root: the caller side of main's call
    expect(self[1]).toBeCloseTo(0.01 - 1 * 1000e-9 - 10 * 500e-9, 15)
    expect(self[2]).toBeCloseTo(0.005 - 10 * 1000e-9 - (100 + 5) * 500e-9, 15)
    expect(self[3]).toBeCloseTo(0.0002 - 100 * 1000e-9, 15)
    expect(self[4]).toBe(0) // 1 µs measured, 5 µs estimated: clamped
  })

  it('derives the statistics again from the corrected tree: counts kept, recursion counted once', () => {
    const compensated = compensateProfile(profile())
    const [main, work, leaf] = compensated.functions
    const self = compensateTree(profile().tree, overhead).self
    expect(work.tottime).toBeCloseTo(self[2] + self[4], 15)
    expect(work.cumtime).toBeCloseTo(self[2] + self[3] + self[4], 15) // outermost activation only
    expect(main.cumtime).toBeCloseTo(self[1] + self[2] + self[3] + self[4], 15)
    expect(leaf.tottime).toBeCloseTo(self[3], 15)
    expect(compensated.edges.find((e) => e.caller === 1 && e.callee === 1)).toMatchObject({ calls: 5, primitiveCalls: 5 })
    const subtracted = profile().tree.self.reduce((a, b) => a + b, 0) - self.reduce((a, b) => a + b, 0)
    expect(compensated.sources[0].compensated).toBeCloseTo(subtracted, 15)
  })

  it('leaves a report without calibration (clock counts) and an already compensated one alone', () => {
    const counts = profile()
    counts.sources[0].overhead = null
    expect(compensateProfile(counts)).toBe(counts)
    const once = compensateProfile(profile())
    expect(compensateProfile(once)).toBe(once)
  })
})
