// `probeprof advise --scaling` on fixtures/advise/scaling.ts, built once with probes and run at three input
// sizes, three runs each: distanceTo is O(n) per call and called n times (time ∝ n², calls ∝ n), weigh does fixed
// work per call (time ∝ n, calls ∝ n). The fitted exponents must be within 0.15 of 2 and 1; calls exactly 1.
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ScalingAdvice } from '../../packages/probeprof/dist/advise/scaling.js'
import { buildApp, readReport, repoRoot, runNode, tempDir } from '../helpers/app.js'
import { runCli, spawnCli } from '../helpers/cli.js'

const SIZES = [1000, 4000, 16000]
const RUNS_PER_SIZE = 3
const reports: string[] = []
const sizes: number[] = []
let dir: string

/** Runs the built fixture at size `n` with these PROBEPROF_* settings; its report goes to `name` in the build's folder. */
function recordRun(n: number, name: string, env: Record<string, string>): string {
  const out = join(dir, name)
  const result = runNode(join(dir, 'scaling.mjs'), { args: [String(n)], env: { PROBEPROF_OUT: out, PROBEPROF_QUIET: '1', ...env } })
  expect(result.status, result.stderr).toBe(0)
  return out
}

beforeAll(async () => {
  dir = tempDir('scaling-')
  await buildApp({ entryPoints: [join(repoRoot, 'fixtures/advise/scaling.ts')], outdir: dir, plugin: { enabled: true } })
  for (let run = 0; run < RUNS_PER_SIZE; run++) {
    for (const n of SIZES) {
      // precise: the fit is checked within 0.15, and the smallest size's functions run for a few milliseconds
      reports.push(recordRun(n, `n${n}-${run}.json`, { PROBEPROF_CLOCK: 'precise' }))
      sizes.push(n)
    }
  }
}, 120_000)

async function scaling(...options: string[]): Promise<ScalingAdvice> {
  const result = await runCli(['advise', '--scaling', ...reports, '--json', ...options])
  expect(result.status, result.stderr).toBe(0)
  return JSON.parse(result.stdout) as ScalingAdvice
}

