// The advice section of the HTML report, on a real run of the primes app opened in headless Chromium: the
// Pareto lists and the next bottleneck's chart, Amdahl's bound per fix and the stop line, what to leave alone;
// the memoization candidates of fixtures/advise/memo.ts run with PROBEPROF_ARGS=1.
// Expected values come from the report itself (its functions, its wall time), computed here.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { stripVTControlCharacters } from 'node:util'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { renderHtmlReport, type FunctionStats, type ProfileData } from 'probeprof'
import { profileFixture } from '../helpers/reports.js'
import { repoRoot, tempDir } from '../helpers/app.js'
import { loadReport } from 'probeprof'
import { spawnCli } from '../helpers/cli.js'
import { collectErrors, launchChromium, requireChromium } from '../helpers/chromium.js'

requireChromium() // no browser: this file fails here, in one line, before any test is collected

/** Indices of the fewest functions, largest first (ties in profile order), whose measure reaches 80 % of its sum. */
function paretoIndices(functions: readonly FunctionStats[], measure: 'tottime' | 'calls', without = -1): number[] {
  const indices = functions.map((_, index) => index).filter((index) => index !== without && functions[index][measure] > 0)
  const total = indices.reduce((sum, index) => sum + functions[index][measure], 0)
  indices.sort((a, b) => functions[b][measure] - functions[a][measure] || a - b)
  let running = 0
  const set: number[] = []
  for (const index of indices) {
    if (running >= 0.8 * total) break
    running += functions[index][measure]
    set.push(index)
  }
  return set
}

describe('HTML report: the advice section', () => {
  let browser: Browser
  let page: Page
  let profile: ProfileData
  let errors: string[]

  beforeAll(async () => {
    const run = await profileFixture('fixtures/primes/src/slow.ts')
    profile = loadReport(run.path)
    const file = join(run.dir, 'report.html')
    writeFileSync(file, renderHtmlReport(profile, { title: 'primes advice' }))
    browser = await launchChromium()
    page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 }, offline: true })).newPage()
    errors = collectErrors(page)
    await page.goto(pathToFileURL(file).href)
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 })
  })

  afterAll(async () => {
    await browser?.close()
  })

  const index = (name: string) => profile.functions.findIndex((fn) => fn.name === name)
  const listed = (selector: string) => page.$$eval(`${selector} li`, (items) => items.map((item) => Number((item as HTMLElement).dataset.fn)))

  it('lists the Pareto set of the own time and of the calls, largest first', async () => {
    expect(errors).toEqual([])
    expect(await listed('#advice-pareto-time')).toEqual(paretoIndices(profile.functions, 'tottime'))
    const calls = await listed('#advice-pareto-calls')
    expect(calls).toEqual(paretoIndices(profile.functions, 'calls'))
    expect(calls.map((i) => profile.functions[i].calls)).toEqual([1973, 690, 690, 690])
    const first = await page.textContent('#advice-pareto-calls li:first-child')
    expect(first).toContain(`fib fixtures/primes/src/primes.ts:40 — 1,973 calls, ${((100 * 1973) / 4738).toFixed(1)}%`)
  })

  it('shows the next bottleneck without isPrime: its list and a chart of the rest, largest first', async () => {
    const isPrime = index('isPrime')
    expect(await listed('#advice-next')).toEqual(paretoIndices(profile.functions, 'tottime', isPrime))
    const bars = await page.$$eval('#pareto-next svg.pareto-next rect.bar', (rects) => rects.map((rect) => Number(rect.getAttribute('data-fn'))))
    const expected = profile.functions
      .map((fn, i) => ({ fn, i }))
      .filter(({ fn, i }) => i !== isPrime && fn.tottime > 0)
      .sort((a, b) => b.fn.tottime - a.fn.tottime || a.i - b.i)
      .slice(0, 20)
      .map(({ i }) => i)
    expect(bars).toEqual(expected)
    // the main chart still starts with isPrime: the two charts are separate
    expect(await page.$eval('#pareto svg.pareto rect.bar', (rect) => Number(rect.getAttribute('data-fn')))).toBe(isPrime)
  })

  it("gives isPrime's Amdahl bound as a share of the wall time, then the stop line", async () => {
    const isPrime = profile.functions[index('isPrime')]
    const wall = profile.sources[0].wallTime
    const firstRow = await page.$$eval('#advice-fixes tbody tr:first-child td', (cells) => cells.map((cell) => cell.textContent))
    expect(firstRow[0]).toBe('isPrime fixtures/primes/src/primes.ts:12')
    expect(firstRow[2]).toBe(`${((100 * isPrime.tottime) / wall).toFixed(1)}%`)
    const worth = profile.functions.filter((fn) => fn.tottime / wall >= 0.05)
    expect(await page.$$eval('#advice-fixes tbody tr', (rows) => rows.length)).toBe(worth.length)
    const below = profile.functions.slice().sort((a, b) => b.tottime - a.tottime).find((fn) => fn.tottime / wall < 0.05)!
    expect(await page.textContent('#advice-stop')).toMatch(
      new RegExp(`stop: the best remaining fix, ${below.name.replace(/[<>.]/g, '\\$&')} \\(${below.file}:${below.line}\\), saves at most .* below the 5% worth a fix\\.`),
    )
  })

  it('names what to leave alone, and a click on an advised function selects it in the table', async () => {
    const total = profile.functions.reduce((sum, fn) => sum + fn.tottime, 0)
    const small = profile.functions.filter((fn) => fn.tottime / total < 0.01 && fn.cumtime / total < 0.01)
    expect(await page.textContent('#advice-leave-alone')).toContain(`${small.length} of ${profile.functions.length} functions are under 1% of the time`)
    await page.click(`#advice-fixes button[data-fn="${index('isPrime')}"]`)
    expect(await page.getAttribute(`#functions tbody tr[data-fn="${index('isPrime')}"]`, 'class')).toContain('selected')
    expect(await page.$('#advice-memo')).toBeNull() // a build without argument fingerprints
    expect(await page.$('#scaling')).toBeNull() // one run, no --scaling
    const dir = join(repoRoot, 'test/.output')
    mkdirSync(dir, { recursive: true })
    await (await page.$('#advice'))!.screenshot({ path: join(dir, 'html-advice.png') })
    expect(errors).toEqual([])
  })
})

