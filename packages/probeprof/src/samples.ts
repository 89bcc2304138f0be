// How many samples an estimate needs, for what is drawn from sampled times (clock `sampled`, or `auto` where it
// samples): advise's "worth a fix" and "stop" (advise.ts), advise --scaling's time exponents (scaling.ts) and
// diff's comparison of total times (diff.ts).

import type { ProfileSource } from './model.js'

/**
 * The fewest samples a time must rest on before advice is drawn from it. A sampled estimate's relative error is
 * about 1/√samples, 32 % at 10: with fewer, a 5 % function cannot be told from a 2 % one, nor n^2 from n^1.5
 * over a 16× range of sizes.
 */
export const K_MIN_SAMPLES = 10

/** Seconds between samples: the largest of the sampled sources', or null when no source was sampled. */
export function sampleIntervalOf(sources: readonly ProfileSource[]): number | null {
  const intervals = sources.flatMap((source) => (source.clock === 'sampled' && source.sampleInterval !== undefined ? [source.sampleInterval] : []))
  return intervals.length === 0 ? null : Math.max(...intervals)
}
