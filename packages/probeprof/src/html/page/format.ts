// Numbers as people read them: adaptive time units (pstats' fixed 0.000 hides everything under a millisecond).

export function formatTime(seconds: number): string {
  if (seconds === 0) return '0'
  const abs = Math.abs(seconds)
  if (abs >= 1) return `${seconds.toFixed(3)} s`
  if (abs >= 1e-3) return `${(seconds * 1e3).toPrecision(3)} ms`
  if (abs >= 1e-6) return `${(seconds * 1e6).toPrecision(3)} µs`
  return `${(seconds * 1e9).toPrecision(3)} ns`
}

export function formatCount(count: number): string {
  return count.toLocaleString('en-US')
}

/** cProfile's ncalls: `total/primitive` when they differ. */
export function formatCalls(calls: number, primitiveCalls: number): string {
  return calls === primitiveCalls ? formatCount(calls) : `${formatCount(calls)}/${formatCount(primitiveCalls)}`
}

export function formatShare(part: number, whole: number): string {
  if (whole <= 0) return '–'
  const percent = (100 * part) / whole
  return `${percent >= 10 || percent === 0 ? percent.toFixed(0) : percent.toFixed(1)}%`
}

export function location(fn: { file: string; line: number }): string {
  return `${fn.file}:${fn.line}`
}
