// The HTML report of a real run (the primes app built with the esbuild plugin, run in Node), opened in real
// headless Chromium from a file:// URL with the network off: no console errors, the summary names the
// bottleneck, the table sorts and filters, a click shows the callers, the flame graph renders and zooms.
// A screenshot is saved under test/.output/ for a person to look at.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nodeTotals } from '@probeprof/runtime/report'
import { loadReport, renderHtmlReport, type ProfileData } from 'probeprof'
import { repoRoot } from '../helpers/app.js'
import { collectErrors, launchChromium, requireChromium } from '../helpers/chromium.js'
import { recordPrimes } from '../export/primes-run.js'

requireChromium() // no browser: this file fails here, in one line, before any test is collected

const SCREENSHOT_DIR = join(repoRoot, 'test/.output')

describe('HTML report in headless Chromium', () => {
  let browser: Browser
  let page: Page
  let profile: ProfileData
  let errors: string[]
  let html: string

  beforeAll(async () => {
    // precise (recordPrimes' clock): every calling context gets its measured time, so the flame graph's boxes are
    // known to the pixel (sampled, a short recursion on a loaded machine can get no sample and draw no box)
    const { dir, report } = await recordPrimes()
    profile = loadReport(report)
    html = renderHtmlReport(profile, { title: 'primes </script> report' })
    const file = join(dir, 'report.html')
    writeFileSync(file, html)

    browser = await launchChromium()
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, offline: true })
    page = await context.newPage()
    errors = collectErrors(page)
    const requests: string[] = []
    page.on('request', (request) => requests.push(request.url()))
    await page.goto(pathToFileURL(file).href)
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 })
    expect(requests.filter((url) => !url.startsWith('file:') && !url.startsWith('data:'))).toEqual([]) // self-contained
  })

  afterAll(async () => {
    await browser?.close()
  })

  const index = (name: string) => profile.functions.findIndex((fn) => fn.name === name)

  it('is one file with the data, script and styles inlined, whatever the title contains', () => {
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/)
    expect(html.match(/<\/script>/g)?.length).toBe(2)
  })

  it('renders with no console errors and names the top bottleneck with its share of Σ tottime', async () => {
    expect(errors).toEqual([])
    const total = profile.functions.reduce((sum, fn) => sum + fn.tottime, 0)
    const top = profile.functions.slice().sort((a, b) => b.tottime - a.tottime)[0]
    const text = await page.textContent('#bottleneck')
    expect(text).toContain(`Top bottleneck: ${top.name} (${top.file}:${top.line})`)
    const shown = Number(/(\d+(?:\.\d)?)% of Σ tottime/.exec(text!)![1])
    expect(shown).toBeCloseTo((100 * top.tottime) / total, 0)
    expect(await page.textContent('#summary')).toContain(profile.functions.reduce((sum, fn) => sum + fn.calls, 0).toLocaleString('en-US'))
  })

  it('draws the Pareto chart: one bar per top function, largest first', async () => {
    const bars = await page.$$eval('svg.pareto rect.bar', (rects) => rects.map((rect) => Number(rect.getAttribute('data-fn'))))
    const expected = profile.functions
      .map((fn, i) => ({ fn, i }))
      .filter(({ fn }) => fn.tottime > 0)
      .sort((a, b) => b.fn.tottime - a.fn.tottime || a.i - b.i)
      .slice(0, 20)
      .map(({ i }) => i)
    expect(bars).toEqual(expected)
  })

  it('sorts the table by every column it is asked to, and reverses on a second click', async () => {
    const fnOrder = () => page.$$eval('#functions tbody tr', (rows) => rows.map((row) => Number((row as HTMLElement).dataset.fn)))
    const calls = (order: number[]) => order.map((i) => profile.functions[i].calls)

    await page.click('#functions th[data-key="ncalls"] button')
    expect(await page.getAttribute('#functions th[data-key="ncalls"]', 'aria-sort')).toBe('descending')
    const descending = calls(await fnOrder())
    expect(descending).toEqual(descending.slice().sort((a, b) => b - a))
    expect(profile.functions[(await fnOrder())[0]].name).toBe('fib') // 1,973 calls: the most

    await page.click('#functions th[data-key="ncalls"] button')
    expect(await page.getAttribute('#functions th[data-key="ncalls"]', 'aria-sort')).toBe('ascending')
    const ascending = calls(await fnOrder())
    expect(ascending).toEqual(ascending.slice().sort((a, b) => a - b))

    await page.click('#functions th[data-key="function"] button')
    const names = (await fnOrder()).map((i) => profile.functions[i].name)
    expect(names).toEqual(names.slice().sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))

    await page.click('#functions th[data-key="cumtime"] button')
    const cumtimes = (await fnOrder()).map((i) => profile.functions[i].cumtime)
    expect(cumtimes).toEqual(cumtimes.slice().sort((a, b) => b - a))
  })

  it('filters the table by function name or file', async () => {
    await page.fill('#filter', 'random')
    const shown = await page.$$eval('#functions tbody tr', (rows) => rows.map((row) => Number((row as HTMLElement).dataset.fn)))
    const expected = profile.functions.flatMap((fn, i) => (`${fn.name} ${fn.file}:${fn.line}`.toLowerCase().includes('random') ? [i] : []))
    expect(shown.sort()).toEqual(expected.sort())
    expect(await page.textContent('#row-count')).toBe(`${expected.length} of ${profile.functions.length} functions`)
    await page.fill('#filter', '')
  })

  it("shows a function's callers and callees, with each edge's calls, when its row is clicked", async () => {
    const isPrime = index('isPrime')
    await page.click(`#functions tbody tr[data-fn="${isPrime}"]`)
    expect(await page.textContent('#selected-function')).toContain('isPrime')
    const callers = await page.$$eval('#callers tbody tr', (rows) => rows.map((row) => [Number((row as HTMLElement).dataset.fn), row.querySelector('td')!.textContent]))
    const expected = profile.edges.filter((edge) => edge.callee === isPrime).map((edge) => [edge.caller, edge.calls.toLocaleString('en-US')])
    expect(expected.length).toBeGreaterThan(0)
    expect(callers).toEqual(expected)

    // clicking a caller selects it: its callees then include isPrime
    await page.click(`#callers tbody tr[data-fn="${expected[0][0]}"]`)
    const callees = await page.$$eval('#callees tbody tr', (rows) => rows.map((row) => Number((row as HTMLElement).dataset.fn)))
    expect(callees).toContain(isPrime)
  })

  it('renders the flame graph from the calling-context tree and zooms on click', async () => {
    const frames = await page.$$eval('#flame-chart svg g.frame', (gs) => gs.map((g) => g.getAttribute('name')))
    // One box per calling context at least a pixel wide (d3-flame-graph's minFrameSize hides narrower ones).
    const chartWidth = Number(await page.getAttribute('#flame-chart svg', 'width'))
    const totals = nodeTotals(profile.tree)
    const pixels = (node: number) => (chartWidth * totals[node]) / totals[0]
    for (const fn of profile.functions) {
      const widest = Math.max(...profile.tree.fn.flatMap((f, node) => (f === profile.functions.indexOf(fn) ? [pixels(node)] : [])))
      if (widest > 1.01) expect(frames, fn.name).toContain(fn.name)
    }
    const fibContexts = profile.tree.fn.flatMap((fn, node) => (fn === index('fib') ? [pixels(node)] : []))
    const fibFrames = frames.filter((name) => name === 'fib').length
    expect(fibFrames).toBeGreaterThanOrEqual(fibContexts.filter((px) => px > 1.01).length)
    expect(fibFrames).toBeLessThanOrEqual(fibContexts.filter((px) => px > 0.99).length)
    expect(fibFrames).toBeGreaterThan(3) // the recursion shows as nested boxes, one per depth

    const width = (name: string) => page.$eval(`#flame-chart svg g.frame[name="${name}"] rect`, (rect) => Number(rect.getAttribute('width')))
    const before = await width('findPrimes')
    await page.click('#flame-chart svg g.frame[name="findPrimes"]')
    await page.waitForTimeout(700) // the zoom transition
    expect(await width('findPrimes')).toBeGreaterThan(before)
    expect(await page.getAttribute(`#functions tbody tr[data-fn="${index('findPrimes')}"]`, 'class')).toContain('selected')
    await page.click('#flame-reset')
    await page.waitForTimeout(700)
    expect(await width('findPrimes')).toBeCloseTo(before, 0)
  })

  it('saves a screenshot for a person to look at', async () => {
    await page.click(`#functions tbody tr[data-fn="${index('isPrime')}"]`)
    mkdirSync(SCREENSHOT_DIR, { recursive: true })
    const path = join(SCREENSHOT_DIR, 'html-report.png')
    await page.screenshot({ path, fullPage: true })
    expect(errors).toEqual([])
  })
})
