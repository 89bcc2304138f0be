// Two bundles, built separately (each with the runtime the plugin injects), on one page in real headless Chromium,
// served by esbuild's serve(): they share one runtime, and the report the page downloads counts both exactly.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import probeprof from '@probeprof/esbuild'
import * as esbuild from 'esbuild'
import type { Browser } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import type { ProfileReport } from '@probeprof/runtime/report'
import { launchChromium, requireChromium } from '../helpers/chromium.js'
import { callCounts, copyFixture } from './esbuild-helpers.js'

requireChromium() // no browser: this file fails here, in one line, before any test is collected

describe('two bundles on one page (headless Chromium)', () => {
  let browser: Browser | undefined
  let context: esbuild.BuildContext | undefined
  afterAll(async () => {
    await browser?.close()
    await context?.dispose()
  })

  it('share one runtime; the downloaded report counts both bundles exactly', async () => {
    const dir = copyFixture('browser')
    const www = join(dir, 'www')
    const shared = { absWorkingDir: dir, bundle: true, platform: 'browser' as const, format: 'iife' as const, logLevel: 'silent' as const }
    // bundle two: an ordinary build, written next to the page
    await esbuild.build({ ...shared, entryPoints: [join(dir, 'src/clock.ts')], outdir: www, plugins: [probeprof({ enabled: true, cache: false })] })
    // bundle one: served by esbuild from memory, the page and bundle two from servedir
    context = await esbuild.context({ ...shared, entryPoints: [join(dir, 'src/cart.ts')], outdir: www, write: false, plugins: [probeprof({ enabled: true, cache: false })] })
    const { port } = await context.serve({ host: '127.0.0.1', port: 0, servedir: www })

    browser = await launchChromium()
    const page = await browser.newPage({ acceptDownloads: true })
    const messages: string[] = []
    page.on('console', (message) => messages.push(message.text()))
    page.on('pageerror', (error) => messages.push(`pageerror: ${error.message}`))
    await page.goto(`http://127.0.0.1:${port}/index.html`)
    expect(await page.textContent('#cart')).toBe('cart: 9.75')
    expect(await page.textContent('#clock')).toBe('09:05 12:30 23:59 00:00')
    expect(messages.filter((message) => /probeprof|pageerror/.test(message))).toEqual([])

    const files = await page.evaluate(() => {
      const runtime = (globalThis as unknown as { __probeprof: { snapshot(): ProfileReport } }).__probeprof
      return [...new Set(runtime.snapshot().functions.map((fn) => fn.file))].sort()
    })
    expect(files).toEqual(['src/cart.ts', 'src/clock.ts'])

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.evaluate(() => (globalThis as unknown as { __probeprof: { download(name: string): void } }).__probeprof.download('page.json')),
    ])
    expect(download.suggestedFilename()).toBe('page.json')
    const saved = join(dir, 'page.json')
    await download.saveAs(saved)
    const report = JSON.parse(readFileSync(saved, 'utf8')) as ProfileReport
    expect(report.meta.host.runtime).toBe('browser')
    expect(callCounts(report)).toMatchObject({
      'cart.ts:<module>': 1,
      'cart.ts:total': 1,
      'cart.ts:price': 3, // three items
      'clock.ts:<module>': 1,
      'clock.ts:format': 4, // four times
      'clock.ts:pad': 8, // two fields each
    })
  })
})
