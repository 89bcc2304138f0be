// `probeprof baseline save|check` on a job with known calls and a known duration (fixtures/advise/baseline-job.ts):
// real builds, real runs. A rerun of the same code passes; one injected extra call fails, named, exactly;
// a function that takes 5x its time fails on time; a per-function allowance lets it through. The runs use the
// precise clock: their times are checked within a millisecond against how long the job says each spin ran.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { BaselineCheck, BaselineFile } from '../../packages/probeprof/dist/baseline.js'
import { tempDir } from '../helpers/app.js'
import { spawnCli } from '../helpers/cli.js'
import { profileFixture } from '../helpers/reports.js'

const JOB = 'fixtures/advise/baseline-job.ts'
const STEP = 'fixtures/advise/baseline-job.ts:5(step)'
const WORK = 'fixtures/advise/baseline-job.ts:10(work)'
let dir: string
let base: string
/** Milliseconds `work` really ran in each saved run, as the job printed them. */
let workRan: number[]

beforeAll(() => {
  dir = tempDir('baseline-')
  base = join(dir, 'base.json')
  const saved = spawnCli(['baseline', 'save', '-o', base, '--runs', '3', '--clock', 'precise', JOB])
  expect(saved.status, saved.stderr).toBe(0)
  expect(saved.stdout).toContain(`wrote ${base} (`)
  expect(saved.stdout).toContain('3 functions over 3 runs; calls exact, the spread of their times is the noise a check allows\n')
  expect(saved.stdout.split('\n').filter((line) => line === 'sum 297')).toHaveLength(3) // the job ran 3 times
  workRan = [...saved.stdout.matchAll(/^work ran ([\d.]+) ms$/gm)].map((match) => Number(match[1]))
  expect(workRan).toHaveLength(3)
}, 120_000)

describe('probeprof baseline', () => {
  it('saves the exact calls of each run and the own time of each, near the ground truth', () => {
    const baseline = JSON.parse(readFileSync(base, 'utf8')) as BaselineFile
    expect(baseline.runs).toBe(3)
    const fn = (name: string) => baseline.functions.find((entry) => entry.name === name)!
    expect(fn('step').calls).toEqual([100, 100, 100])
    expect(fn('work').calls).toEqual([1, 1, 1])
    // work spins to a 20 ms deadline (a loaded machine overshoots it): its own time is what it printed, within 1 ms
    fn('work').tottime.forEach((seconds, run) => {
      expect(workRan[run]).toBeGreaterThanOrEqual(20)
      expect(Math.abs(seconds * 1000 - workRan[run])).toBeLessThan(1)
    })
  })

  it('passes a rerun of the same code', () => {
    const result = spawnCli(['baseline', 'check', '-b', base, '--runs', '1', '--clock', 'precise', JOB])
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('no regression: no function makes more calls, times within the noise\n')
  }, 60_000)

  it('fails on one injected extra call, exactly, naming the function', () => {
    const result = spawnCli(['baseline', 'check', '-b', base, '--runs', '1', '--clock', 'precise', JOB], { env: { EXTRA_CALL: '1' } })
    expect(result.status).toBe(1)
    expect(result.stdout).toContain(`   REGRESSION ${STEP}: 100 -> 101 calls (+1, exact)\n`)
    expect(result.stdout).toContain(`1 regression: ${STEP}\n`)
  }, 60_000)

  it("fails when a function's time leaves the noise band, and lets it through under a per-function allowance", () => {
    const slow = spawnCli(['baseline', 'check', '-b', base, '--runs', '1', '--clock', 'precise', '--json', JOB], { env: { SLOW_WORK: '1' } })
    expect(slow.status).toBe(1)
    const check = JSON.parse(slow.stdout.slice(slow.stdout.indexOf('{'))) as BaselineCheck
    // work's time is the regression; on a loaded machine (two suites at once, load 8) the module's own time once
    // left its 3-run noise band too, which is load, not this feature: no call changed either way
    expect(check.changes.filter((entry) => entry.kind === 'calls')).toEqual([])
    const change = check.changes.find((entry) => entry.standardName === WORK)!
    expect(change).toMatchObject({ kind: 'time', regression: true, standardName: WORK })
    // 100 ms against 20 ms: the ground truth, within a millisecond each
    expect(Math.abs(change.new!.mean - 0.1)).toBeLessThan(0.002)
    expect(Math.abs(change.base!.mean - 0.02)).toBeLessThan(0.001)
    expect(change.noise!.high).toBeLessThan(0.025)

    const allowed = spawnCli(['baseline', 'check', '-b', base, '--runs', '1', '--clock', 'precise', '--allow', 'work=1000%', JOB], { env: { SLOW_WORK: '1' } })
    expect(allowed.status).toBe(0)
    expect(allowed.stdout).toContain('no regression')
  }, 60_000)

  it('takes reports as runs, and with a single baseline run says times are not checked', async () => {
    const one = await profileFixture(JOB)
    const extra = await profileFixture(JOB, { env: { EXTRA_CALL: '1' } })
    const single = join(dir, 'single.json')
    expect(spawnCli(['baseline', 'save', one.path, '-o', single]).stdout).toContain('one run: times will not be checked (save 3 or more runs for that)')
    const result = spawnCli(['baseline', 'check', '-b', single, extra.path])
    expect(result.status).toBe(1)
    expect(result.stdout).toContain('   times not checked: the baseline has one run, so its noise is unknown (save 3 or more runs)\n')
    expect(result.stdout).toContain(`REGRESSION ${STEP}: 100 -> 101 calls (+1, exact)`)
  }, 60_000)

  it.each([
    [['baseline'], 'probeprof: error: baseline needs save or check (e.g. probeprof baseline save run1.json run2.json run3.json)'],
    [['baseline', 'chek', 'x.json'], "probeprof: error: unknown baseline action 'chek', maybe you meant 'check'? (e.g. probeprof baseline save run1.json run2.json run3.json)"],
    [['baseline', 'check', '-b', 'nothing.json', 'x.json'], "probeprof: error: cannot read baseline 'nothing.json': no such file; make it with probeprof baseline save"],
    [['baseline', 'check', '--time-treshold', '5', 'x.json'], "probeprof: error: unknown option '--time-treshold', maybe you meant '--time-threshold'? (see probeprof baseline check --help)"],
    [['baseline', 'save', '--runs', 'many', JOB], "probeprof: error: invalid --runs 'many': give how many times to run the script, such as 5"],
    [['baseline', 'check', '--allow', 'work', 'x.json'], "probeprof: error: invalid --allow 'work': give REGEX=PERCENT, such as 'parse=20%'"],
  ])('%j: one line, exit 2', (argv, message) => {
    const result = spawnCli(argv)
    expect(result.stderr).toBe(`${message}\n`)
    expect(result.status).toBe(2)
  })

  it('refuses a file that is not a baseline, in one line', async () => {
    const one = await profileFixture(JOB)
    const result = spawnCli(['baseline', 'check', '-b', one.path, one.path])
    expect(result.stderr).toBe(`probeprof: error: cannot read baseline '${one.path}': not a probeprof baseline (make one with probeprof baseline save)\n`)
    expect(result.status).toBe(2)
  })
})
