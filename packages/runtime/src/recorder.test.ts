// The recorder driven directly with a manual clock, compared with an independent transcription of lsprof
// (test/helpers/lsprof-model.ts): the calling-context tree plus derive.ts must give cProfile's numbers exactly.
import { describe, expect, it } from 'vitest'
import { LsprofModel, edgeKey, type ModelStats } from '../../../test/helpers/lsprof-model.js'
import { manualClock } from './clock.js'
import { K_FOLD_SELF_RECURSION } from './context-tree.js'
import type { ProfileReport } from './format-spec.js'
import { createRecorder, type Recorder } from './recorder.js'
import { buildReport } from './snapshot.js'

const NAMES = ['a', 'b', 'c', 'd', 'e', 'f']

/** Drives a recorder and the lsprof model with the same calls, returns and clock. */
class Harness {
  readonly clock = manualClock(1000)
  readonly model = new LsprofModel(this.clock.read)
  readonly recorder: Recorder
  private readonly tokens: number[] = []

  constructor(maxNodes?: number) {
    this.recorder = createRecorder({ clock: this.clock.read, wallClock: this.clock.read, maxNodes })
    this.recorder.addFunctions(NAMES.length)
  }

  call(name: string): void {
    this.tokens.push(this.recorder.probes.enter(NAMES.indexOf(name)))
    this.model.call(name)
  }

  ret(): void {
    this.recorder.probes.exit(this.tokens.pop()!)
    this.model.ret()
  }

  spend(ms: number): void {
    this.clock.advance(ms)
  }

  report(): ProfileReport {
    return reportOf(this.recorder)
  }
}

function reportOf(recorder: Recorder): ProfileReport {
  return buildReport(
    recorder.view(),
    { file: NAMES.map(() => 'x.ts'), name: NAMES, line: NAMES.map((_, i) => i + 1), column: NAMES.map(() => 0) },
    { exporter: 'test', clock: 'precise', startedAt: '', wallTime: 0, overhead: null, host: { runtime: 'test', version: '' } },
  )
}

/** Function and edge statistics of a report, keyed like the model's (times in ms). */
function statsOf(report: ProfileReport) {
  const functions = new Map<string, ModelStats>()
  for (const fn of report.functions) {
    functions.set(fn.name, { calls: fn.calls, primitiveCalls: fn.primitiveCalls, tottime: fn.tottime * 1e3, cumtime: fn.cumtime * 1e3 })
  }
  const edges = new Map<string, ModelStats>()
  for (const edge of report.edges) {
    const key = edgeKey(report.functions[edge.caller].name, report.functions[edge.callee].name)
    edges.set(key, { calls: edge.calls, primitiveCalls: edge.primitiveCalls, tottime: edge.tottime * 1e3, cumtime: edge.cumtime * 1e3 })
  }
  return { functions, edges }
}

function expectSameStats(actual: Map<string, ModelStats>, expected: Map<string, ModelStats>): void {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort())
  for (const [key, want] of expected) {
    const got = actual.get(key)!
    expect({ key, calls: got.calls, primitiveCalls: got.primitiveCalls }).toEqual({ key, calls: want.calls, primitiveCalls: want.primitiveCalls })
    expect(got.tottime, `${key} tottime`).toBeCloseTo(want.tottime, 6)
    expect(got.cumtime, `${key} cumtime`).toBeCloseTo(want.cumtime, 6)
  }
}

function expectMatchesModel(h: Harness): ProfileReport {
  const report = h.report()
  const { functions, edges } = statsOf(report)
  expectSameStats(functions, h.model.functions)
  expectSameStats(edges, h.model.edges)
  return report
}

/** A deterministic pseudo-random generator, so a failing seed can be replayed. */
function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32)
}

