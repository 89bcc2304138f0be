// Request latencies as a log-scale histogram (format-spec.ts, LatencyHistogram): recorded by the server
// integration, merged and read (percentiles) by report readers. One definition of the buckets for both sides.
//
// Why a histogram: a server answers millions of requests; keeping each latency would grow without bound, and
// percentiles of merged reports need more than count/total/max. 16 buckets per doubling bound the error of a
// percentile to half a bucket (2^(1/32) − 1 ≈ 2.2 %), like HdrHistogram's significant digits, at a fixed
// 4.6 kB per route.

import type { LatencyHistogram } from '../format-spec.js'

/** Buckets per doubling of the latency. */
export const K_BUCKETS_PER_DOUBLING = 16
/** Bucket 0 starts at 1 µs; the last one ends past 2^36 µs (19 hours): longer latencies count in the last. */
const K_BUCKET_COUNT = 36 * K_BUCKETS_PER_DOUBLING
const K_MICROSECONDS = 1e6

/** The bucket of a latency in seconds. */
export function latencyBucket(seconds: number): number {
  const us = seconds * K_MICROSECONDS
  if (!(us > 1)) return 0
  return Math.min(K_BUCKET_COUNT - 1, Math.floor(Math.log2(us) * K_BUCKETS_PER_DOUBLING))
}

/** Geometric middle of a bucket, in seconds: where a percentile falling in it is read. */
function bucketMiddle(bucket: number): number {
  return 2 ** ((bucket + 0.5) / K_BUCKETS_PER_DOUBLING) / K_MICROSECONDS
}

/** A histogram being filled: dense counts, turned into the report's sparse form by `toHistogram`. */
export class LatencyRecorder {
  count = 0
  total = 0 // s
  min = Infinity // s
  max = 0 // s
  private readonly counts = new Float64Array(K_BUCKET_COUNT)

  record(seconds: number): void {
    this.count++
    this.total += seconds
    if (seconds < this.min) this.min = seconds
    if (seconds > this.max) this.max = seconds
    this.counts[latencyBucket(seconds)]++
  }

  toHistogram(): LatencyHistogram {
    const buckets: [number, number][] = []
    for (let bucket = 0; bucket < K_BUCKET_COUNT; bucket++) if (this.counts[bucket] > 0) buckets.push([bucket, this.counts[bucket]])
    return { count: this.count, total: this.total, min: this.count === 0 ? 0 : this.min, max: this.max, buckets }
  }
}

export function emptyLatency(): LatencyHistogram {
  return { count: 0, total: 0, min: 0, max: 0, buckets: [] }
}

/** The sum of two histograms (associative and commutative, as merging reports must be). */
export function mergeLatency(a: LatencyHistogram, b: LatencyHistogram): LatencyHistogram {
  if (a.count === 0) return { ...b, buckets: b.buckets.map(([bucket, count]) => [bucket, count]) }
  if (b.count === 0) return { ...a, buckets: a.buckets.map(([bucket, count]) => [bucket, count]) }
  const counts = new Map<number, number>()
  for (const [bucket, count] of [...a.buckets, ...b.buckets]) counts.set(bucket, (counts.get(bucket) ?? 0) + count)
  return {
    count: a.count + b.count,
    total: a.total + b.total,
    min: Math.min(a.min, b.min),
    max: Math.max(a.max, b.max),
    buckets: [...counts.entries()].sort((x, y) => x[0] - y[0]),
  }
}

/**
 * The latency below which a fraction `q` (0.5 for the median, 0.95) of the requests fall, in seconds: the
 * geometric middle of the bucket holding that rank, kept within the recorded min and max (exact at q = 1).
 * NaN for an empty histogram.
 */
export function latencyPercentile(histogram: LatencyHistogram, q: number): number {
  if (histogram.count === 0) return NaN
  if (q >= 1) return histogram.max
  const rank = Math.max(1, Math.ceil(q * histogram.count)) // the rank-th smallest latency
  let seen = 0
  for (const [bucket, count] of histogram.buckets) {
    seen += count
    if (seen >= rank) return Math.min(histogram.max, Math.max(histogram.min, bucketMiddle(bucket)))
  }
  return histogram.max
}
