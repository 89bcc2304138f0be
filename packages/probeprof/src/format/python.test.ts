// Python's "%.3f" (correct rounding, ties to even) against python3 itself, on values that include exact ties.
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { formatFixed, pythonRepr } from './python.js'

function values(): number[] {
  const out: number[] = [0, 0.0005, 0.0015, 0.0025, 0.0625, 0.1875, 1.0005, 2.5e-4, 12345.6785, 999.9995, 1e-9, 0.123456789]
  for (let k = 1; k < 400; k += 2) out.push(k / 2048) // exact binary fractions: many are exact decimal ties
  let seed = 7
  for (let i = 0; i < 600; i++) {
    seed = (seed * 16807) % 2147483647
    out.push((seed / 2147483647) * 10 ** ((i % 7) - 4))
  }
  return out
}

describe('Python number formatting', () => {
  it('formats %.3f and %.1f exactly as python3 does, ties included', () => {
    const input = values()
    const script = 'import json,sys\nfor v in json.load(sys.stdin): print("%.3f|%.1f" % (v, v))'
    const expected = execFileSync('python3', ['-c', script], { input: JSON.stringify(input), encoding: 'utf8' }).trimEnd().split('\n')
    expect(input.map((v) => `${formatFixed(v, 3)}|${formatFixed(v, 1)}`)).toEqual(expected)
  })

  it("prints restrictions as Python's repr() does", () => {
    expect(pythonRepr(5)).toBe('5')
    expect(pythonRepr(0.5)).toBe('0.5')
    expect(pythonRepr('fib|prime')).toBe("'fib|prime'")
    expect(pythonRepr("it's")).toBe('"it\'s"')
    expect(pythonRepr('a\\.b')).toBe("'a\\\\.b'")
  })
})
