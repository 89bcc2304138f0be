import { describe, expect, it } from 'vitest'
import { compensateSelf, deriveStats, rerootedTree } from './derive.js'

// root → a (2 calls) → b (10 calls); a → c (1 call). Own times in seconds.
const tree = {
  fn: [-1, 0, 1, 2],
  parent: [-1, 0, 1, 1],
  calls: [0, 2, 10, 1],
  self: [0, 0.001, 0.002, 0.0005],
}

describe('compensateSelf', () => {
  it('takes the callee cost per call from each node and the caller cost per call made from its parent', () => {
    const self = compensateSelf(tree, { calleeNsPerCall: 50_000, callerNsPerCall: 20_000 }) // 50 µs, 20 µs
    expect(self[1]).toBeCloseTo(0.001 - 2 * 50e-6 - (10 + 1) * 20e-6, 12)
    expect(self[2]).toBeCloseTo(0.002 - 10 * 50e-6, 12)
    expect(self[3]).toBeCloseTo(0.0005 - 1 * 50e-6, 12)
    expect(self[0]).toBe(0) // the root's calls to a: 2 × 20 µs would go negative, clamped
  })

  it('clamps at zero: a negative own time is never closer to the truth', () => {
    const self = compensateSelf(tree, { calleeNsPerCall: 1e6, callerNsPerCall: 0 })
    expect([...self]).toEqual([0, 0, 0, 0])
  })

  it('feeds deriveStats like any tree', () => {
    const derived = deriveStats({ ...tree, self: compensateSelf(tree, { calleeNsPerCall: 0, callerNsPerCall: 0 }) }, 3)
    expect(derived.functions.cumtime[0]).toBeCloseTo(0.0035, 12)
  })
})

describe('rerootedTree', () => {
  // root → r (fn 5, 3 calls) → a → b, and root → r again (a second report's node) → b; root → x (not a root).
  const routed = {
    fn: [-1, 5, 0, 1, 9, 5, 1],
    parent: [-1, 0, 1, 2, 0, 0, 5],
    calls: [0, 3, 4, 6, 7, 2, 1],
    self: [0.5, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06],
  }

  it('keeps each root as a child of the new root, its subtree below it in index order', () => {
    expect(rerootedTree(routed, [1], { keepRoots: true })).toEqual({
      fn: [-1, 5, 0, 1],
      parent: [-1, 0, 1, 2],
      calls: [0, 3, 4, 6],
      self: [0, 0.01, 0.02, 0.03],
    })
  })

  it('folds the roots into the new root, their calls and own times added, the subtrees one after another', () => {
    expect(rerootedTree(routed, [1, 5], { keepRoots: false })).toEqual({
      fn: [-1, 0, 1, 1],
      parent: [-1, 0, 1, 0],
      calls: [5, 4, 6, 1],
      self: [0.01 + 0.05, 0.02, 0.03, 0.06],
    })
  })

  it('gives a bare root for no roots', () => {
    expect(rerootedTree(routed, [], { keepRoots: false })).toEqual({ fn: [-1], parent: [-1], calls: [0], self: [0] })
  })
})
