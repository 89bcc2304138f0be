// A small profile with known answers, written by hand as a calling-context tree: nesting, a function called
// from two callers, recursion (fib(3)), two anonymous functions on one line, a context with no own time, the
// (truncated) node and time outside any function. The expected statistics below were worked out by hand.
import { deriveStats, type CallTree } from '@probeprof/runtime/report'
import type { ProfileData } from 'probeprof'

const FUNCTIONS = [
  { file: 'src/app.ts', line: 1, column: 0, name: 'main' },
  { file: 'src/app.ts', line: 5, column: 0, name: 'parse' },
  { file: 'src/app.ts', line: 9, column: 2, name: 'tokenize' },
  { file: 'src/math.ts', line: 20, column: 0, name: 'fib' },
  { file: 'src/app.ts', line: 30, column: 10, name: '<anonymous>' },
  { file: 'src/app.ts', line: 30, column: 25, name: '<anonymous>' },
]

// [parent, fn, calls, self seconds]
const NODES: [number, number, number, number][] = [
  [-1, -1, 0, 0.005], // 0 root: time outside any instrumented function
  [0, 0, 1, 0.04], // 1 main
  [1, 1, 2, 0.02], // 2 main→parse
  [2, 2, 4, 0.04], // 3 main→parse→tokenize
  [1, 3, 1, 0.001], // 4 main→fib
  [4, 3, 2, 0.002], // 5 main→fib→fib
  [5, 3, 2, 0.001], // 6 main→fib→fib→fib
  [1, 4, 3, 0.003], // 7 main→anon@10
  [1, 5, 1, 0], // 8 main→anon@25 (no own time)
  [8, 2, 1, 0.004], // 9 main→anon@25→tokenize
  [1, -2, 0, 0], // 10 main→(truncated)
  [10, 1, 5, 0.002], // 11 main→(truncated)→parse
]

/** Hand-computed cProfile statistics of the tree above, by function name (anonymous ones by column). */
export const EXPECTED = {
  main: { calls: 1, primitiveCalls: 1, tottime: 0.04, cumtime: 0.113 },
  parse: { calls: 7, primitiveCalls: 7, tottime: 0.022, cumtime: 0.062 },
  tokenize: { calls: 5, primitiveCalls: 5, tottime: 0.044, cumtime: 0.044 },
  fib: { calls: 5, primitiveCalls: 1, tottime: 0.004, cumtime: 0.004 },
  anon10: { calls: 3, primitiveCalls: 3, tottime: 0.003, cumtime: 0.003 },
  anon25: { calls: 1, primitiveCalls: 1, tottime: 0, cumtime: 0.004 },
  /** Σ tottime */
  totalTime: 0.113,
  /** root's own time */
  programTime: 0.005,
  /** fib→fib: 2 + 2 calls, the 2 made from the outermost fib are the edge's primitive calls */
  fibEdge: { calls: 4, primitiveCalls: 2, tottime: 0.003, cumtime: 0.003 },
  /** main→parse under main directly (the (truncated) context is no caller) */
  mainParseEdge: { calls: 2, primitiveCalls: 2, tottime: 0.02, cumtime: 0.06 },
  anon25TokenizeEdge: { calls: 1, primitiveCalls: 1, tottime: 0.004, cumtime: 0.004 },
}

export function sampleProfile(options: { counts?: boolean } = {}): ProfileData {
  const scale = options.counts ? 0 : 1
  const tree: CallTree = {
    parent: NODES.map(([parent]) => parent),
    fn: NODES.map(([, fn]) => fn),
    calls: NODES.map(([, , calls]) => calls),
    self: NODES.map(([, , , self]) => self * scale),
  }
  const derived = deriveStats(tree, FUNCTIONS.length)
  return {
    functions: FUNCTIONS.map((fn, index) => ({
      ...fn,
      calls: derived.functions.calls[index],
      primitiveCalls: derived.functions.primitiveCalls[index],
      tottime: derived.functions.tottime[index],
      cumtime: derived.functions.cumtime[index],
      resumes: 0,
      latency: null,
    })),
    edges: derived.edges.map((edge) => ({ ...edge })),
    tree,
    sources: [
      {
        path: null,
        startedAt: '2026-01-02T03:04:05.000Z',
        wallTime: 0.2,
        clock: options.counts ? 'counts' : 'precise',
        overhead: null,
        truncatedCalls: 5,
        host: { runtime: 'node', version: 'v20.20.2', pid: 4242, argv: ['node', 'app.mjs'] },
      },
    ],
  }
}

/** The function's index in the sample profile: by name, anonymous ones as 'anon10' / 'anon25'. */
export function indexOf(profile: ProfileData, key: keyof typeof EXPECTED | string): number {
  const match = /^anon(\d+)$/.exec(key)
  const index = profile.functions.findIndex((fn) => (match ? fn.name === '<anonymous>' && fn.column === Number(match[1]) : fn.name === key))
  if (index < 0) throw new Error(`no function ${key}`)
  return index
}

export const FUNCTION_KEYS = ['main', 'parse', 'tokenize', 'fib', 'anon10', 'anon25'] as const
