// Profiling a test suite: which of my functions cost my tests their time. The fixture's two test files
// (fixtures/test-runners) run in one process each, under `node --test` (with `--import @probeprof/register`,
// which the runner passes on to every test process), and in one process or worker thread each under vitest (with
// `@probeprof/vite` and a setup file in its config); each writes its report into one run directory, and `probeprof merge` makes the run's one report, with
// exactly the calls the test files make (counted in their comments).
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot, tempDir } from '../helpers/app.js'
import { callsByRow } from '../helpers/bundler-contract.js'
import { runCli } from '../helpers/cli.js'

const FIXTURE = join(repoRoot, 'fixtures/test-runners')

/** This process's environment without what the vitest running these tests set for its own workers. */
function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('VITEST') && key !== 'NODE_OPTIONS' && key !== 'TEST' && !key.startsWith('PROBEPROF')) env[key] = value
  }
  return { ...env, ...extra }
}

/** Runs the suite with PROBEPROF=1 and every report in `run/`; merges them; returns the run's files and the merged calls. */
async function profileSuite(args: string[], cwd: string): Promise<{ reports: string[]; calls: Record<string, number> }> {
  const dir = tempDir('test-runner-')
  const run = spawnSync(process.execPath, args, {
    cwd,
    env: cleanEnv({ PROBEPROF: '1', PROBEPROF_QUIET: '1', PROBEPROF_OUT: join(dir, 'run/%p.json') }),
    encoding: 'utf8',
    timeout: 120_000,
  })
  expect(run.status, run.stdout + run.stderr).toBe(0)
  const reports = readdirSync(join(dir, 'run')).sort()
  const merged = join(dir, 'tests.json')
  const merge = await runCli(['merge', ...reports.map((name) => join(dir, 'run', name)), '-o', merged])
  expect(merge.status, merge.stderr).toBe(0)
  expect(merge.stderr).toMatch(new RegExp(`^probeprof: merged ${reports.length} reports \\(\\d+ calls in \\d+ functions\\) into .*tests\\.json\n$`))
  return { reports, calls: callsByRow(merged) }
}

describe('profiling a test suite: one report per run, merged across the runner’s processes', () => {
  it('node --import @probeprof/register --test: every test file’s process reports, merged with exact calls', async () => {
    const files = ['slug.test.ts', 'palindrome.test.ts'].map((name) => join(FIXTURE, 'node-test', name))
    const { reports, calls } = await profileSuite(['--import', '@probeprof/register', '--test', ...files], repoRoot)
    expect(reports).toHaveLength(2) // one per test file: node --test runs each in a process of its own
    const text = 'fixtures/test-runners/src/text.ts'
    expect(calls[`${text}:6(slugify)`]).toBe(3)
    expect(calls[`${text}:2(words)`]).toBe(5) // 3 from slugify, 2 from the test
    expect(calls[`${text}:3(words.<anonymous>)`]).toBe(12) // the filter callback: 2 + 5 + 1 + 2 + 2 split parts
    expect(calls[`${text}:10(isPalindrome)`]).toBe(4)
    expect(calls[`${text}:1(<module>)`]).toBe(2) // imported once in each process
    expect(calls['fixtures/test-runners/node-test/slug.test.ts:6(<anonymous>)']).toBe(1)
  })

  it.each([
    ['its default pool: a process per test file', [], /^\d+\.json$/],
    ['--pool threads: a worker thread per test file', ['--pool', 'threads'], /^\d+-w\d+\.json$/],
  ])('vitest run with @probeprof/vite in its config, %s: every worker reports, merged with exact calls', async (_pool, args, reportName) => {
    const vitest = join(repoRoot, 'node_modules/vitest/vitest.mjs')
    const { reports, calls } = await profileSuite([vitest, 'run', ...args], FIXTURE)
    expect(reports).toHaveLength(2)
    for (const name of reports) expect(name).toMatch(reportName)
    // paths are relative to the vitest root, the fixture directory
    expect(calls['src/text.ts:6(slugify)']).toBe(3)
    expect(calls['src/text.ts:2(words)']).toBe(5)
    expect(calls['src/text.ts:3(words.<anonymous>)']).toBe(12)
    expect(calls['src/text.ts:10(isPalindrome)']).toBe(4)
    expect(calls['src/text.ts:1(<module>)']).toBe(2)
    expect(calls['vitest/slug.test.ts:5(<anonymous>)']).toBe(1)
  })
})
