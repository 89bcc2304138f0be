// `probeprof advise` on argument fingerprints (the `args` option): fixtures/advise/memo.ts built by a real esbuild
// build and run in a real Node process. The expected counts are the program's known ones (fib(30) makes
// 2·F(31) − 1 calls with the 31 arguments 0 to 30), never values the code under test produced.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ArgumentRecord, ProfileReport } from '@probeprof/runtime/report'
import type { Advice } from '../../packages/probeprof/dist/advise/types.js'
import { buildApp, functionRow, readReport, repoRoot, runNode, tempDir } from '../helpers/app.js'
import { runCli, spawnCli } from '../helpers/cli.js'

const ENTRY = join(repoRoot, 'fixtures/advise/memo.ts')
const FIB_CALLS = 2_692_537
const EXPECTED_OUTPUT = 'fib(30) = 832040; squares 28500; areas 10000; last ticket b-1000; sizes 7000; proxy traps 0\n'

let dir: string
let reportPath: string
let report: ProfileReport
let instrumentedOutput: string

function fingerprintOf(name: string): ArgumentRecord | undefined {
  const index = report.functions.indexOf(functionRow(report, name, 'memo.ts'))
  return report.arguments?.find((row) => row.function === index)
}

async function adviceOf(path: string): Promise<Advice> {
  const result = await runCli(['advise', path, '--json'])
  expect(result.status, result.stderr).toBe(0)
  return JSON.parse(result.stdout) as Advice
}

/** The bundle esbuild writes for memo.ts with these plugin options (no cache: each build runs the transform). */
async function bundleText(plugin: Parameters<typeof buildApp>[0]['plugin']): Promise<string> {
  const result = await buildApp({ entryPoints: [ENTRY], outdir: tempDir('memo-build-'), plugin, esbuild: { write: false } })
  return result.outputFiles!.map((file) => file.text).join('\n')
}

beforeAll(async () => {
  dir = tempDir('memo-')
  await buildApp({ entryPoints: [ENTRY], outdir: dir, plugin: { enabled: true, args: true, cache: false } })
  reportPath = join(dir, 'report.json')
  const run = runNode(join(dir, 'memo.mjs'), { env: { PROBEPROF_OUT: reportPath, PROBEPROF_QUIET: '1' } })
  expect(run.status, run.stderr).toBe(0)
  instrumentedOutput = run.stdout
  report = readReport(reportPath)
}, 120_000)

describe('argument fingerprints in the report', () => {
  it('counts fib(30): every call, exactly 31 distinct arguments, each with one result', () => {
    expect(functionRow(report, 'fib', 'memo.ts').calls).toBe(FIB_CALLS)
    expect(fingerprintOf('fib')).toMatchObject({ calls: FIB_CALLS, distinct: 31, untracked: 0, full: false, inconsistentTuples: 0, inconsistentCalls: 0 })
  })

  it('compares objects by identity: 4 rectangles, and a new object per call is a new result', () => {
    expect(fingerprintOf('area')).toMatchObject({ calls: 1000, distinct: 4, inconsistentTuples: 0 })
    expect(fingerprintOf('fresh')).toMatchObject({ calls: 1000, distinct: 1, inconsistentTuples: 1, inconsistentCalls: 1000 })
  })

  it('sees that a function reading a counter gives different results for the same argument', () => {
    expect(fingerprintOf('ticket')).toMatchObject({ calls: 1000, distinct: 2, inconsistentTuples: 2, inconsistentCalls: 1000 })
  })
})

