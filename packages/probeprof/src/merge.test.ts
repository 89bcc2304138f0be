// pstats' add(): merging is summing per function and per edge; it must not depend on grouping or order.
import { describe, expect, it } from 'vitest'
import { mergeProfiles } from './merge.js'
import { functionKey, type ProfileData } from './model.js'

function run(seed: number, names: string[]): ProfileData {
  // a chain root → names[0] → names[1] → …, with numbers that depend on the seed
  const functions = names.map((name, i) => ({
    file: 'src/app.ts',
    line: 10 * (name.charCodeAt(0) - 96),
    column: 2,
    name,
    calls: seed + i,
    primitiveCalls: seed,
    tottime: seed * 0.001 * (i + 1),
    cumtime: seed * 0.01,
    resumes: i,
    latency: i === 0 ? { count: seed, total: seed * 0.5, max: seed * 0.1 } : null,
  }))
  const edges = names.slice(1).map((_, i) => ({ caller: i, callee: i + 1, calls: seed + i, primitiveCalls: seed, tottime: 0.001 * seed, cumtime: 0.002 * seed }))
  const tree = { fn: [-1, ...names.map((_, i) => i)], parent: [-1, ...names.map((_, i) => i)], calls: [0, ...names.map((_, i) => seed + i)], self: [0, ...names.map(() => seed * 0.001)] }
  return {
    functions,
    edges,
    tree,
    sources: [{ path: `run${seed}.json`, startedAt: '', wallTime: seed, clock: 'precise', overhead: null, truncatedCalls: 0, openFrames: 0, compensated: null, host: { runtime: 'node', version: '' } }],
  }
}

/** A merged profile as an order-free value: functions, edges and tree paths keyed by identity, not index. */
function canonical(profile: ProfileData) {
  const key = (index: number) => (index < 0 ? String(index) : functionKey(profile.functions[index]))
  const path = (node: number): string => (node <= 0 ? '' : `${path(profile.tree.parent[node])}/${key(profile.tree.fn[node])}`)
  const round = (value: number) => Math.round(value * 1e9) / 1e9
  return {
    functions: Object.fromEntries(profile.functions.map((fn) => [functionKey(fn), { ...fn, tottime: round(fn.tottime), cumtime: round(fn.cumtime) }])),
    edges: Object.fromEntries(profile.edges.map((e) => [`${key(e.caller)}→${key(e.callee)}`, [e.calls, e.primitiveCalls, round(e.tottime), round(e.cumtime)]])),
    tree: Object.fromEntries(profile.tree.fn.map((_, node) => [path(node), [profile.tree.calls[node], round(profile.tree.self[node])]])),
    wallTime: profile.sources.reduce((sum, source) => sum + source.wallTime, 0),
  }
}

describe('mergeProfiles', () => {
  const a = run(1, ['a', 'b', 'c'])
  const b = run(2, ['b', 'c', 'd'])
  const c = run(3, ['a', 'd'])

  it('sums counts, times, latency and edges of the same function', () => {
    const merged = canonical(mergeProfiles(a, a))
    const once = canonical(a)
    for (const [k, fn] of Object.entries(once.functions)) {
      expect(merged.functions[k].calls).toBe(2 * fn.calls)
      expect(merged.functions[k].tottime).toBeCloseTo(2 * fn.tottime, 9)
    }
    expect(merged.functions[functionKey(a.functions[0])].latency).toEqual({ count: 2, total: 1, max: 0.1 })
    for (const [k, edge] of Object.entries(once.edges)) expect(merged.edges[k][0]).toBe(2 * (edge[0] as number))
  })

  it('is commutative: add(a, b) == add(b, a)', () => {
    expect(canonical(mergeProfiles(a, b))).toEqual(canonical(mergeProfiles(b, a)))
  })

  it('is associative: add(add(a, b), c) == add(a, add(b, c))', () => {
    expect(canonical(mergeProfiles(mergeProfiles(a, b), c))).toEqual(canonical(mergeProfiles(a, mergeProfiles(b, c))))
  })
})