describe('recorder + derive against lsprof', () => {
  it('counts direct recursion as total/primitive, per function and per edge', () => {
    const h = new Harness()
    const fib = (n: number): void => {
      h.call('a')
      h.spend(1)
      if (n >= 2) {
        fib(n - 1)
        fib(n - 2)
      }
      h.ret()
    }
    fib(10)
    const report = expectMatchesModel(h)
    const a = report.functions.find((fn) => fn.name === 'a')!
    expect(a.calls).toBe(177) // c(n) = 1 + c(n-1) + c(n-2), c(0) = c(1) = 1
    expect(a.primitiveCalls).toBe(1)
    expect(report.edges[0].primitiveCalls).toBe(2) // lsprof: only the outermost call's two calls start the edge
  })

  it('handles mutual recursion (a → b → a → b …) and an outer caller', () => {
    const h = new Harness()
    h.call('c')
    const ping = (n: number): void => {
      h.call(n % 2 === 0 ? 'a' : 'b')
      h.spend(n)
      if (n > 0) ping(n - 1)
      h.spend(0.5)
      h.ret()
    }
    ping(9)
    ping(4)
    h.ret()
    expectMatchesModel(h)
  })

  it('matches lsprof on random programs with recursion, repeated paths and uneven times', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const random = lcg(seed)
      const h = new Harness()
      let events = 0
      const run = (depth: number): void => {
        const name = NAMES[Math.floor(random() * 4)]
        h.call(name)
        h.spend(Math.floor(random() * 8) / 4)
        while (depth < 12 && events < 400 && random() < 0.55) {
          events++
          run(depth + 1)
          h.spend(Math.floor(random() * 4) / 4)
        }
        h.ret()
      }
      for (let i = 0; i < 5; i++) run(0)
      expectMatchesModel(h)
    }
  })

  it('repairs frames whose exit was skipped: they end when a frame below them exits', () => {
    const h = new Harness()
    const outer = h.recorder.probes.enter(0)
    h.model.call('a')
    h.spend(1)
    h.recorder.probes.enter(1) // b: its exit will never run (a RangeError inside its probe, say)
    h.model.call('b')
    h.spend(2)
    h.recorder.probes.enter(2)
    h.model.call('c')
    h.spend(3)
    h.recorder.probes.exit(outer) // a's exit pops c and b too
    h.model.retAll()
    expectMatchesModel(h)
    expect(h.recorder.view().openFrames).toBe(0)
    // and later calls land at the root again, not under the lost frames
    h.call('d')
    h.spend(1)
    h.ret()
    const report = expectMatchesModel(h)
    expect(report.edges.some((edge) => report.functions[edge.callee].name === 'd')).toBe(false)
  })

  it("ignores a token of another recorder (profile()) or of an earlier epoch (closeAll), in every mode", () => {
    for (const clock of [manualClock(0).read, null]) {
      const mine = createRecorder({ clock, wallClock: () => 0 })
      const other = createRecorder({ clock, wallClock: () => 0 })
      mine.addFunctions(NAMES.length)
      other.addFunctions(NAMES.length)
      const outer = mine.probes.enter(0) // a
      const foreign = other.probes.enter(1)
      mine.probes.exit(foreign) // a frame entered under the other recorder exits through this one's probes
      mine.probes.exit(mine.probes.enter(2)) // c: still called by a
      mine.probes.exit(outer)
      const stale = mine.probes.enter(3) // d, open across closeAll
      mine.closeAll()
      mine.probes.exit(mine.probes.enter(4)) // e: at the root
      mine.probes.exit(stale) // an earlier epoch's frame: nothing to close
      mine.probes.exit(mine.probes.enter(5)) // f: at the root too
      const { edges } = statsOf(reportOf(mine))
      expect([...edges.keys()].sort()).toEqual([edgeKey('a', 'c')])
      expect(mine.view().openFrames).toBe(0)
    }
  })

  it('closes frames still open at exit at that moment (closeAll) and counts them as open', () => {
    const h = new Harness()
    h.call('a')
    h.spend(2)
    h.call('b')
    h.spend(3)
    expect(h.recorder.view().openFrames).toBe(2)
    const snapshot = h.report() // the running frames' time up to now is included
    expect(snapshot.meta.openFrames).toBe(2)
    expect(snapshot.functions.find((fn) => fn.name === 'a')!.cumtime).toBeCloseTo(5e-3, 9)
    h.recorder.closeAll()
    h.model.retAll()
    h.spend(100) // after closeAll nothing runs: this time is no one's
    expectMatchesModel(h)
  })

  it(`folds self-recursion deeper than ${K_FOLD_SELF_RECURSION} levels into one node, with exact statistics`, () => {
    const h = new Harness()
    const depth = 1000
    const down = (n: number): void => {
      h.call('a')
      h.spend(0.25)
      if (n % 100 === 0) {
        h.call('b') // other calls inside the folded region still get their own context
        h.spend(1)
        h.ret()
      }
      if (n > 0) down(n - 1)
      h.spend(0.5)
      h.ret()
    }
    h.call('c')
    down(depth)
    down(depth)
    h.ret()
    const report = expectMatchesModel(h)
    // c, a × K, b under the first levels, and one b under the folded node
    expect(report.tree.fn.length).toBeLessThanOrEqual(1 + 1 + K_FOLD_SELF_RECURSION + 2)
    const a = report.functions.find((fn) => fn.name === 'a')!
    expect(a.calls).toBe(2 * (depth + 1))
    expect(a.primitiveCalls).toBe(2)
  })

  it('caps the tree: contexts past maxNodes are counted under (truncated) → caller, calls, own times and edge counts stay exact', () => {
    const maxNodes = 8
    const h = new Harness(maxNodes)
    const random = lcg(7)
    const run = (depth: number): void => {
      h.call(NAMES[Math.floor(random() * NAMES.length)])
      h.spend(1)
      while (depth < 6 && random() < 0.6) run(depth + 1)
      h.ret()
    }
    for (let i = 0; i < 30; i++) run(0)
    const report = h.report()
    const truncated = report.tree.fn.indexOf(-2)
    expect(truncated).toBeGreaterThan(0)
    const inTruncated = report.tree.fn.map(() => false)
    for (let node = truncated; node < report.tree.fn.length; node++) {
      inTruncated[node] = node === truncated || inTruncated[report.tree.parent[node]]
    }
    expect(inTruncated.filter((inside) => !inside).length).toBeLessThanOrEqual(maxNodes) // real paths, root included
    expect(report.tree.parent.filter((parent) => parent === truncated).length).toBeLessThanOrEqual(NAMES.length) // stand-ins
    expect(report.meta.truncatedCalls).toBeGreaterThan(0)
    const { functions } = statsOf(report)
    let modelCalls = 0
    for (const [name, want] of h.model.functions) {
      modelCalls += want.calls
      expect(functions.get(name)!.calls, name).toBe(want.calls)
      expect(functions.get(name)!.tottime, name).toBeCloseTo(want.tottime, 6)
    }
    expect(report.meta.totalCalls).toBe(modelCalls)
    // every caller → callee count survives: the stand-in keeps the direct caller of a forgotten path
    const { edges } = statsOf(report)
    for (const [key, want] of h.model.edges) expect(edges.get(key)?.calls, key).toBe(want.calls)
    expect(report.meta.truncatedCalls).toBe(report.tree.calls.filter((_, node) => inTruncated[node]).reduce((a, b) => a + b, 0))
  })

  it('reset() zeroes the statistics and keeps recording', () => {
    const h = new Harness()
    h.call('a')
    h.spend(5)
    h.ret()
    h.recorder.reset()
    const fresh = new LsprofModel(h.clock.read)
    h.recorder.probes.exit(h.recorder.probes.enter(1))
    fresh.call('b')
    fresh.ret()
    const { functions } = statsOf(h.report())
    expect([...functions.keys()]).toEqual(['b'])
  })
})

