// speedscope's own importers (the app from the speedscope package, in headless Chromium) read our exports:
// its Sandwich table (one row per function, with its total and self) must show the report's cumtime and
// tottime for .cpuprofile, trace events, speedscope JSON, folded stacks and pprof — each file goes through
// the importer speedscope picks for its name.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadReport, EXPORTERS, type ExportFormat, type ProfileData } from 'probeprof'
import { serveSpeedscope } from '../../packages/probeprof/dist/html/speedscope-server.js'
import { recordPrimes } from '../export/primes-run.js'
import { collectErrors, launchChromium, requireChromium } from '../helpers/chromium.js'

requireChromium() // no browser: this file fails here, in one line, before any test is collected

const UNITS: Record<string, number> = { ns: 1e-9, 'µs': 1e-6, us: 1e-6, ms: 1e-3, s: 1 }

/** speedscope's Sandwich table: function name → total and self, in seconds (or plain numbers for unitless weights). */
async function readSandwich(page: Page): Promise<Map<string, { total: number; self: number }>> {
  await page.click('text=Sandwich')
  await page.waitForSelector('tr td > div') // the table's number cells carry a bar (the profile list's do not)
  const rows = await page.$$eval('tr:has(td > div)', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')))
  const value = (text: string) => {
    const match = /^([\d,.]+)\s*(ns|µs|us|ms|s)?/.exec(text.trim())
    if (!match) throw new Error(`speedscope: cannot read '${text}'`)
    return Number(match[1].replace(/,/g, '')) * (match[2] ? UNITS[match[2]] : 1)
  }
  return new Map(rows.filter((cells) => cells.length === 3).map(([total, self, name]) => [name.trim(), { total: value(total), self: value(self) }]))
}

describe("speedscope's importers read our exports", () => {
  let browser: Browser
  let profile: ProfileData

  beforeAll(async () => {
    profile = loadReport((await recordPrimes()).report)
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
  })

  const cases: [ExportFormat, string, number][] = [
    // format, file name (speedscope picks its importer by it), unit of the weights it shows
    ['cpuprofile', 'profile.cpuprofile', 1],
    ['trace', 'profile.trace.json', 1],
    ['speedscope', 'profile.speedscope.json', 1],
    ['folded', 'profile.collapsedstack.txt', 1e-9],
    ['pprof', 'profile.pb.gz', 1], // wall/nanoseconds, which speedscope shows as time
  ]

  for (const [format, fileName, unit] of cases) {
    it(`${format}: speedscope shows each function's tottime as self and cumtime as total`, async () => {
      const server = await serveSpeedscope(EXPORTERS[format].export(profile, {}), { fileName })
      const page = await browser.newPage({ viewport: { width: 1400, height: 1200 } })
      const errors = collectErrors(page)
      try {
        await page.goto(server.url)
        await page.waitForFunction(() => document.title.endsWith(' - speedscope'), undefined, { timeout: 30_000 })
        const rows = await readSandwich(page)
        for (const fn of profile.functions) {
          if (fn.cumtime < 1e-4) continue // too small for speedscope's 4 significant digits to say anything
          const candidates = [...rows.entries()].filter(([name]) => name === fn.name || name.startsWith(`${fn.name} (${fn.file}:${fn.line}`))
          if (fn.name === '<module>') continue // three <module> rows share the bare name in formats without locations
          expect(candidates.length, `${format}: ${fn.name}`).toBe(1)
          const [, shown] = candidates[0]
          expect(shown.self * unit, `${format}: ${fn.name} self`).toBeCloseTo(fn.tottime, 4)
          expect(Math.abs(shown.self * unit - fn.tottime) / fn.tottime, `${format}: ${fn.name} self`).toBeLessThan(0.01)
          expect(Math.abs(shown.total * unit - fn.cumtime) / fn.cumtime, `${format}: ${fn.name} total`).toBeLessThan(0.01)
        }
        expect(errors).toEqual([])
      } finally {
        await page.close()
        await server.close()
      }
    })
  }
})
