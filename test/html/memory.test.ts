// The HTML report's memory view, next to time: a real run of fixtures/memory/allocate.ts with PROBEPROF_MEMORY=1,
// opened in headless Chromium. The summary states the bytes sampled, the table sorts by own bytes, the callers panel
// shows each edge's bytes, and the flame graph's widths can be bytes.
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loadReport, renderHtmlReport } from 'probeprof'
import { buildApp, readReport, repoRoot, tempDir } from '../helpers/app.js'
import { collectErrors, launchChromium, requireChromium } from '../helpers/chromium.js'

requireChromium() // no browser: this file fails here, in one line, before any test is collected

describe('HTML report with memory per function', () => {
  it('shows allocated bytes in the summary, the table, the callers panel and the flame graph', async () => {
    const dir = tempDir('html-memory-')
    await buildApp({ entryPoints: [join(repoRoot, 'fixtures/memory/allocate.ts')], outdir: dir, plugin: { enabled: true } })
    const out = join(dir, 'report.json')
    const run = spawnSync(process.execPath, [join(dir, 'allocate.mjs')], {
      cwd: repoRoot,
      env: { ...process.env, PROBEPROF: '1', PROBEPROF_MEMORY: '1', PROBEPROF_MEMORY_INTERVAL: '16384', PROBEPROF_QUIET: '1', PROBEPROF_OUT: out },
      encoding: 'utf8',
    })
    expect(run.status).toBe(0)
    const report = readReport(out)
    const index = (name: string) => report.functions.findIndex((fn) => fn.name === name)
    const sampled = report.memory!.self!.reduce((sum, bytes) => sum + bytes, 0)
    const file = join(dir, 'report.html')
    writeFileSync(file, renderHtmlReport(loadReport(out)))

    const browser = await launchChromium()
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
      const errors = collectErrors(page)
      await page.goto(pathToFileURL(file).href)
      await page.waitForSelector('body[data-ready="true"]')
      const cards = await page.$$eval('.card', (elements) => elements.map((element) => element.textContent))
      const megabytes = (sampled / 1e6).toFixed(2)
      expect(cards.find((text) => text?.startsWith('allocated'))).toBe(`allocated${megabytes}MBsampled every 16.38kB; heap at the end ${(report.memory!.heapUsed / 1e6).toFixed(2)}MB`)

      // sorted by own bytes, largest first: the 50 MB of objects, then the 5 MB string
      await page.click('#functions th[data-key="selfmem"] button')
      const order = await page.$$eval('#functions tbody tr', (rows) => rows.map((row) => Number((row as HTMLElement).dataset.fn)))
      expect(order.slice(0, 2)).toEqual([index('buildObjects'), index('buildString')])

      // the callers panel: the arrow that called buildObjects, with buildObjects' bytes on that edge
      await page.click(`#functions tbody tr[data-fn="${index('buildObjects')}"]`)
      const headings = await page.$$eval('#callers thead th', (cells) => cells.map((cell) => cell.textContent))
      expect(headings).toEqual(['ncalls', 'tottime', 'cumtime', 'own bytes', 'cum bytes', 'function', 'file:line'])
      const own = report.memory!.self!.filter((_, node) => report.tree.fn[node] === index('buildObjects')).reduce((sum, bytes) => sum + bytes, 0)
      const cells = await page.$$eval('#callers tbody tr td', (tds) => tds.map((td) => td.textContent))
      expect(cells[3]).toBe(`${(own / 1e6).toFixed(2)}MB`)

      // flame graph widths by bytes: the box of buildObjects says what it allocated
      await page.selectOption('#flame-metric', 'bytes')
      const labels = await page.$$eval('#flame-chart title', (titles) => titles.map((title) => title.textContent ?? ''))
      expect(labels.find((label) => label.startsWith('buildObjects'))).toContain(`${(own / 1e6).toFixed(2)}MB allocated in this subtree`)
      expect(errors).toEqual([])
    } finally {
      await browser.close()
    }
  })
})
