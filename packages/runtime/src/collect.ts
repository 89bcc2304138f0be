// A page's report, sent to a collector (`probeprof serve`, the Vite dev server's /__probeprof) when the page is
// hidden or left: a page has no file system, and `pagehide` is the last moment its JavaScript runs. Cold path.

/**
 * Bytes that requests outliving their page may carry in all, per page: `navigator.sendBeacon` refuses more, and
 * `fetch(…, { keepalive: true })` rejects more (the Fetch standard's "inflight keepalive bytes" quota).
 */
export const K_KEEPALIVE_QUOTA_BYTES = 64 * 1024

/**
 * How a report left the page: `beacon` and `keepalive` outlive the page; `fetch` (a report over the keepalive
 * quota) arrives if the page lives on after the event (a hidden tab) and is cancelled if the page is unloaded.
 */
export type DeliveryRoute = 'beacon' | 'keepalive' | 'fetch'

interface PageScope {
  navigator?: { sendBeacon?(url: string, data: string): boolean }
  fetch?(url: string, init: { method: string; body: string; keepalive: boolean; headers: Record<string, string> }): Promise<unknown>
}

/**
 * `text/plain` is a CORS-safelisted content type: a collector on another origin (`probeprof serve` on its own
 * port) receives the report without a preflight request, which a page being unloaded could not wait for.
 */
const K_CONTENT_TYPE = 'text/plain;charset=UTF-8'

/** POSTs `text` to `url` the way most likely to reach it: a beacon, else a keepalive fetch, else a plain fetch. */
export function postReport(url: string, text: string): DeliveryRoute {
  const page = globalThis as PageScope
  const bytes = new Blob([text]).size
  const post = (keepalive: boolean) => page.fetch!(url, { method: 'POST', body: text, keepalive, headers: { 'content-type': K_CONTENT_TYPE } })
  if (bytes <= K_KEEPALIVE_QUOTA_BYTES) {
    // a string body is sent as text/plain;charset=UTF-8
    if (page.navigator?.sendBeacon?.(url, text) === true) return 'beacon'
    // the beacon was refused (the quota is shared with the page's other keepalive requests still in flight)
    if (typeof page.fetch === 'function') {
      post(true).catch(() => post(false).catch(() => {}))
      return 'keepalive'
    }
  }
  if (typeof page.fetch === 'function') post(false).catch(() => {})
  return 'fetch'
}

/** Where this page load's `seq`-th report goes: the collector tells page loads apart by `load`, and orders by `seq`. */
export function collectUrl(base: string, load: string, seq: number): string {
  return `${base}${base.includes('?') ? '&' : '?'}load=${encodeURIComponent(load)}&seq=${seq}`
}

/** An id for this page load: distinct across the loads a collector sees (time, then randomness). */
export function pageLoadId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`
}

/**
 * Steps of the clock timed to find its resolution, the spin they may take at most (ms), and the reads: a clock
 * that never moves (stubbed by fake timers) must not hang the page (Firefox's 1 ms steps take ~30,000 reads each).
 */
const K_RESOLUTION_STEPS = 8
const K_RESOLUTION_SPIN_MS = 5
const K_RESOLUTION_MAX_READS = 200_000

/**
 * The smallest nonzero step between two successive readings of `now` (ms), rounded to the nanosecond; undefined
 * when the clock did not move. Browsers coarsen `performance.now()` against timing attacks:
 * Chrome to 100 µs, or 5 µs in a cross-origin-isolated page; Firefox to 1 ms, or 20 µs isolated.
 */
export function measureClockStepMs(now: () => number): number | undefined {
  let smallest = Infinity
  let previous = now()
  const deadline = previous + K_RESOLUTION_SPIN_MS
  for (let steps = 0, reads = 0; steps < K_RESOLUTION_STEPS && reads < K_RESOLUTION_MAX_READS; reads++) {
    const time = now()
    if (time !== previous) {
      smallest = Math.min(smallest, time - previous)
      previous = time
      steps++
    }
    if (time > deadline) break
  }
  return smallest === Infinity ? undefined : Math.round(smallest * 1e6) / 1e6
}