describe('probeprof advise: memoization candidates', () => {
  it('names fib with its exact distinct-argument count, the calls a cache saves and about how much time', async () => {
    const advice = await adviceOf(reportPath)
    const fib = functionRow(report, 'fib', 'memo.ts')
    const candidate = advice.memoization.candidates.find((entry) => entry.fn.name === 'fib')!
    expect(candidate).toMatchObject({ calls: FIB_CALLS, distinct: 31, distinctIsUpperBound: false, savedCalls: FIB_CALLS - 31 })
    expect(candidate.savedShare).toBe((FIB_CALLS - 31) / FIB_CALLS)
    // time saved ≈ cumtime × the share of calls saved (the report's cumtime, read from the raw JSON)
    expect(candidate.savedTime).toBeCloseTo(fib.cumtime * ((FIB_CALLS - 31) / FIB_CALLS), 12)
    expect(advice.memoization.candidates[0].fn.name).toBe('fib') // it saves the most time
  })

  it('lists square and area, and never ticket or fresh', async () => {
    const advice = await adviceOf(reportPath)
    const named = advice.memoization.candidates.map((entry) => [entry.fn.name, entry.distinct, entry.savedCalls])
    expect(named).toContainEqual(['square', 10, 990])
    expect(named).toContainEqual(['area', 4, 996])
    const names = advice.memoization.candidates.map((entry) => entry.fn.name)
    expect(names).not.toContain('ticket')
    expect(names).not.toContain('fresh')
  })

  it('prints the sentence, and its first candidate in the brief summary', async () => {
    const result = await runCli(['advise', reportPath])
    expect(result.status, result.stderr).toBe(0)
    const text = stripVTControlCharacters(result.stdout)
    const line = functionRow(report, 'fib', 'memo.ts').line
    expect(text).toMatch(
      new RegExp(`fib \\(fixtures/advise/memo\\.ts:${line}\\): 2,692,537 calls with 31 distinct arguments; a cache would remove 99\\.999% of calls and about [0-9.]+ (s|ms)\\n`),
    )
    expect(text).toContain('Memoization candidates: 4 of 7 fingerprinted functions (2 gave different results for the same arguments')
    const brief = stripVTControlCharacters((await runCli(['advise', reportPath, '--brief'])).stdout)
    expect(brief).toMatch(/\n  memoization candidate: fib \(fixtures\/advise\/memo\.ts:\d+\): 2,692,537 calls with 31 distinct arguments; .* \(and 3 more\)\n/)
  })

  it('says "at most" once two reports are merged: their distinct tuples may overlap', async () => {
    const advice = JSON.parse((await runCli(['advise', reportPath, reportPath, '--json'])).stdout) as Advice
    const fib = advice.memoization.candidates.find((entry) => entry.fn.name === 'fib')!
    expect(fib).toMatchObject({ calls: 2 * FIB_CALLS, distinct: 62, distinctIsUpperBound: true })
    // and so does a merged report written back and read again
    const merged = join(dir, 'merged.json')
    expect((await runCli(['merge', reportPath, reportPath, '-o', merged])).status).toBe(0)
    const again = (await adviceOf(merged)).memoization.candidates.find((entry) => entry.fn.name === 'fib')!
    expect(again).toMatchObject({ calls: 2 * FIB_CALLS, distinct: 62, distinctIsUpperBound: true })
  })
})

describe('a corrupt arguments section', () => {
  it('is one line and exit 2, naming what is wrong', () => {
    const corrupt = join(dir, 'corrupt.json')
    writeFileSync(corrupt, JSON.stringify({ ...report, arguments: [{ function: report.functions.length, calls: 1 }] }))
    const result = spawnCli(['advise', corrupt])
    expect(result.status).toBe(2)
    const lines = stripVTControlCharacters(result.stderr).trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain('corrupt arguments (a fingerprint row without its counts, or naming a function that is not in the report)')
  })
})

describe('semantics and the build', () => {
  it('prints exactly what the plain build prints, no Proxy trap run by the probes', async () => {
    const plainDir = tempDir('memo-plain-')
    await buildApp({ entryPoints: [ENTRY], outdir: plainDir })
    const plain = runNode(join(plainDir, 'memo.mjs'))
    expect(plain.stdout).toBe(EXPECTED_OUTPUT)
    expect(instrumentedOutput).toBe(EXPECTED_OUTPUT)
  })

  it('with the option off (absent, false, or PROBEPROF_ARGS unset) the bundle is byte-identical', async () => {
    const saved = process.env.PROBEPROF_ARGS
    try {
      delete process.env.PROBEPROF_ARGS
      const absent = await bundleText({ enabled: true, cache: false })
      const off = await bundleText({ enabled: true, cache: false, args: false })
      expect(off).toBe(absent)
      expect(absent).not.toContain('().f(')
      process.env.PROBEPROF_ARGS = '1'
      const fromEnvironment = await bundleText({ enabled: true, cache: false })
      expect(fromEnvironment).toContain('().f(')
      expect(fromEnvironment).toBe(await bundleText({ enabled: true, cache: false, args: true }))
    } finally {
      if (saved === undefined) delete process.env.PROBEPROF_ARGS
      else process.env.PROBEPROF_ARGS = saved
    }
  })

  it('reports without fingerprints have no arguments section, and advise prints no memoization block', async () => {
    const plainReport = join(dir, 'no-args.json')
    const build = tempDir('memo-noargs-')
    await buildApp({ entryPoints: [ENTRY], outdir: build, plugin: { enabled: true, cache: false } })
    expect(runNode(join(build, 'memo.mjs'), { env: { PROBEPROF_OUT: plainReport, PROBEPROF_QUIET: '1' } }).status).toBe(0)
    expect('arguments' in JSON.parse(readFileSync(plainReport, 'utf8'))).toBe(false)
    const result = await runCli(['advise', plainReport])
    expect(result.stdout).not.toContain('Memoization')
  })
})
