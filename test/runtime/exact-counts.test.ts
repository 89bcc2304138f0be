// Real programs built with the esbuild plugin and run in Node: the report's counts and edges must be the ones a
// reader derives by hand from each program (worked out in the comments), in every clock mode, and the program
// must print exactly what its plain build prints.
import { beforeAll, describe, expect, it } from 'vitest'
import { functionRow, runNode } from '../helpers/app.js'
import { buildPrograms, edgeBetween, runProfiled, type BuiltPrograms } from './build-programs.js'

/** Calls of fib(n): c(n) = 1 + c(n-1) + c(n-2), c(0) = c(1) = 1. */
function fibCalls(n: number): number {
  return n < 2 ? 1 : 1 + fibCalls(n - 1) + fibCalls(n - 2)
}

const MODES = ['precise', 'counts', 'fast', 'sampled']
let built: BuiltPrograms

beforeAll(async () => {
  built = await buildPrograms(['calls', 'generators', 'async'])
})

describe.each(MODES)('exact counts and edges, clock %s', (clock) => {
  it('sync: recursion, mutual recursion, exceptions, stack overflow', () => {
    const run = runProfiled(built, 'calls', { PROBEPROF_CLOCK: clock })
    expect(run.stdout).toBe(runNode(built.plain('calls')).stdout)
    const { report } = run
    expect(report.meta.clock).toBe(clock)

    const fib = functionRow(report, 'fib')
    expect([fib.calls, fib.primitiveCalls]).toEqual([fibCalls(12), 1])
    const fibFib = edgeBetween(report, 'fib', 'fib')!
    expect([fibFib.calls, fibFib.primitiveCalls]).toEqual([fibCalls(12) - 1, 2]) // lsprof: only fib(12)'s two calls

    // isEven(10) → isOdd(9) → … → isEven(0): isEven 6 calls, isOdd 5; each edge's first call is its only primitive one
    expect([functionRow(report, 'isEven').calls, functionRow(report, 'isEven').primitiveCalls]).toEqual([6, 1])
    expect([functionRow(report, 'isOdd').calls, functionRow(report, 'isOdd').primitiveCalls]).toEqual([5, 1])
    expect([edgeBetween(report, 'isEven', 'isOdd')!.calls, edgeBetween(report, 'isEven', 'isOdd')!.primitiveCalls]).toEqual([5, 1])
    expect([edgeBetween(report, 'isOdd', 'isEven')!.calls, edgeBetween(report, 'isOdd', 'isEven')!.primitiveCalls]).toEqual([5, 1])

    // 7 × thrower(3) → thrower(0) throws through 4 frames
    const thrower = functionRow(report, 'thrower')
    expect([thrower.calls, thrower.primitiveCalls]).toEqual([28, 7])
    expect(edgeBetween(report, 'thrower', 'thrower')!.calls).toBe(21)
    expect(edgeBetween(report, 'thrower', 'thrower')!.primitiveCalls).toBe(7)
    expect(edgeBetween(report, 'catcher', 'thrower')!.calls).toBe(7)

    // deep(n) records n before recursing, so it was entered deepest + 1 times; the overflow left no frame behind
    const deepest = Number(/deepest (\d+)/.exec(run.stderr)![1])
    expect(deepest).toBeGreaterThan(1000)
    const deep = functionRow(report, 'deep')
    expect([deep.calls, deep.primitiveCalls]).toEqual([deepest + 1, 1])
    expect(edgeBetween(report, 'overflow', 'deep')!.calls).toBe(1)
    const after = functionRow(report, 'after')
    expect(after.calls).toBe(10)
    expect(edgeBetween(report, 'afterOverflow', 'after')!.calls).toBe(10)
    expect(edgeBetween(report, 'main', 'afterOverflow')!.calls).toBe(1) // main is still main's caller context
    expect(edgeBetween(report, 'deep', 'after')).toBeUndefined()
    expect(edgeBetween(report, 'deep', 'afterOverflow')).toBeUndefined()
    expect(report.meta.openFrames).toBe(0)
    // the tree folds deep self-recursion: far fewer nodes than frames
    expect(report.tree.fn.length).toBeLessThan(200)
  })

  it('generators: finished, abandoned, break, never started, return(), throw()', () => {
    const run = runProfiled(built, 'generators', { PROBEPROF_CLOCK: clock })
    expect(run.stdout).toBe(runNode(built.plain('generators')).stdout)
    const { report } = run
    // A generator's call is counted when its body starts (first next()); each later next()/throw() that
    // re-enters the body is a resume; return() at a yield re-enters only through a finally (whose resume counts).
    const count = functionRow(report, 'count')
    expect(count.calls).toBe(3) // finished, abandoned, break; count(3) never started
    expect(count.resumes).toBe(5 + 1 + 2)
    const guarded = functionRow(report, 'guarded')
    expect(guarded.calls).toBe(2)
    expect(guarded.resumes).toBe(1 + 2) // return(): into the finally; throw(): into the catch, then next()
    expect(edgeBetween(report, 'guarded', 'cleanup')!.calls).toBe(2)
    expect(edgeBetween(report, 'main', 'count')!.calls).toBe(3)
    expect(functionRow(report, 'cleanup').calls).toBe(2)
  })

  it('async: two chains alternating, Promise.all fan-out; logical callers kept across awaits', () => {
    const run = runProfiled(built, 'async', { PROBEPROF_CLOCK: clock })
    expect(run.stdout).toBe(runNode(built.plain('async')).stdout)
    expect(run.stdout).toContain('order ababab 3,3')
    const { report } = run
    const worker = functionRow(report, 'worker')
    expect([worker.calls, worker.resumes]).toEqual([2, 6])
    // latency needs a clock: every mode but counts-only (which reads none) has it
    expect(worker.latency?.count).toBe(clock === 'counts' ? undefined : 2)
    // step runs in microtasks, yet its caller is the worker that awaited, not whatever ran the microtask
    expect(edgeBetween(report, 'worker', 'step')!.calls).toBe(6)
    expect(functionRow(report, 'step').calls).toBe(6 + 3) // the workers', and consume's below
    expect(edgeBetween(report, 'main', 'worker')!.calls).toBe(2)
    const leaf = functionRow(report, 'leaf')
    expect([leaf.calls, leaf.resumes, leaf.latency?.count]).toEqual([10, 10, clock === 'counts' ? undefined : 10])
    expect(edgeBetween(report, 'fanOut', 'leaf')!.calls).toBe(10)
    expect(edgeBetween(report, 'main', 'fanOut')!.calls).toBe(1)
    // for await: ticks starts at the first next() and resumes after each await and each yield it comes back to;
    // consume resumes in the loop body for each value and once more when the loop ends
    expect(run.stdout).toContain('for await 3')
    const ticks = functionRow(report, 'ticks')
    expect([ticks.calls, ticks.resumes]).toEqual([1, 3 + 3]) // 3 × (after `await null`) + 3 × (after `yield`)
    const consume = functionRow(report, 'consume')
    expect([consume.calls, consume.resumes]).toEqual([1, 3 + 1])
    expect(edgeBetween(report, 'consume', 'ticks')!.calls).toBe(1)
    expect(edgeBetween(report, 'consume', 'step')!.calls).toBe(3)
    expect(report.edges.filter((edge) => report.functions[edge.callee].name === 'step')).toHaveLength(2) // worker, consume
  })
})

