// The runtime in a real browser: headless Chromium (the one test/helpers/chromium.ts finds), driven by
// playwright-core, loading a page from a real HTTP server on 127.0.0.1. The page's app is built with the esbuild plugin for the browser platform.
import { createServer, type Server } from 'node:http'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ProfileReport } from '@probeprof/runtime/report'
import { buildApp, tempDir } from '../helpers/app.js'
import { programsDir } from './build-programs.js'
import { launchChromium, requireChromium } from '../helpers/chromium.js'
import { runCli } from '../helpers/cli.js'

requireChromium() // no browser: this file fails here, in one line, before any test is collected

/** Calls of fib(n): c(n) = 1 + c(n-1) + c(n-2), c(0) = c(1) = 1. */
function fibCalls(n: number): number {
  return n < 2 ? 1 : 1 + fibCalls(n - 1) + fibCalls(n - 2)
}

let server: Server
let browser: Browser
let origin: string

beforeAll(async () => {
  const dir = tempDir('browser-')
  await buildApp({
    entryPoints: [join(programsDir, 'browser.ts')],
    outdir: dir,
    plugin: { enabled: true },
    esbuild: { platform: 'browser', format: 'iife', outExtension: { '.js': '.js' } },
  })
  const scripts = new Map<string, Buffer>([['/app.js', readFileSync(join(dir, 'browser.js'))]])
  for (const clock of ['fast', 'sampled'] as const) {
    const clockDir = tempDir(`browser-${clock}-`)
    await buildApp({
      entryPoints: [join(programsDir, 'browser.ts')],
      outdir: clockDir,
      plugin: { enabled: true, clock },
      esbuild: { platform: 'browser', format: 'iife', outExtension: { '.js': '.js' } },
    })
    scripts.set(`/${clock}.js`, readFileSync(join(clockDir, 'browser.js')))
  }
  const memoryDir = tempDir('browser-memory-')
  await buildApp({
    entryPoints: [join(programsDir, 'browser.ts')],
    outdir: memoryDir,
    plugin: { enabled: true, runtime: { memory: true } },
    esbuild: { platform: 'browser', format: 'iife', outExtension: { '.js': '.js' } },
  })
  scripts.set('/memory.js', readFileSync(join(memoryDir, 'browser.js')))
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost')
    // ?isolated: the headers that make a page cross-origin isolated, the condition for SharedArrayBuffer
    const isolation = url.searchParams.has('isolated')
      ? { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' }
      : {}
    const script = scripts.get(url.pathname)
    if (script !== undefined) {
      response.writeHead(200, { 'content-type': 'text/javascript', ...isolation })
      response.end(script)
      return
    }
    response.writeHead(200, { 'content-type': 'text/html', ...isolation })
    response.end(`<!doctype html><title>probeprof</title><script src="/${url.searchParams.get('clock') ?? 'app'}.js"></script>`)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await new Promise((resolve) => server?.close(resolve))
})

describe('runtime in headless Chromium', () => {
  it('globalThis.__probeprof: exact counts, snapshot, reset, disable, and download() of the report', async () => {
    const context = await browser.newContext({ acceptDownloads: true })
    const page = await context.newPage()
    const messages: string[] = []
    page.on('console', (message) => messages.push(message.text()))
    await page.goto(`${origin}/`)
    expect(await page.title()).toBe('fib 55 count 25')

    const report = await page.evaluate(() => (globalThis as unknown as { __probeprof: { snapshot(): unknown } }).__probeprof.snapshot()) as ProfileReport
    const row = (name: string) => report.functions.find((fn) => fn.name === name)!
    expect([row('fib').calls, row('fib').primitiveCalls]).toEqual([fibCalls(10), 1])
    expect(row('Counter.bump').calls).toBe(25)
    expect(report.meta.host.runtime).toBe('browser')
    expect(report.meta.host.version).toContain('Chrome')
    // the default clock ('auto') in a page without SharedArrayBuffer: precise, with no notice (nothing was asked for)
    expect(report.meta.clock).toBe('precise')
    expect(messages.filter((text) => text.startsWith('probeprof:'))).toEqual([])
    expect(row('run').cumtime).toBeGreaterThan(0)

    // the same API as in Node: reset forgets what was recorded
    const after = await page.evaluate(() => {
      const profiler = (globalThis as unknown as { __probeprof: { reset(): void; disable(): void; enable(): void; snapshot(): ProfileReport } }).__probeprof
      profiler.reset()
      profiler.disable()
      return profiler.snapshot().functions.length
    })
    expect(after).toBe(0)

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.evaluate(() => (globalThis as unknown as { __probeprof: { download(name: string): void } }).__probeprof.download('page-report.json')),
    ])
    expect(download.suggestedFilename()).toBe('page-report.json')
    const saved = join(tempDir('download-'), 'page-report.json')
    await download.saveAs(saved)
    const downloaded = JSON.parse(readFileSync(saved, 'utf8')) as ProfileReport
    expect(downloaded.$schema).toBe(report.$schema)
    await context.close()
  })

  it('memory profiling asked for in a page: the report says it is not available there, and has no bytes', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const messages: string[] = []
    page.on('console', (message) => messages.push(message.text()))
    await page.goto(`${origin}/?clock=memory`)
    const report = await page.evaluate(() => (globalThis as unknown as { __probeprof: { snapshot(): unknown } }).__probeprof.snapshot()) as ProfileReport
    expect(report.memory).toEqual({ unavailable: 'memory: not available in this environment' })
    expect(report.functions.find((fn) => fn.name === 'fib')!.calls).toBe(fibCalls(10))
    expect(messages).toContain('probeprof: memory: not available in this environment')
    // and the CLI prints that line instead of a column of zeros
    const saved = join(tempDir('browser-memory-report-'), 'page.json')
    writeFileSync(saved, JSON.stringify(report))
    const printed = await runCli(['report', saved, '--memory'])
    expect(printed.status).toBe(0)
    expect(printed.stdout).toContain('\n   memory: not available in this environment\n')
    expect(printed.stdout).not.toContain('selfmem')
    await context.close()
  })

  it('thread modes fall back in a page that is not cross-origin isolated, and say so', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const messages: string[] = []
    page.on('console', (message) => messages.push(message.text()))
    await page.goto(`${origin}/?clock=sampled`)
    const report = await page.evaluate(() => (globalThis as unknown as { __probeprof: { snapshot(): unknown } }).__probeprof.snapshot()) as ProfileReport
    expect(report.meta.clock).toBe('counts')
    expect(report.functions.find((fn) => fn.name === 'fib')!.calls).toBe(fibCalls(10))
    expect(messages.join('\n')).toContain('sampled time needs shared-memory threads')
    await context.close()
  })

  it('the default clock in a cross-origin-isolated page is sampled', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(`${origin}/?isolated`)
    const report = await page.evaluate(() => (globalThis as unknown as { __probeprof: { snapshot(): unknown } }).__probeprof.snapshot()) as ProfileReport
    expect(report.meta.clock).toBe('sampled')
    expect(report.functions.find((fn) => fn.name === 'fib')!.calls).toBe(fibCalls(10))
    await context.close()
  })

  it.each(['sampled', 'fast'])('%s in a cross-origin-isolated page: a worker thread, exact counts, times of a 2 × 100 ms spin', async (clock) => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(`${origin}/?clock=${clock}&isolated`)
    expect(await page.evaluate(() => (globalThis as unknown as { crossOriginIsolated: boolean }).crossOriginIsolated)).toBe(true)
    await page.waitForTimeout(300) // the page does not wait for its helper thread to start
    const first = await page.evaluate(() => (globalThis as unknown as { __probeprof: { snapshot(): unknown } }).__probeprof.snapshot()) as ProfileReport
    expect(first.meta.clock).toBe(clock)
    expect(first.functions.find((fn) => fn.name === 'fib')!.calls).toBe(fibCalls(10))
    // up to 3 attempts, as in ground-truth.test.ts: a suite loading the machine far beyond its cores can starve the
    // worker in ways its stall counter does not see; a systematic error fails every attempt
    let spin: ProfileReport['functions'][number] | undefined
    let allowedMs = 0
    for (let attempt = 0; attempt < 3; attempt++) {
      const report = (await page.evaluate(() => {
        const scope = globalThis as unknown as { spinFor(ms: number): number; __probeprof: { reset(): void; snapshot(): unknown } }
        scope.__probeprof.reset()
        scope.spinFor(100)
        scope.spinFor(100)
        return scope.__probeprof.snapshot()
      })) as ProfileReport
      spin = report.functions.find((fn) => fn.name === 'spinFor')!
      allowedMs = 20 + (report.meta.threadStall ?? 0) * 1e3
      if (Math.abs(spin.tottime * 1e3 - 200) <= allowedMs) break
    }
    expect(spin!.calls).toBe(2)
    expect(Math.abs(spin!.tottime * 1e3 - 200), `spinFor ${(spin!.tottime * 1e3).toFixed(1)} ms`).toBeLessThanOrEqual(allowedMs)
    await context.close()
  })
})
