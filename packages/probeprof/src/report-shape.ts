// The field types of a report (format-spec.ts in the runtime), checked before anything reads them: a report
// edited by hand or written by another tool must fail in one line naming the field, not deep in a statistic.

import type { ProfileReport } from '@probeprof/runtime/report'

/** Ids below 0 a tree node may carry instead of a function index: the root (-1) and `(truncated)` (-2). */
const K_SPECIAL_FUNCTION_IDS = 2

/** The first field of the wrong type, as `functions[3].calls must be a number, got a string`; undefined if none. */
export function fieldTypeProblem(report: ProfileReport): string | undefined {
  const meta = report.meta as unknown as Record<string, unknown>
  const problem =
    expect(meta.startedAt, 'meta.startedAt', 'a date string', (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v))) ??
    expect(meta.wallTime, 'meta.wallTime', 'a number of seconds', isCount) ??
    expect(meta.clock, 'meta.clock', 'a clock name', (v) => typeof v === 'string') ??
    expect(meta.host, 'meta.host', 'an object', (v) => v !== null && typeof v === 'object' && !Array.isArray(v))
  if (problem !== undefined) return problem
  const functionCount = report.functions.length
  for (let i = 0; i < functionCount; i++) {
    const fn = report.functions[i] as unknown as Record<string, unknown>
    const where = `functions[${i}]`
    if (fn === null || typeof fn !== 'object') return `${where} must be an object, got ${describe(fn)}`
    const found =
      expect(fn.file, `${where}.file`, 'a string', isString) ??
      expect(fn.name, `${where}.name`, 'a string', isString) ??
      expect(fn.line, `${where}.line`, 'a line number', isCount) ??
      expect(fn.column, `${where}.column`, 'a column number', isCount) ??
      firstOf(['calls', 'primitiveCalls', 'tottime', 'cumtime'], (key) => expect(fn[key], `${where}.${key}`, 'a number of at least 0', isCount))
    if (found !== undefined) return found
  }
  for (let i = 0; i < report.edges.length; i++) {
    const edge = report.edges[i] as unknown as Record<string, unknown>
    const found = firstOf(['caller', 'callee', 'calls', 'primitiveCalls', 'tottime', 'cumtime'], (key) => expect(edge?.[key], `edges[${i}].${key}`, 'a number of at least 0', isCount))
    if (found !== undefined) return found
  }
  const tree = report.tree
  for (let node = 0; node < tree.fn.length; node++) {
    const fn = tree.fn[node]
    if (!(Number.isInteger(fn) && fn >= -K_SPECIAL_FUNCTION_IDS && fn < functionCount)) return `tree.fn[${node}] must be the index of a function in the report, got ${describe(fn)}`
    const parent = tree.parent[node]
    if (!(Number.isInteger(parent) && parent >= -1 && parent < node)) return `tree.parent[${node}] must be the index of an earlier node, got ${describe(parent)}`
    const found = expect(tree.calls[node], `tree.calls[${node}]`, 'a number of at least 0', isCount) ?? expect(tree.self[node], `tree.self[${node}]`, 'a number of at least 0', isCount)
    if (found !== undefined) return found
  }
  return undefined
}

function expect(value: unknown, field: string, what: string, valid: (value: unknown) => boolean): string | undefined {
  return valid(value) ? undefined : `${field} must be ${what}, got ${describe(value)}`
}

function firstOf<T>(keys: readonly T[], check: (key: T) => string | undefined): string | undefined {
  for (const key of keys) {
    const problem = check(key)
    if (problem !== undefined) return problem
  }
  return undefined
}

const isString = (value: unknown): boolean => typeof value === 'string'
/** Counts, times and indices: finite numbers, never negative. */
const isCount = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value) && value >= 0

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (value === undefined) return 'nothing'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value)}`
  if (typeof value === 'object') return 'an object'
  return `${typeof value} ${String(value)}`
}
