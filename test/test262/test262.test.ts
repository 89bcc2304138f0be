// JavaScript's own conformance suite, the subset that exercises functions (../shared/test262: 12,175 files,
// 23,498 runs in sloppy, strict and module modes), run by its runner twice: as written (the baseline: what this
// Node passes) and instrumented by the transform a build uses with the runtime recording (adapter.mjs). Any test
// that passes as written and fails instrumented is a behaviour the profiler changed.

import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../helpers/app.js'

const TEST262 = process.env.PROBEPROF_TEST262 ?? join(repoRoot, '../shared/test262')
const RUNNER = join(TEST262, 'runner/run-test262.js')
const OUT = join(repoRoot, '.tmp/test262')
const K_RUN_TIMEOUT_MS = 20 * 60_000

interface RunnerReport {
  meta: { counts: { pass: number; fail: number; skip: number; transformUnchanged: number }; regressions?: number }
  regressions?: string[]
  results: Record<string, { status: string; reason?: string; message?: string }>
}

function runTest262(adapter: string, report: string, baseline?: string): Promise<number | null> {
  const args = [RUNNER, '--transform', join(repoRoot, 'test/test262', adapter), '--report', report, '-j', '2', '--quiet', '--show-failures', '0']
  if (baseline !== undefined) args.push('--baseline', baseline)
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] })
    child.on('error', reject)
    child.on('exit', (code) => resolve(code))
  })
}

describe('test262 (function semantics subset)', () => {
  it('instrumented, no test that passes as written fails', { timeout: 2 * K_RUN_TIMEOUT_MS }, async () => {
    if (!existsSync(RUNNER)) throw new Error(`no test262 runner at ${RUNNER}: set PROBEPROF_TEST262 to the directory holding runner/ and test262/`)
    mkdirSync(OUT, { recursive: true })
    const base = join(OUT, 'baseline.json')
    const instrumented = join(OUT, 'instrumented.json')
    expect(await runTest262('identity.mjs', base)).toBe(0)
    const exitCode = await runTest262('adapter.mjs', instrumented, base)
    const baseline = JSON.parse(readFileSync(base, 'utf8')) as RunnerReport
    const report = JSON.parse(readFileSync(instrumented, 'utf8')) as RunnerReport
    const regressions = (report.regressions ?? []).map((key) => `${key} [${report.results[key].reason}] ${report.results[key].message?.split('\n')[0]}`)
    expect(regressions).toEqual([])
    expect(exitCode).toBe(0)
    // the suite really ran, and really ran instrumented: every run, and the transform changed the sources
    expect(baseline.meta.counts.pass).toBeGreaterThan(23_000)
    expect(report.meta.counts.pass + report.meta.counts.fail).toBe(baseline.meta.counts.pass + baseline.meta.counts.fail)
    expect(report.meta.counts.transformUnchanged).toBeLessThan(100)
  })
})