describe('the node cap in a real program', () => {
  it('PROBEPROF_MAX_NODES: paths past the cap are counted under (truncated) → caller; calls and edge counts stay exact', () => {
    const run = runProfiled(built, 'calls', { PROBEPROF_MAX_NODES: '12' })
    const { report } = run
    expect(report.meta.truncatedCalls).toBeGreaterThan(0)
    const truncated = report.tree.fn.indexOf(-2)
    expect(truncated).toBeGreaterThan(0)
    expect(truncated).toBeLessThanOrEqual(12) // the tree's own paths stop at the cap; the rest hangs below (truncated)
    const deepest = Number(/deepest (\d+)/.exec(run.stderr)![1])
    // ncalls and caller → callee counts stay exact; primitive calls and cumtime follow the shortened path (format-spec)
    expect(functionRow(report, 'fib').calls).toBe(fibCalls(12))
    expect(edgeBetween(report, 'fib', 'fib')!.calls).toBe(fibCalls(12) - 1)
    expect(edgeBetween(report, 'isEven', 'isOdd')!.calls).toBe(5)
    expect(edgeBetween(report, 'afterOverflow', 'after')!.calls).toBe(10)
    expect(edgeBetween(report, 'catcher', 'thrower')!.calls).toBe(7)
    expect(functionRow(report, 'thrower').calls).toBe(28)
    expect(functionRow(report, 'deep').calls).toBe(deepest + 1)
    expect(functionRow(report, 'after').calls).toBe(10)
  })
})