describe('counts-only recorder', () => {
  it('gives the same counts and edges as the timed one, and no time', () => {
    const clock = manualClock()
    const timed = createRecorder({ clock: clock.read, wallClock: clock.read })
    const counted = createRecorder({ clock: null, wallClock: clock.read })
    for (const recorder of [timed, counted]) {
      recorder.addFunctions(NAMES.length)
      const random = lcg(3)
      const run = (depth: number): void => {
        const token = recorder.probes.enter(Math.floor(random() * 4))
        clock.advance(1)
        while (depth < 8 && random() < 0.5) run(depth + 1)
        recorder.probes.exit(token)
      }
      for (let i = 0; i < 20; i++) run(0)
    }
    const a = reportOf(timed)
    const b = reportOf(counted)
    expect(b.functions.map((fn) => [fn.name, fn.calls, fn.primitiveCalls])).toEqual(a.functions.map((fn) => [fn.name, fn.calls, fn.primitiveCalls]))
    expect(b.edges.map((e) => [e.caller, e.callee, e.calls, e.primitiveCalls])).toEqual(a.edges.map((e) => [e.caller, e.callee, e.calls, e.primitiveCalls]))
    expect(b.meta.totalTime).toBe(0)
  })
})

describe('async frames with a manual clock', () => {
  function setUp() {
    const clock = manualClock(0)
    const recorder = createRecorder({ clock: clock.read, wallClock: clock.read })
    recorder.addFunctions(NAMES.length)
    return { clock, recorder, p: recorder.probes }
  }

  it('two chains alternating: own time per slice, suspended time no one\'s, logical caller kept', () => {
    const { clock, recorder, p } = setUp()
    const main = p.enter(0) // a
    const x = p.enterAsync(1) // b, called by a
    clock.advance(1) // b runs 1 ms
    p.suspend(x, null)
    const y = p.enterAsync(2) // c, called by a
    clock.advance(2)
    p.suspend(y, null)
    clock.advance(5) // a runs 5 ms
    p.exit(main) // a returns; b and c are pending
    clock.advance(100) // idle: nothing runs
    for (let round = 0; round < 3; round++) {
      p.resume(x, null) // a microtask resumes b, with nothing instrumented below it
      clock.advance(1)
      const leaf = p.enter(3) // d, called by b
      clock.advance(0.5)
      p.exit(leaf)
      p.suspend(x, null)
      p.resume(y, null)
      clock.advance(2)
      p.suspend(y, null)
      clock.advance(10) // idle between microtasks
    }
    p.resume(x, null)
    p.exitAsync(x)
    p.resume(y, null)
    clock.advance(3)
    p.exitAsync(y)
    const report = reportOf(recorder)
    const row = (name: string) => report.functions.find((fn) => fn.name === name)!
    expect([row('b').calls, row('b').resumes, row('b').tottime * 1e3, row('b').cumtime * 1e3]).toEqual([1, 4, 4, 5.5])
    expect([row('c').calls, row('c').resumes, row('c').tottime * 1e3]).toEqual([1, 4, 11])
    // a started b and c: their later slices stay under a (logical caller), so a's cumtime includes them
    expect(row('a').tottime * 1e3).toBe(5)
    expect(row('a').cumtime * 1e3).toBe(5 + 5.5 + 11)
    expect(row('b').latency!.total * 1e3).toBe(1 + 2 + 5 + 100 + 3 * 13.5) // invocation to settlement
    const { edges } = statsOf(report)
    expect(edges.get(edgeKey('b', 'd'))!.calls).toBe(3) // d's caller is b in every slice
    expect(edges.get(edgeKey('a', 'b'))!.calls).toBe(1)
    expect(recorder.view().openFrames).toBe(0)
  })

  it('a generator abandoned while suspended leaves the stack balanced', () => {
    const { clock, recorder, p } = setUp()
    const outer = p.enter(0)
    const g = p.enterGenerator(1)
    clock.advance(1)
    p.suspend(g, 1) // yield; never resumed again
    const after = p.enter(2)
    clock.advance(1)
    p.exit(after)
    p.exit(outer)
    const report = reportOf(recorder)
    expect(statsOf(report).edges.get(edgeKey('a', 'c'))!.calls).toBe(1) // c's caller is a, not the suspended generator
    expect(recorder.view().openFrames).toBe(0)
  })

  it('an exception thrown through an async frame that skipped its exit is repaired by the frame below', () => {
    const { clock, recorder, p } = setUp()
    const outer = p.enter(0)
    const x = p.enterAsync(1)
    clock.advance(1)
    p.enter(2) // c never exits
    clock.advance(1)
    p.exit(outer) // pops c and b's slot; b's later exitAsync must not pop anything else
    p.exitAsync(x)
    const next = p.enter(3)
    p.exit(next)
    const report = reportOf(recorder)
    expect(report.edges.some((edge) => report.functions[edge.callee].name === 'd')).toBe(false) // d at the root
    expect(recorder.view().openFrames).toBe(0)
  })
})