describe('probeprof advise --scaling', () => {
  it('fits time ∝ n^2 for the quadratic function and n^1 for the linear one, calls ∝ n^1 for both', async () => {
    const advice = await scaling('--sizes', sizes.join(','))
    expect(advice.sizes).toEqual(SIZES)
    expect(advice.runsPerSize).toEqual([3, 3, 3])
    const fn = (name: string) => advice.functions.find((entry) => entry.name === name)!
    expect(fn('distanceTo').calls).toEqual(SIZES) // exact: one call per item
    expect(fn('weigh').calls).toEqual(SIZES)
    expect(fn('distanceTo').callsFit!.exponent).toBeCloseTo(1, 9)
    expect(fn('weigh').callsFit!.exponent).toBeCloseTo(1, 9)
    const times = `own times at each size: distanceTo ${fn('distanceTo').tottime.join(', ')}; weigh ${fn('weigh').tottime.join(', ')}`
    expect(Math.abs(fn('distanceTo').timeFit!.exponent - 2), times).toBeLessThan(0.15)
    expect(Math.abs(fn('weigh').timeFit!.exponent - 1), times).toBeLessThan(0.15)
    expect(fn('distanceTo').superLinear).toBe(true)
    expect(fn('weigh').superLinear).toBe(false)
    expect(advice.functions[0].name).toBe('distanceTo') // the fastest-growing first
  })

  it("takes the sizes from a function's call count, to the same fit", async () => {
    const bySizes = await scaling('--sizes', sizes.join(','))
    const byCalls = await scaling('--size-from', 'weigh')
    expect(byCalls.sizes).toEqual(SIZES)
    expect(byCalls.sizeSource).toBe('calls of weigh')
    expect(byCalls.functions).toEqual(bySizes.functions)
  })

  it('says in words which function is super-linear, and why', async () => {
    const advice = await scaling('--size-from', 'weigh')
    const distanceTo = advice.functions.find((entry) => entry.name === 'distanceTo')!
    const text = (await runCli(['advise', '--scaling', ...reports, '--size-from', 'weigh'])).stdout
    expect(text).toContain('Scaling over 9 runs at input sizes 1,000 (3 runs), 4,000 (3 runs), 16,000 (3 runs) (calls of weigh)')
    expect(text).toContain(
      `super-linear: distanceTo (fixtures/advise/scaling.ts:8): time ∝ n^${distanceTo.timeFit!.exponent.toFixed(2)}, calls ∝ n^1.00; each call does more work as the input grows: the algorithm, not the constant.\n`,
    )
    expect(text).not.toContain('super-linear: weigh')
  })

  it('--sizes without --scaling: one line, exit 2', () => {
    const result = spawnCli(['advise', reports[0], '--sizes', '1000'])
    expect(result.stderr).toBe('probeprof: error: --sizes and --size-from go with --scaling\n')
    expect(result.status).toBe(2)
  })

  it.each([
    [['--sizes', '1,2'], "probeprof: error: --sizes gives 2 sizes for 9 reports: give one per report, in the same order"],
    [[], 'probeprof: error: --scaling needs the input size of each run: --sizes 1000,2000,4000 (one per report) or --size-from FUNCTION (its call count)'],
    [['--size-from', 'nothing'], "probeprof: error: --size-from 'nothing': no function of that name in the reports; name one function whose call count is the input size, or give --sizes"],
    [['--size-from', 'run'], 'probeprof: error: the runs must be at 2 input sizes or more to fit growth (all are 1)'],
    [['--size-from', 'weigh', '--stop-below', '2'], 'probeprof: error: --stop-below cannot be used with --scaling: it applies to the advice on one profile'],
    [['--sizes', '1000,0,4000'], "probeprof: error: invalid --sizes '1000,0,4000': give one positive number per report, comma-separated (1000,2000,4000)"],
  ])('%j: one line, exit 2', (options, message) => {
    const result = spawnCli(['advise', '--scaling', ...reports, ...options])
    expect(result.stderr).toBe(`${message}\n`)
    expect(result.status).toBe(2)
  })
})

describe('probeprof advise --scaling on sampled times', () => {
  it('fits no time exponent where a size gives the function fewer than 10 samples, and says so', async () => {
    // sampled every 2 ms, a fit needs 20 ms at every size: weigh and distanceTo take 1-3 ms at n = 1,000 and
    // hundreds at 16,000, so neither gets a time exponent; their calls are exact and still fit n^1
    const sampled = SIZES.map((n) => recordRun(n, `n${n}-sampled.json`, { PROBEPROF_CLOCK: 'sampled', PROBEPROF_SAMPLE_US: '2000' }))
    const result = await runCli(['advise', '--scaling', ...sampled, '--sizes', SIZES.join(','), '--json'])
    const advice = JSON.parse(result.stdout) as ScalingAdvice
    expect(advice.thresholds.sampleInterval).toBe(0.002)
    expect(advice.thresholds.minSampledTime).toBeCloseTo(0.02, 12)
    // the expected fits from the reports' own times: a fit only where every size has 20 ms or more
    const ownTime = (path: string, name: string) => readReport(path).functions.find((fn) => fn.name === name)!.tottime
    for (const name of ['distanceTo', 'weigh']) {
      const fn = advice.functions.find((entry) => entry.name === name)!
      const times = sampled.map((path) => ownTime(path, name))
      expect(fn.timeFit === null, `${name}: ${times.join(', ')}`).toBe(times.some((seconds) => seconds < 0.02))
      expect(fn.callsFit!.exponent).toBeCloseTo(1, 9)
    }
    expect(ownTime(sampled[0], 'distanceTo')).toBeLessThan(0.02) // n = 1,000: the case this test is about
    const text = (await runCli(['advise', '--scaling', ...sampled, '--sizes', SIZES.join(',')])).stdout
    expect(text).toContain('untimed rows (-): a run gave the function no time, or under 1 ms in the largest run, or, sampled every 2.000 ms, under 20.00 ms (10 samples) at some size (PROBEPROF_CLOCK=precise times the small sizes too), too little to fit.')
  }, 60_000)
})
