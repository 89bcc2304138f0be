// "Algorithmic optimization wins": how each function grows with the input, from several runs at different
// sizes (trend-prof, Goldsmith, Aiken and Wilkerson, FSE 2007; aprof, Coppa, Demetrescu and Finocchi, PLDI
// 2012). A least-squares line through log(calls) and log(own time) against log(size) gives the exponents:
// time ∝ n^2 with calls ∝ n^1 is the algorithm, not the constant. Several runs at one size are one point: the
// fastest of them for time (interference from the rest of the machine only ever adds time), their calls.

import { makeBaseline } from '../baseline.js'
import { ProbeprofError } from '../errors.js'
import type { ProfileData } from '../model.js'
import { K_MIN_SAMPLES, sampleIntervalOf } from '../samples.js'
import type { FunctionGrowth, GrowthFit, ScalingAdvice } from './types.js'

export type { FunctionGrowth, GrowthFit, ScalingAdvice } from './types.js'

/** A time exponent this far above 1 is super-linear beyond what noise explains over a few runs. */
export const K_SUPERLINEAR_EXPONENT = 1.2
/** Own time in the largest run below this is timer noise: no time exponent is fitted (seconds). */
export const K_MIN_FIT_TIME_S = 0.001
/**
 * Only a function with this share of the own time at the largest size is called super-linear: below it, a
 * garbage collection or a preemption landing in it can bend its line, and it could not matter much anyway.
 */
export const K_MIN_SUPERLINEAR_SHARE = 0.05

/**
 * `sizes`: one per profile, or the name of a function whose call count in each run is its size. Functions are
 * matched across runs by file and name, as `baseline` matches them.
 */
export function adviseScaling(profiles: readonly ProfileData[], sizes: readonly number[] | { function: string }): ScalingAdvice {
  if (profiles.length < 2) throw new ProbeprofError(`--scaling needs reports of 2 runs or more at different sizes (got ${profiles.length}); 3 give a fit its evidence`)
  const runs = makeBaseline(profiles, '')
  let given: number[]
  let sizeSource: string
  if (Array.isArray(sizes)) {
    if (sizes.length !== profiles.length) throw new ProbeprofError(`--sizes gives ${sizes.length} sizes for ${profiles.length} reports: give one per report, in the same order`)
    given = sizes.slice()
    sizeSource = '--sizes'
  } else {
    const { function: name } = sizes as { function: string }
    const matches = runs.functions.filter((fn) => fn.name === name)
    if (matches.length !== 1) {
      const why = matches.length === 0 ? 'no function of that name in the reports' : `${matches.length} functions have that name`
      throw new ProbeprofError(`--size-from '${name}': ${why}; name one function whose call count is the input size, or give --sizes`)
    }
    given = matches[0].calls
    sizeSource = `calls of ${name}`
  }
  if (given.some((size) => !(size > 0))) throw new ProbeprofError(`input sizes must be above 0 (got ${given.join(', ')})`)
  if (new Set(given).size < 2) throw new ProbeprofError(`the runs must be at 2 input sizes or more to fit growth (all are ${given[0]})`)

  const distinct = [...new Set(given)].sort((a, b) => a - b)
  const runsAt = distinct.map((size) => given.map((_, run) => run).filter((run) => given[run] === size))
  const logSizes = distinct.map(Math.log)
  const largest = distinct.length - 1
  const functions: FunctionGrowth[] = []
  const timeAt = (fn: (typeof runs.functions)[number]) => runsAt.map((at) => Math.min(...at.map((run) => fn.tottime[run])))
  const totalAtLargest = runs.functions.reduce((sum, fn) => sum + timeAt(fn)[largest], 0)
  // sampled times: a point resting on a few samples bends the line as much as a preemption would
  const sampleInterval = sampleIntervalOf(profiles.flatMap((profile) => profile.sources))
  const minSampledTime = sampleInterval === null ? 0 : K_MIN_SAMPLES * sampleInterval
  const fits = (tottime: number[]) => tottime.every((seconds) => seconds > 0 && seconds >= minSampledTime) && tottime[largest] >= K_MIN_FIT_TIME_S
  for (const fn of runs.functions) {
    const calls = runsAt.map((at) => Math.min(...at.map((run) => fn.calls[run])))
    const tottime = timeAt(fn)
    if (calls.some((count) => count === 0)) continue
    const timeFit = fits(tottime) ? fitPowerLaw(logSizes, tottime) : null
    functions.push({
      file: fn.file,
      name: fn.name,
      line: fn.line,
      standardName: `${fn.file}:${fn.line}(${fn.name})`,
      calls,
      tottime,
      callsFit: fitPowerLaw(logSizes, calls),
      timeFit,
      superLinear: timeFit !== null && timeFit.exponent >= K_SUPERLINEAR_EXPONENT && tottime[largest] >= K_MIN_SUPERLINEAR_SHARE * totalAtLargest,
    })
  }
  // the super-linear ones first, then by exponent: the advice leads with what it flags
  functions.sort(
    (a, b) =>
      Number(b.superLinear) - Number(a.superLinear) ||
      (b.timeFit?.exponent ?? -Infinity) - (a.timeFit?.exponent ?? -Infinity) ||
      b.tottime[largest] - a.tottime[largest],
  )
  return {
    sizes: distinct,
    runsPerSize: runsAt.map((at) => at.length),
    runSizes: given,
    sizeSource,
    sources: profiles.flatMap((profile) => profile.sources.map((source) => source.path)),
    functions,
    thresholds: { superLinearExponent: K_SUPERLINEAR_EXPONENT, minSuperLinearShare: K_MIN_SUPERLINEAR_SHARE, sampleInterval, minSampledTime },
  }
}

/** Least squares of log(y) on log(n): the exponent of y ∝ n^b and the fit's r². */
export function fitPowerLaw(logSizes: readonly number[], values: readonly number[]): GrowthFit {
  const ys = values.map(Math.log)
  const count = logSizes.length
  const meanX = logSizes.reduce((sum, x) => sum + x, 0) / count
  const meanY = ys.reduce((sum, y) => sum + y, 0) / count
  let sxx = 0
  let sxy = 0
  let syy = 0
  for (let i = 0; i < count; i++) {
    sxx += (logSizes[i] - meanX) ** 2
    sxy += (logSizes[i] - meanX) * (ys[i] - meanY)
    syy += (ys[i] - meanY) ** 2
  }
  const exponent = sxy / sxx
  const r2 = count < 3 ? null : syy === 0 ? 1 : (sxy * sxy) / (sxx * syy)
  return { exponent, r2 }
}
