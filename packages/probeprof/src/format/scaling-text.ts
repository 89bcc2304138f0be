// `probeprof advise --scaling` as text: each function's growth exponents, the super-linear ones spelled out. The
// HTML report's page uses the same sentences, so this module imports nothing that needs Node.

import type { FunctionGrowth, GrowthFit, ScalingAdvice } from '../advise/types.js'
import { readableTime } from './units.js'

export function formatScaling(scaling: ScalingAdvice): string {
  const note = fastestRunNote(scaling)
  const lines = [scalingHeadline(scaling), ...(note === null ? [] : [`   ${note}`]), '']
  lines.push(`   ${'time ∝ n^b'.padStart(10)}  ${'r²'.padStart(5)}  ${'calls ∝ n^b'.padStart(11)}  ${'own time, smallest → largest size'.padEnd(32)}  function`)
  for (const fn of scaling.functions) {
    const cells = growthCells(fn)
    lines.push(`   ${cells.time.padStart(10)}  ${cells.r2.padStart(5)}  ${cells.calls.padStart(11)}  ${cells.ownTimes.padEnd(32)}  ${fn.name} (${fn.file}:${fn.line})`)
  }
  lines.push('', ...superLinearLines(scaling), untimedNote(scaling), '')
  return lines.join('\n')
}

/** "Scaling over 9 runs at input sizes 1,000 (3 runs), … (calls of weigh): own time and calls against size, fitted as n^b" */
export function scalingHeadline(scaling: ScalingAdvice): string {
  const sizes = scaling.sizes.map((size, i) => `${size.toLocaleString('en-US')}${scaling.runsPerSize[i] > 1 ? ` (${scaling.runsPerSize[i]} runs)` : ''}`).join(', ')
  return `Scaling over ${scaling.runSizes.length} runs at input sizes ${sizes} (${scaling.sizeSource}): own time and calls against size, fitted as n^b`
}

/** Said when one size had several runs, null otherwise. */
export function fastestRunNote(scaling: ScalingAdvice): string | null {
  return scaling.runSizes.length > scaling.sizes.length ? 'several runs at one size: the fastest one counts for time (the rest of the machine only adds time)' : null
}

/** One function's row as printed: the exponents to two places, '-' where no fit was made. */
export function growthCells(fn: FunctionGrowth): { time: string; r2: string; calls: string; ownTimes: string } {
  const exponent = (fit: GrowthFit | null) => (fit === null ? '-' : fit.exponent.toFixed(2))
  return {
    time: exponent(fn.timeFit),
    r2: fn.timeFit?.r2 == null ? '-' : fn.timeFit.r2.toFixed(3),
    calls: exponent(fn.callsFit),
    ownTimes: `${readableTime(fn.tottime[0], ' ')} → ${readableTime(fn.tottime[fn.tottime.length - 1], ' ')}`,
  }
}

/** One line per super-linear function, with why it grows; or the one line saying none does. */
export function superLinearLines(scaling: ScalingAdvice): string[] {
  const { superLinearExponent, minSuperLinearShare } = scaling.thresholds
  const flagged = scaling.functions.filter((fn) => fn.superLinear)
  if (flagged.length === 0) return [`no function with ${Math.round(100 * minSuperLinearShare)}% of the time or more grows faster than n^${superLinearExponent} over these runs.`]
  return flagged.map((fn) => {
    const calls = fn.callsFit!.exponent
    const why =
      calls >= superLinearExponent
        ? 'it is called more often per item as the input grows: look at the loops that call it'
        : 'each call does more work as the input grows: the algorithm, not the constant'
    return `super-linear: ${fn.name} (${fn.file}:${fn.line}): time ∝ n^${fn.timeFit!.exponent.toFixed(2)}, calls ∝ n^${calls.toFixed(2)}; ${why}.`
  })
}

/** What a '-' in a row means; with sampled times, the own time each size needs for a fit too. */
export function untimedNote(scaling: ScalingAdvice): string {
  const { sampleInterval, minSampledTime } = scaling.thresholds
  const sampled =
    sampleInterval === null
      ? ''
      : `, or, sampled every ${readableTime(sampleInterval, ' ')}, under ${readableTime(minSampledTime, ' ')} (${Math.round(minSampledTime / sampleInterval)} samples) at some size (PROBEPROF_CLOCK=precise times the small sizes too)`
  return `untimed rows (-): a run gave the function no time, or under 1 ms in the largest run${sampled}, too little to fit.`
}
