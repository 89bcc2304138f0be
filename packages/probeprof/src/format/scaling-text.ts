// `probeprof advise --scaling` as text: each function's growth exponents, the super-linear ones spelled out.

import { K_MIN_SUPERLINEAR_SHARE, K_SUPERLINEAR_EXPONENT, type GrowthFit, type ScalingAdvice } from '../advise/scaling.js'
import { readableTime } from './units.js'

export function formatScaling(scaling: ScalingAdvice): string {
  const sizes = scaling.sizes.map((size, i) => `${size.toLocaleString('en-US')}${scaling.runsPerSize[i] > 1 ? ` (${scaling.runsPerSize[i]} runs)` : ''}`).join(', ')
  const runs = scaling.runsPerSize.reduce((sum, count) => sum + count, 0)
  const lines = [
    `Scaling over ${runs} runs at input sizes ${sizes} (${scaling.sizeSource}): own time and calls against size, fitted as n^b`,
    ...(runs > scaling.sizes.length ? ['   several runs at one size: the fastest one counts for time (the rest of the machine only adds time)'] : []),
    '',
  ]
  lines.push(`   ${'time ∝ n^b'.padStart(10)}  ${'r²'.padStart(5)}  ${'calls ∝ n^b'.padStart(11)}  ${'own time, smallest → largest size'.padEnd(32)}  function`)
  const exponent = (fit: GrowthFit | null) => (fit === null ? '-' : fit.exponent.toFixed(2))
  for (const fn of scaling.functions) {
    const times = `${readableTime(fn.tottime[0], ' ')} → ${readableTime(fn.tottime[fn.tottime.length - 1], ' ')}`
    const r2 = fn.timeFit?.r2 == null ? '-' : fn.timeFit.r2.toFixed(3)
    lines.push(`   ${exponent(fn.timeFit).padStart(10)}  ${r2.padStart(5)}  ${exponent(fn.callsFit).padStart(11)}  ${times.padEnd(32)}  ${fn.name} (${fn.file}:${fn.line})`)
  }
  lines.push('')
  const flagged = scaling.functions.filter((fn) => fn.superLinear)
  for (const fn of flagged) {
    const calls = fn.callsFit!.exponent
    const why =
      calls >= K_SUPERLINEAR_EXPONENT
        ? 'it is called more often per item as the input grows: look at the loops that call it'
        : 'each call does more work as the input grows: the algorithm, not the constant'
    lines.push(`super-linear: ${fn.name} (${fn.file}:${fn.line}): time ∝ n^${fn.timeFit!.exponent.toFixed(2)}, calls ∝ n^${calls.toFixed(2)}; ${why}.`)
  }
  if (flagged.length === 0) lines.push(`no function with ${Math.round(100 * K_MIN_SUPERLINEAR_SHARE)}% of the time or more grows faster than n^${K_SUPERLINEAR_EXPONENT} over these runs.`)
  lines.push('untimed rows (-): a run gave the function no time, or under 1 ms in the largest run, too little to fit.', '')
  return lines.join('\n')
}
