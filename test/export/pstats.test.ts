// The pstats export read by python3's own pstats module: the counts, times and callers it loads must be ours.
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { exportPstats, type ProfileData } from 'probeprof'
import { repoRoot, tempDir } from '../helpers/app.js'
import { EXPECTED, FUNCTION_KEYS, indexOf, sampleProfile } from './sample-profile.js'

type Row = [string, number, string, number, number, number, number, [string, number, string, number, number, number, number][]]

function readWithPython(profile: ProfileData): { json: { total_calls: number; prim_calls: number; total_tt: number; stats: Row[] }; text: string } {
  const path = join(tempDir('pstats-'), 'out.prof')
  writeFileSync(path, exportPstats(profile))
  const output = execFileSync('python3', [join(repoRoot, 'test/export/read_pstats.py'), path], { encoding: 'utf8' })
  const newline = output.indexOf('\n')
  return { json: JSON.parse(output.slice(0, newline)), text: output.slice(newline + 1) }
}

describe("pstats export, read by python3's pstats.Stats(path)", () => {
  const profile = sampleProfile()
  const { json, text } = readWithPython(profile)
  const row = (key: string) => {
    const fn = profile.functions[indexOf(profile, key)]
    const name = key.startsWith('anon') ? `<anonymous> (col ${fn.column})` : fn.name
    const found = json.stats.find(([file, line, n]) => file === fn.file && line === fn.line && n === name)
    if (!found) throw new Error(`pstats has no row for ${key}`)
    return found
  }

  it('loads every function with our calls, primitive calls, tottime and cumtime', () => {
    expect(json.stats.length).toBe(profile.functions.length)
    for (const key of FUNCTION_KEYS) {
      const [, , , cc, nc, tt, ct] = row(key)
      expect([nc, cc], key).toEqual([EXPECTED[key].calls, EXPECTED[key].primitiveCalls])
      expect(tt, key).toBeCloseTo(EXPECTED[key].tottime, 12)
      expect(ct, key).toBeCloseTo(EXPECTED[key].cumtime, 12)
    }
    expect(json.total_calls).toBe(22)
    expect(json.prim_calls).toBe(18)
    expect(json.total_tt).toBeCloseTo(EXPECTED.totalTime, 12)
  })

  it('loads the callers with (nc, cc, tt, ct) per edge, fib→fib as 4/2', () => {
    const fibCallers = row('fib')[7]
    const fromFib = fibCallers.find(([, , name]) => name === 'fib')!
    expect(fromFib.slice(3, 5)).toEqual([EXPECTED.fibEdge.calls, EXPECTED.fibEdge.primitiveCalls])
    expect(fromFib[6]).toBeCloseTo(EXPECTED.fibEdge.cumtime, 12)
    const tokenizeCallers = row('tokenize')[7].map(([, , name, nc]) => [name, nc])
    expect(tokenizeCallers.sort()).toEqual([['<anonymous> (col 25)', 1], ['parse', 4]])
  })

  it("prints in pstats' own table with the recursion shown as 5/1", () => {
    expect(text).toContain('22 function calls (18 primitive calls) in 0.113 seconds')
    expect(text).toMatch(/^\s+5\/1\s+0\.004\s+0\.001\s+0\.004\s+0\.004 src\/math\.ts:20\(fib\)$/m)
    expect(text).toMatch(/src\/app\.ts:30\(<anonymous> \(col 10\)\)/)
  })

  it('writes counts past 2^31 as Python longs and non-ASCII names as str', () => {
    const big = sampleProfile()
    big.functions[0].calls = 3_000_000_123
    big.functions[0].name = 'mäin→ü'
    const [file, line, name, , nc] = readWithPython(big).json.stats.find(([, l]) => l === 1)!
    expect([file, line, name, nc]).toEqual(['src/app.ts', 1, 'mäin→ü', 3_000_000_123])
  })
})
