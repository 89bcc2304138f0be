// `probeprof advise` on the primes app (the demo): a real build with probes, a real run, the report read back.
// The expected values are computed here from the report's raw JSON (shares of its own totals), and the counts
// are the app's known ones: 690 candidates drawn until 100 primes are found, fib(15) makes 1973 calls.
import { beforeAll, describe, expect, it } from 'vitest'
import type { FunctionRecord, ProfileReport } from '@probeprof/runtime/report'
import type { Advice } from '../../packages/probeprof/dist/advise/types.js'
import { runCli, spawnCli } from '../helpers/cli.js'
import { profileFixture } from '../helpers/reports.js'

let slow: { report: ProfileReport; path: string }
let fast: { report: ProfileReport; path: string }

const fnNamed = (report: ProfileReport, name: string) => report.functions.find((fn) => fn.name === name) as FunctionRecord
const sumOf = (report: ProfileReport, field: 'tottime' | 'calls') => report.functions.reduce((sum, fn) => sum + fn[field], 0)

async function adviceOf(path: string, ...options: string[]): Promise<Advice> {
  const result = await runCli(['advise', path, '--json', ...options])
  expect(result.status, result.stderr).toBe(0)
  return JSON.parse(result.stdout) as Advice
}

/** The fewest functions, largest own time first, whose own times reach 80 % of their sum. */
function timeParetoOf(functions: readonly FunctionRecord[]): string[] {
  const total = functions.reduce((sum, fn) => sum + fn.tottime, 0)
  let running = 0
  const names: string[] = []
  for (const fn of functions.slice().sort((a, b) => b.tottime - a.tottime)) {
    if (running >= 0.8 * total) break
    running += fn.tottime
    names.push(`${fn.file}:${fn.line}(${fn.name})`)
  }
  return names
}

beforeAll(async () => {
  slow = await profileFixture('fixtures/primes/src/slow.ts')
  fast = await profileFixture('fixtures/primes/src/fast.ts')
})

describe('probeprof advise: Pareto', () => {
  it('puts isPrime first in the 80 % set of the slow run, with its share of Σ tottime', async () => {
    const advice = await adviceOf(slow.path)
    const isPrime = fnNamed(slow.report, 'isPrime')
    const total = sumOf(slow.report, 'tottime')
    // the O(x²) primality test takes most of the time on this app (how much depends on the machine's load)
    expect(isPrime.tottime / total).toBeGreaterThan(0.5)
    expect(advice.pareto.time!.entries.map((entry) => entry.fn.standardName)).toEqual(timeParetoOf(slow.report.functions))
    expect(advice.pareto.time!.entries[0].fn.name).toBe('isPrime')
    expect(advice.pareto.time!.entries[0].share).toBeCloseTo(isPrime.tottime / total, 12)
    expect(advice.pareto.time!.total).toBeCloseTo(total, 12)
  })

  it('finds the exact 80 % set of the calls: fib (1973 calls), then three of the functions called 690 times', async () => {
    const advice = await adviceOf(slow.path)
    const calls = advice.pareto.calls
    expect(calls.total).toBe(sumOf(slow.report, 'calls'))
    expect(calls.total).toBe(4738)
    expect(calls.entries.map((entry) => entry.value)).toEqual([1973, 690, 690, 690])
    expect(calls.entries[0].fn.name).toBe('fib')
    // four, not three: 1973 + 2·690 = 3353 is 70.8 % of 4738; a fourth 690 brings it to 85.3 %
    expect(calls.entries[2].cumulativeShare).toBeCloseTo(3353 / 4738, 12)
    expect(calls.entries[3].cumulativeShare).toBeCloseTo(4043 / 4738, 12)
  })

  it('shows the next bottleneck once isPrime is gone: the Pareto set of the rest, as shares of the rest', async () => {
    const advice = await adviceOf(slow.path)
    expect(advice.next!.removed.name).toBe('isPrime')
    const rest = slow.report.functions.filter((fn) => fn.name !== 'isPrime')
    const restTotal = rest.reduce((sum, fn) => sum + fn.tottime, 0)
    expect(advice.next!.time.entries.map((entry) => entry.fn.standardName)).toEqual(timeParetoOf(rest))
    expect(advice.next!.time.total).toBeCloseTo(restTotal, 12)
    expect(advice.next!.time.considered).toBe(slow.report.functions.length - 1)
  })
})