describe('HTML report: cost by caller', () => {
  it("splits a shared helper's time by caller, the rare costly caller first (fixtures/advise/features.ts)", async () => {
    const run = await profileFixture('fixtures/advise/features.ts')
    const profile = loadReport(run.path)
    const file = join(run.dir, 'features.html')
    writeFileSync(file, renderHtmlReport(profile))
    const browser = await launchChromium()
    try {
      const page = await browser.newPage()
      const errors = collectErrors(page)
      await page.goto(pathToFileURL(file).href)
      await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 })
      const render = profile.functions.findIndex((fn) => fn.name === 'render')
      const rows = await page.$$eval(`#advice-callers-${render} tbody tr`, (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)))
      expect(rows.map((cells) => [cells[0], cells[1], cells[4]])).toEqual([
        ['3', '0.3%', 'rarely fixtures/advise/features.ts:16'],
        ['1,000', '99.7%', 'everyday fixtures/advise/features.ts:12'],
      ])
      expect(await page.$('#advice-routes')).toBeNull() // not a server
      expect(errors).toEqual([])
    } finally {
      await browser.close()
    }
  })
})

describe('HTML report: memoization candidates', () => {
  // fixtures/advise/memo.ts's known answers: fib(30) makes 2·F(31) − 1 calls with the 31 arguments 0 to 30;
  // square 1,000 calls with 10 arguments, area 1,000 calls on 4 rectangles; ticket and fresh are never candidates
  const FIB_CALLS = 2_692_537
  let dir: string
  let reportPath: string
  let page: Page
  let browser: Browser
  let errors: string[]

  beforeAll(async () => {
    dir = tempDir('html-memo-')
    reportPath = join(dir, 'memo.json')
    const run = spawnCli(['run', '-o', reportPath, 'fixtures/advise/memo.ts'], { env: { PROBEPROF_ARGS: '1' } })
    expect(run.status, run.stderr).toBe(0)
    const html = spawnCli(['html', reportPath, '-o', join(dir, 'memo.html')])
    expect(html.status, html.stderr).toBe(0)
    browser = await launchChromium()
    page = await browser.newPage()
    errors = collectErrors(page)
    await page.goto(pathToFileURL(join(dir, 'memo.html')).href)
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 })
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
  })

  const items = () => page.$$eval('#advice-memo li', (lis) => lis.map((li) => li.textContent ?? ''))

  it('shows fib with its exact distinct-argument count and the calls a cache would remove', async () => {
    const fibLine = readFileSync(join(repoRoot, 'fixtures/advise/memo.ts'), 'utf8').split('\n').findIndex((text) => text.startsWith('function fib(')) + 1
    const [first] = await items()
    const saved = (100 * (FIB_CALLS - 31)) / FIB_CALLS
    expect(first).toMatch(
      new RegExp(`^fib \\(fixtures/advise/memo\\.ts:${fibLine}\\): 2,692,537 calls with 31 distinct arguments; a cache would remove ${saved.toFixed(3).replace('.', '\\.')}% of calls and about [0-9.]+ (s|ms)$`),
    )
    const text = (await items()).join('\n')
    expect(text).toMatch(/^square \(fixtures\/advise\/memo\.ts:\d+\): 1,000 calls with 10 distinct arguments; /m)
    expect(text).toMatch(/^area \(fixtures\/advise\/memo\.ts:\d+\): 1,000 calls with 4 distinct arguments; /m)
    expect(text).not.toMatch(/^(ticket|fresh) /m)
    expect(errors).toEqual([])
  })

  it('says what probeprof advise says, sentence for sentence, and a click selects the function', async () => {
    const advise = spawnCli(['advise', reportPath])
    expect(advise.status, advise.stderr).toBe(0)
    const lines = stripVTControlCharacters(advise.stdout).split('\n')
    const title = lines.findIndex((line) => line.startsWith('Memoization candidates: '))
    expect(await page.textContent('#advice h3:has(+ #advice-memo)')).toBe(lines[title])
    const sentences = lines.slice(title + 1).filter((line) => /^ {3}\S.*distinct argument/.test(line)).map((line) => line.trim())
    expect(sentences).toHaveLength(4)
    expect(await items()).toEqual(sentences)
    const report = loadReport(reportPath)
    const fib = report.functions.findIndex((fn) => fn.name === 'fib')
    await page.click(`#advice-memo button[data-fn="${fib}"]`)
    expect(await page.getAttribute(`#functions tbody tr[data-fn="${fib}"]`, 'class')).toContain('selected')
    expect(errors).toEqual([])
  })
})
