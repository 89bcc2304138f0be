// What the browser-delivery tests share: the web fixture, its call counts read off its code, and waiting for the
// collector to write a page's report (a beacon arrives a few milliseconds after the page is gone).
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ProfileReport } from '@probeprof/runtime/report'
import { repoRoot } from '../helpers/app.js'

export const WEB_APP = join(repoRoot, 'fixtures/web')

/** fib(n)'s calls: c(n) = 1 + c(n-1) + c(n-2), c(0) = c(1) = 1. */
export function fibCalls(n: number): number {
  return n < 2 ? 1 : 1 + fibCalls(n - 1) + fibCalls(n - 2)
}

/**
 * Calls per function of fixtures/web after start-up and `clicks` clicks on #bump (src/main.ts's header): start-up
 * bumps 7 times and reads the value once for the title; each click runs onClick, one bump and one read.
 */
export function expectedWebCalls(clicks: number): Record<string, number> {
  return {
    'counter.ts:<module>': 1,
    'counter.ts:Counter.constructor': 1,
    'counter.ts:Counter.bump': 7 + clicks,
    'counter.ts:Counter.get value': 1 + clicks,
    'main.ts:<module>': 1,
    'main.ts:start': 1,
    'main.ts:greet': 1,
    'main.ts:greet.<anonymous>': 1, // the Promise executor around setTimeout
    'main.ts:fib': fibCalls(12),
    ...(clicks > 0 ? { 'main.ts:onClick': clicks } : {}),
  }
}

/** `file base name:function` → calls, for comparison with expectedWebCalls. */
export function callsByFunction(report: ProfileReport): Record<string, number> {
  return Object.fromEntries(report.functions.map((fn) => [`${fn.file.split('/').pop()}:${fn.name}`, fn.calls]))
}

/** The report files in `dir`, once there are `count` of them (polls: the collector writes as the beacon lands). */
export async function waitForReports(dir: string, count: number, timeoutMs = 15_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const files = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.json')).sort() : []
    if (files.length >= count) return files.map((name) => join(dir, name))
    if (Date.now() > deadline) throw new Error(`${files.length} report(s) in ${dir} after ${timeoutMs} ms, expected ${count}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

export function readPageReport(path: string): ProfileReport {
  return JSON.parse(readFileSync(path, 'utf8')) as ProfileReport
}