describe('probeprof advise: know when to stop (Amdahl)', () => {
  it("bounds isPrime's fix by its own time, as a share of the run's wall time", async () => {
    const advice = await adviceOf(slow.path)
    const isPrime = fnNamed(slow.report, 'isPrime')
    expect(advice.reference).toEqual({ label: 'wall time', seconds: slow.report.meta.wallTime })
    expect(advice.fixes[0].fn.name).toBe('isPrime')
    expect(advice.fixes[0].ownGain).toBe(isPrime.tottime)
    expect(advice.fixes[0].ownShare).toBeCloseTo(isPrime.tottime / slow.report.meta.wallTime, 12)
    expect(advice.fixes[0].cumGain).toBe(isPrime.cumtime)
  })

  it('lists every fix worth 5 % or more, then stops at the best one below it', async () => {
    for (const run of [slow, fast]) {
      const advice = await adviceOf(run.path)
      const wall = run.report.meta.wallTime
      // sampled times too thin for a verdict have their own test below: no fixes and no stop, on purpose
      if (advice.sampling !== null && !advice.sampling.enough) {
        expect(run).toBe(fast)
        continue
      }
      const byGain = run.report.functions.slice().sort((a, b) => b.tottime - a.tottime)
      const worth = byGain.filter((fn) => fn.tottime / wall >= 0.05)
      expect(advice.fixes.map((fix) => fix.fn.tottime)).toEqual(worth.map((fn) => fn.tottime))
      // a function with no own time is no fix: with the sampled default, every function below 5 % of a short run can
      // get no sample, and then there is no best fix below the threshold
      const below = byGain.find((fn) => fn.tottime / wall < 0.05 && fn.tottime > 0)
      if (below === undefined) expect(advice.stop.best).toBeNull()
      else {
        expect(advice.stop.best!.fn.standardName).toBe(`${below.file}:${below.line}(${below.name})`)
        expect(advice.stop.best!.ownShare).toBeLessThan(0.05)
      }
    }
  })

  it('says stop here when no fix reaches the threshold, and honours --stop-below', async () => {
    const isPrime = fnNamed(slow.report, 'isPrime')
    const above = Math.ceil((100 * isPrime.tottime) / slow.report.meta.wallTime) + 1 // a threshold above isPrime's share
    const advice = await adviceOf(slow.path, '--stop-below', `${above}%`)
    expect(advice.fixes).toEqual([])
    expect(advice.stop.best!.fn.name).toBe('isPrime')
    const text = await runCli(['advise', slow.path, '--stop-below', `${above}%`])
    expect(text.stdout).toMatch(new RegExp(`stop here: the best fix, isPrime \\(fixtures/primes/src/primes\\.ts:12\\), saves at most .* below the ${above}% worth a fix\\.`))
  })
})

