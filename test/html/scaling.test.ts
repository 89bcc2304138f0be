// `probeprof html --scaling`: fixtures/advise/scaling.ts built once with probes, run at 1,000, 4,000 and twice at
// 16,000, the page opened in headless Chromium. distanceTo is called once per item and does O(n) work per call,
// so its calls grow exactly as n^1 and it is the super-linear one; weigh is called once per item too. The page's
// rows and sentences must be `probeprof advise --scaling`'s for the same reports, and the rest of the page the two
// runs at the largest size, merged (weigh: exactly 2 × 16,000 calls).
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ScalingAdvice } from '../../packages/probeprof/dist/advise/scaling.js'
import { buildApp, repoRoot, runNode, tempDir } from '../helpers/app.js'
import { collectErrors, launchChromium, requireChromium } from '../helpers/chromium.js'
import { spawnCli } from '../helpers/cli.js'

requireChromium() // no browser: this file fails here, in one line, before any test is collected

const RUN_SIZES = [1000, 4000, 16000, 16000]

describe('probeprof html --scaling', () => {
  const reports: string[] = []
  let dir: string
  let browser: Browser
  let page: Page
  let errors: string[]

  beforeAll(async () => {
    // precise, as in advise-scaling.test.ts: distanceTo takes about 1 ms at n = 1,000, ten samples of 100 µs, and a
    // late sample on a loaded machine can bend its exponent below the super-linear line; this file tests the page
    dir = tempDir('html-scaling-')
    await buildApp({ entryPoints: [join(repoRoot, 'fixtures/advise/scaling.ts')], outdir: dir, plugin: { enabled: true } })
    for (const [run, n] of RUN_SIZES.entries()) {
      const out = join(dir, `n${n}-${run}.json`)
      const result = runNode(join(dir, 'scaling.mjs'), { args: [String(n)], env: { PROBEPROF_OUT: out, PROBEPROF_QUIET: '1', PROBEPROF_CLOCK: 'precise' } })
      expect(result.status, result.stderr).toBe(0)
      reports.push(out)
    }
    const html = spawnCli(['html', '--scaling', ...reports, '--sizes', RUN_SIZES.join(','), '-o', join(dir, 'growth.html')])
    expect(html.status, html.stderr).toBe(0)
    browser = await launchChromium()
    page = await browser.newPage()
    errors = collectErrors(page)
    await page.goto(pathToFileURL(join(dir, 'growth.html')).href)
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 })
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
  })

  const advise = (...options: string[]) => spawnCli(['advise', '--scaling', ...reports, '--sizes', RUN_SIZES.join(','), ...options])

  it("shows each function's growth exponents, the ones advise --scaling fits for the same reports", async () => {
    const fitted = JSON.parse(advise('--json').stdout) as ScalingAdvice
    const rows = await page.$$eval('#scaling-table tbody tr', (trs) =>
      trs.map((tr) => ({ fn: (tr as HTMLElement).dataset.function, superLinear: tr.classList.contains('super-linear'), cells: [...tr.querySelectorAll('td')].map((td) => td.textContent) })),
    )
    expect(rows.map((row) => row.fn)).toEqual(fitted.functions.map((fn) => fn.standardName))
    for (const [i, fn] of fitted.functions.entries()) {
      expect(rows[i].cells.slice(0, 3)).toEqual([fn.timeFit?.exponent.toFixed(2) ?? '-', fn.timeFit?.r2?.toFixed(3) ?? '-', fn.callsFit?.exponent.toFixed(2) ?? '-'])
    }
    const distanceTo = rows.find((row) => row.fn === 'fixtures/advise/scaling.ts:8(distanceTo)')!
    expect(distanceTo.cells[2]).toBe('1.00') // one call per item: exactly linear
    expect(distanceTo.superLinear).toBe(true)
    expect(rows.find((row) => row.fn === 'fixtures/advise/scaling.ts:14(weigh)')!.superLinear).toBe(false)
    expect(errors).toEqual([])
  })

  it('says in the words of advise --scaling which function is super-linear', async () => {
    const text = advise().stdout
    expect(await page.textContent('#scaling-headline')).toBe('Scaling over 4 runs at input sizes 1,000, 4,000, 16,000 (2 runs) (--sizes): own time and calls against size, fitted as n^b')
    const flags = await page.$$eval('#scaling .scaling-flag', (ps) => ps.map((p) => p.textContent ?? ''))
    expect(flags).toEqual(text.split('\n').filter((line) => line.startsWith('super-linear: ')))
    expect(flags.join('\n')).toMatch(/^super-linear: distanceTo \(fixtures\/advise\/scaling\.ts:8\): time ∝ n\^[0-9.]+, calls ∝ n\^1\.00; /)
  })

  it('is otherwise the report of the runs at the largest size, merged; a click in the growth table selects the function', async () => {
    expect(await page.textContent('#scaling .hint')).toBe('The rest of this page is the 2 runs, merged, at the largest size, 16,000. Several runs at one size: the fastest one counts for time (the rest of the machine only adds time).')
    const weigh = await page.$eval('#scaling-table tr[data-function="fixtures/advise/scaling.ts:14(weigh)"] button', (button) => Number((button as HTMLElement).dataset.fn))
    expect(await page.textContent(`#functions tbody tr[data-fn="${weigh}"] td.num`)).toBe('32,000')
    await page.click(`#scaling-table button[data-fn="${weigh}"]`)
    expect(await page.getAttribute(`#functions tbody tr[data-fn="${weigh}"]`, 'class')).toContain('selected')
    expect(errors).toEqual([])
  })

  it.each([
    [['html', 'a.json', '--sizes', '1,2'], 'probeprof: error: --sizes and --size-from go with --scaling'],
    [['html', '--scaling', 'a.json', 'b.json'], 'probeprof: error: --scaling needs the input size of each run: --sizes 1000,2000,4000 (one per report) or --size-from FUNCTION (its call count)'],
  ])('bad options (%j): one line, exit 2', (argv, message) => {
    const result = spawnCli(argv)
    expect(result.stderr).toBe(`${message}\n`)
    expect(result.status).toBe(2)
  })

  it('--sizes with the wrong count: one line, exit 2, no page written', () => {
    const result = spawnCli(['html', '--scaling', ...reports, '--sizes', '1,2', '-o', join(dir, 'wrong.html')])
    expect(result.stderr).toBe('probeprof: error: --sizes gives 2 sizes for 4 reports: give one per report, in the same order\n')
    expect(result.status).toBe(2)
  })
})
