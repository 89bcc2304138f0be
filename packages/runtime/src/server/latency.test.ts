import { describe, expect, it } from 'vitest'
import { emptyLatency, LatencyRecorder, latencyBucket, latencyPercentile, mergeLatency } from './latency.js'

/** Deterministic latencies from 50 µs to 2 s, log-uniform (a mulberry32 stream). */
function latencies(count: number, seed: number): number[] {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
  return Array.from({ length: count }, () => 50e-6 * Math.exp(next() * Math.log(2 / 50e-6)))
}

function exactPercentile(values: number[], q: number): number {
  const sorted = values.slice().sort((a, b) => a - b)
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]
}

function histogramOf(values: number[]) {
  const recorder = new LatencyRecorder()
  for (const value of values) recorder.record(value)
  return recorder.toHistogram()
}

describe('latency histogram', () => {
  it('reads every percentile within 2.2 % of the exact one, and count, total, min and max exactly', () => {
    const values = latencies(20_000, 7)
    const histogram = histogramOf(values)
    for (const q of [0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999]) {
      const exact = exactPercentile(values, q)
      expect(Math.abs(latencyPercentile(histogram, q) - exact) / exact).toBeLessThanOrEqual(0.022)
    }
    expect(histogram.count).toBe(values.length)
    expect(histogram.total).toBeCloseTo(values.reduce((a, b) => a + b, 0), 9)
    expect(histogram.min).toBe(Math.min(...values))
    expect(histogram.max).toBe(Math.max(...values))
    expect(latencyPercentile(histogram, 1)).toBe(histogram.max)
  })

  it('merges like one histogram of all the values, in any order and grouping', () => {
    const [a, b, c] = [latencies(500, 1), latencies(800, 2), latencies(300, 3)]
    const whole = histogramOf([...a, ...b, ...c])
    const [ha, hb, hc] = [histogramOf(a), histogramOf(b), histogramOf(c)]
    const left = mergeLatency(mergeLatency(ha, hb), hc)
    const right = mergeLatency(hc, mergeLatency(hb, ha))
    for (const merged of [left, right]) {
      expect(merged.buckets).toEqual(whole.buckets)
      expect([merged.count, merged.min, merged.max]).toEqual([whole.count, whole.min, whole.max])
      expect(merged.total).toBeCloseTo(whole.total, 9)
    }
    expect(mergeLatency(emptyLatency(), ha)).toEqual(ha)
  })

  it('puts sub-microsecond latencies in bucket 0 and has no percentile without requests', () => {
    expect(latencyBucket(0)).toBe(0)
    expect(latencyBucket(0.5e-6)).toBe(0)
    expect(latencyBucket(2e-6)).toBe(16) // one doubling above 1 µs
    expect(latencyPercentile(emptyLatency(), 0.5)).toBeNaN()
  })
})