describe('probeprof advise: sampled times too few for a verdict', () => {
  // a function at the 5 % stop line must get 10 samples: 0.05 × the reference time / interval, from the report's own
  // meta; the reference is the wall time, or Σ tottime where that is larger (types.ts, Advice.reference)
  const samplesAtStopLine = (report: ProfileReport) => (0.05 * Math.max(report.meta.wallTime, sumOf(report, 'tottime'))) / report.meta.sampleInterval!

  it('gives no fix and no stop on a run too short for its sampling interval, and says why and what to do', async () => {
    // fast.ts runs for about 10 ms: sampled every 2 ms, a 5 % function would get a quarter of one sample
    const run = await profileFixture('fixtures/primes/src/fast.ts', { env: { PROBEPROF_CLOCK: 'sampled', PROBEPROF_SAMPLE_US: '2000' } })
    expect(run.report.meta.clock).toBe('sampled')
    expect(run.report.meta.sampleInterval).toBe(0.002)
    expect(samplesAtStopLine(run.report)).toBeLessThan(10)
    const advice = await adviceOf(run.path)
    expect(advice.sampling).toEqual({
      interval: 0.002,
      samples: expect.closeTo(sumOf(run.report, 'tottime') / 0.002, 9),
      samplesAtStopLine: expect.closeTo(samplesAtStopLine(run.report), 9),
      needed: 10,
      enough: false,
    })
    expect(advice.fixes).toEqual([])
    expect(advice.stop.best).toBeNull()
    expect(advice.features.helpers).toEqual([])
    const brief = (await runCli(['advise', run.path, '--brief'])).stdout.split('\n')
    // the exact calls lead instead of the thin times: fib's 1973 calls are 41.6 % of the 4738
    expect(brief[0]).toMatch(/^probeprof advise: 4 of 10 functions make 85\.3% of the calls \(Pareto line 80%\): fib \(fixtures\/primes\/src\/primes\.ts:40\) 41\.6%/)
    const atLine = samplesAtStopLine(run.report).toFixed(1)
    expect(brief[1]).toMatch(
      new RegExp(`^  too few samples to tell what is worth a fix: a function that saves 5% of the wall time \\(.+\\) gets about ${atLine.replace('.', '\\.')} of this run's \\d+ samples \\(2\\.000 ms apart\\), and its time needs 10\\. Profile a longer run, or record this one with PROBEPROF_CLOCK=precise\\.$`),
    )
  })

  it("judges a run whose stop line gets 10 samples or more as a precise one: the slow run's isPrime is worth fixing", async () => {
    const run = await profileFixture('fixtures/primes/src/slow.ts', { env: { PROBEPROF_CLOCK: 'sampled', PROBEPROF_SAMPLE_US: '100' } })
    const advice = await adviceOf(run.path)
    // the slow run takes 40 ms or more: a 5 % function gets 20 samples of 100 µs
    expect(samplesAtStopLine(run.report)).toBeGreaterThanOrEqual(10)
    expect(advice.sampling!.enough).toBe(true)
    expect(advice.fixes[0].fn.name).toBe('isPrime')
  })
})

describe('probeprof advise: leave alone', () => {
  it('lists exactly the functions under 1 % of Σ tottime in own and cumulative time', async () => {
    const advice = await adviceOf(slow.path)
    const total = sumOf(slow.report, 'tottime')
    const expected = slow.report.functions.filter((fn) => fn.tottime / total < 0.01 && fn.cumtime / total < 0.01).map((fn) => `${fn.file}:${fn.line}(${fn.name})`)
    expect(advice.leaveAlone.functions.map((entry) => entry.fn.standardName).sort()).toEqual(expected.sort())
    // findPrimes owns almost no time but calls the bottleneck: it is never "leave alone"
    expect(advice.leaveAlone.functions.map((entry) => entry.fn.name)).not.toContain('findPrimes')
    expect(advice.leaveAlone.functions.map((entry) => entry.fn.name)).toContain('Random.constructor')
  })
})

