import { describe, expect, it } from 'vitest'
import { diffProfiles } from './diff.js'
import type { FunctionStats, ProfileData } from './model.js'

function fn(name: string, line: number, calls: number, tottime: number, file = 'src/a.ts'): FunctionStats {
  return { file, line, column: 0, name, calls, primitiveCalls: calls, tottime, cumtime: tottime, resumes: 0, latency: null }
}

function profile(...functions: FunctionStats[]): ProfileData {
  return {
    functions,
    edges: [],
    tree: { fn: [-1], parent: [-1], calls: [0], self: [0] },
    sources: [{ path: null, startedAt: '', wallTime: 1, clock: 'precise', overhead: null, truncatedCalls: 0, openFrames: 0, compensated: null, host: { runtime: 'node', version: '' } }],
  }
}

describe('diffProfiles', () => {
  it('pairs same-named functions of a file in line order when both sides have as many', () => {
    const base = profile(fn('<anonymous>', 10, 1, 0.1), fn('<anonymous>', 20, 2, 0.2))
    const next = profile(fn('<anonymous>', 14, 1, 0.1), fn('<anonymous>', 24, 2, 0.3))
    const { functions } = diffProfiles(base, next)
    expect(functions.map((f) => [f.base?.line, f.new?.line, f.status])).toEqual([
      [20, 24, 'changed'],
      [10, 14, 'changed'],
    ])
    expect(functions[0].change.tottime).toBeCloseTo(0.1, 12)
  })

  it('pairs the closest lines first when one side has more, the rest appeared', () => {
    const base = profile(fn('<anonymous>', 10, 1, 0.1), fn('<anonymous>', 50, 1, 0.1))
    const next = profile(fn('<anonymous>', 11, 1, 0.1), fn('<anonymous>', 30, 1, 0.5), fn('<anonymous>', 52, 1, 0.1))
    const pairs = diffProfiles(base, next).functions.map((f) => [f.base?.line ?? null, f.new?.line ?? null, f.status])
    expect(pairs).toContainEqual([10, 11, 'changed'])
    expect(pairs).toContainEqual([50, 52, 'changed'])
    expect(pairs).toContainEqual([null, 30, 'appeared'])
  })

  it('never pairs functions of different files', () => {
    const { functions } = diffProfiles(profile(fn('run', 1, 1, 0.1, 'a.ts')), profile(fn('run', 1, 1, 0.1, 'b.ts')))
    expect(functions.map((f) => f.status).sort()).toEqual(['appeared', 'disappeared'])
  })

  it('computes the speed-up from the totals, and null when nothing is left to divide by', () => {
    expect(diffProfiles(profile(fn('f', 1, 1, 0.3)), profile(fn('f', 1, 1, 0.1))).speedup).toBeCloseTo(3, 12)
    expect(diffProfiles(profile(fn('f', 1, 1, 0.3)), profile()).speedup).toBeNull()
  })
})
