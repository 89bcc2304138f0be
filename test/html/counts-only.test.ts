// The HTML report of a counts-only profile (clock 'counts': exact calls, no times) and of the hand-computed
// sample profile: the page sizes everything by calls, offers no time widths, and shows exact edges.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { renderHtmlReport } from 'probeprof'
import { tempDir } from '../helpers/app.js'
import { EXPECTED, indexOf, sampleProfile } from '../export/sample-profile.js'
import { collectErrors, launchChromium, requireChromium } from '../helpers/chromium.js'

requireChromium() // no browser: this file fails here, in one line, before any test is collected

describe('HTML report of a counts-only profile', () => {
  it('ranks by calls, draws the flame graph by calls, and lists exact per-edge calls', async () => {
    const profile = sampleProfile({ counts: true })
    const file = join(tempDir('html-counts-'), 'counts.html')
    writeFileSync(file, renderHtmlReport(profile))
    const browser = await launchChromium()
    try {
      const page = await browser.newPage({ viewport: { width: 1300, height: 900 } })
      const errors = collectErrors(page)
      await page.goto(pathToFileURL(file).href)
      await page.waitForSelector('body[data-ready="true"]')
      expect(await page.textContent('#bottleneck')).toContain('Top bottleneck: parse (src/app.ts:5) — 7 calls, 32% of all calls.')
      const bars = await page.$$eval('svg.pareto rect.bar', (rects) => rects.map((rect) => Number(rect.getAttribute('data-fn'))))
      expect(bars.slice(0, 3)).toEqual([indexOf(profile, 'parse'), indexOf(profile, 'tokenize'), indexOf(profile, 'fib')])
      expect(await page.$eval('#flame-metric', (select) => (select as HTMLSelectElement).value)).toBe('calls')
      expect(await page.$eval('#flame-metric option[value="time"]', (option) => (option as HTMLOptionElement).disabled)).toBe(true)
      await page.click(`#functions tbody tr[data-fn="${indexOf(profile, 'fib')}"]`)
      const callers = await page.$$eval('#callers tbody tr td:first-child', (cells) => cells.map((cell) => cell.textContent))
      expect(callers.sort()).toEqual(['1', `${EXPECTED.fibEdge.calls}/${EXPECTED.fibEdge.primitiveCalls}`])
      expect(errors).toEqual([])
    } finally {
      await browser.close()
    }
  })
})