describe('probeprof advise: the text', () => {
  it('names isPrime with its share and its Amdahl bound, and ends the fixes with a stop line', async () => {
    const result = await runCli(['advise', slow.path])
    expect(result.status).toBe(0)
    const isPrime = fnNamed(slow.report, 'isPrime')
    const share = ((100 * isPrime.tottime) / sumOf(slow.report, 'tottime')).toFixed(1)
    const bound = ((100 * isPrime.tottime) / slow.report.meta.wallTime).toFixed(1)
    expect(result.stdout).toContain(`Pareto: ${timeParetoOf(slow.report.functions).length} of 10 functions take`)
    expect(result.stdout).toMatch(new RegExp(` ${share}% +${share}% +isPrime \\(fixtures/primes/src/primes\\.ts:12\\)`))
    expect(result.stdout).toMatch(new RegExp(` ${bound}% +[\\d.]+ \\S+ +${bound}% +isPrime \\(fixtures/primes/src/primes\\.ts:12\\)`))
    expect(result.stdout).toMatch(/after (that|those), stop: the best remaining fix, .* below the 5% worth a fix\./)
    expect(result.stdout).toMatch(/Leave alone \(premature optimization\): \d+ of 10 functions/)
  })

  it('prints a brief summary with --brief', async () => {
    const result = await runCli(['advise', slow.path, '--brief'])
    const lines = result.stdout.trimEnd().split('\n')
    const count = timeParetoOf(slow.report.functions).length
    expect(lines[0]).toMatch(new RegExp(`^probeprof advise: ${count} of 10 functions take [\\d.]+% of the own time \\(Pareto line 80%\\): isPrime`))
    expect(lines.some((line) => /stop: the best remaining fix/.test(line))).toBe(true)
    expect(lines.length).toBeLessThanOrEqual(4)
  })
})

describe('probeprof advise: cost by caller', () => {
  it("splits a shared helper's time by caller: the rare caller's 3 calls take most of it (fixtures/advise/features.ts)", async () => {
    // precise: checked against the spins' ground truth within 1.5 ms (the sampled clock's accuracy has its own
    // test, test/runtime/ground-truth.test.ts)
    const run = await profileFixture('fixtures/advise/features.ts', { env: { PROBEPROF_CLOCK: 'precise' } })
    const advice = await adviceOf(run.path)
    expect(advice.features.routes).toEqual([]) // not a server
    const [helper] = advice.features.helpers
    expect(helper.fn.name).toBe('render')
    expect(helper.callers.map((caller) => [caller.caller.name, caller.calls])).toEqual([['rarely', 3], ['everyday', 1000]])
    const [rarely, everyday] = helper.callers
    expect(rarely.callShare).toBe(3 / 1003)
    // ground truth: 3 spins of 10 ms, and 1000 of 10 µs (plus a loop and the probes' cost per call)
    expect(Math.abs(rarely.cumtime - 0.03)).toBeLessThan(0.0015)
    expect(everyday.cumtime).toBeGreaterThanOrEqual(0.01)
    expect(rarely.timeShare).toBeCloseTo(rarely.cumtime / (rarely.cumtime + everyday.cumtime), 12)
    const text = (await runCli(['advise', run.path])).stdout
    expect(text).toContain('Cost by caller: render (fixtures/advise/features.ts:5), ')
    expect(text).toMatch(/^ +3 +0\.3% +[\d.]+ ms +[\d.]+% +rarely \(fixtures\/advise\/features\.ts:16\)$/m)
    expect(text).toMatch(/^ +1,000 +99\.7% +[\d.]+ ms +[\d.]+% +everyday \(fixtures\/advise\/features\.ts:12\)$/m)
  })
})

describe('probeprof advise: bad input', () => {
  it.each([
    [['advise'], 'probeprof: error: advise needs at least one report file, e.g. probeprof advise probeprof.json'],
    [['advise', 'x.json', '--stop'], "probeprof: error: unknown option '--stop', maybe you meant '--stop-below'? (see probeprof advise --help)"],
    [['advise', 'x.json', '--stop-below', 'five'], "probeprof: error: invalid --stop-below 'five': give a percentage above 0 and at most 100, such as 5 or 5%"],
    [['advise', 'missing.json'], "probeprof: error: cannot read profile 'missing.json': no such file; run the instrumented app first (it writes probeprof.json)"],
  ])('%j: one line, exit 2', (argv, message) => {
    const result = spawnCli(argv)
    expect(result.status).toBe(2)
    expect(result.stderr).toBe(`${message}\n`)
    expect(result.stdout).toBe('')
  })
})
