// The corpus in a real browser: every program that uses no Node API is bundled as a classic script for the
// browser, plain and instrumented (transformSource + esbuild, with the real runtime), and run in Debian's headless
// Chromium. Output and uncaught errors must match, and the runtime's snapshot must count every function exactly
// as often as Chromium's own precise coverage saw it called in the plain page.
import { readdirSync, readFileSync } from 'node:fs'
import { basename, dirname } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ProfileReport } from '@probeprof/runtime/report'
import { launchChromium, requireChromium } from '../helpers/chromium.js'
import { buildVariant, countsFromCoverage, countsToCheck, listCases, reportCounts, type CoveredFunction, type ProgramCase } from './corpus.js'

requireChromium() // no browser: this file fails here, in one line, before any test is collected

const NODE_ONLY = /\b(process|require|module|exports|__dirname|__filename|Buffer)\b|import\.meta|node:/
const ORIGIN = 'http://probeprof.test'
/** A page is done when its output has not changed for this long (the corpus's timers are at most 60 ms). */
const K_QUIET_MS = 150

/** Programs a browser can run as one classic script: no Node API, no top-level await, no flags. */
function browserCases(): ProgramCase[] {
  return listCases().filter((testCase) => {
    if (testCase.format !== 'esm' || Object.keys(testCase.flags).length > 0 || testCase.name.includes('top-level-await')) return false
    const dir = dirname(testCase.entry)
    const files = listFiles(dir)
    return !files.some((file) => NODE_ONLY.test(readFileSync(file, 'utf8')))
  })
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).map((name) => `${dir}/${name}`)
}

/** Console output as text the same way for both variants; uncaught errors and rejections as lines too. */
const CAPTURE = `
window.__out = [];
const fmt = (v) => typeof v === 'string' ? v : (() => { try { return JSON.stringify(v, (k, x) => typeof x === 'bigint' ? x + 'n' : typeof x === 'function' ? '[function ' + x.name + ']' : typeof x === 'symbol' ? String(x) : x === undefined ? '[undefined]' : x) } catch (e) { return String(v) } })() ?? String(v);
console.log = (...args) => window.__out.push(args.map(fmt).join(' '));
window.addEventListener('error', (e) => window.__out.push('uncaught ' + e.message));
window.addEventListener('unhandledrejection', (e) => window.__out.push('unhandled ' + (e.reason && e.reason.message)));
`

interface PageRun {
  output: string[]
  coverage?: CoveredFunction[]
  report?: ProfileReport
}

/** Scripts the pages may load, by URL path: each program is served from its own path. */
const served = new Map<string, string>()

async function openPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage()
  await page.route(`${ORIGIN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname
    if (path.endsWith('/')) return route.fulfill({ contentType: 'text/html', body: `<!doctype html><script>${CAPTURE}</script><script src="${path}main.js"></script>` })
    return route.fulfill({ contentType: 'text/javascript', body: readFileSync(served.get(path)!, 'utf8') })
  })
  return page
}

/** Runs one script in `page` (a fresh document: the previous program's globals and timers are gone). */
async function runInPage(page: Page, script: string, options: { coverage: boolean }): Promise<PageRun> {
  const path = `/${served.size}/`
  served.set(`${path}main.js`, script)
  if (options.coverage) await page.coverage.startJSCoverage()
  await page.goto(`${ORIGIN}${path}`)
  let last = -1
  for (;;) {
    await page.waitForTimeout(K_QUIET_MS)
    const length = await page.evaluate(() => (window as unknown as { __out: string[] }).__out.length)
    if (length === last) break
    last = length
  }
  const output = await page.evaluate(() => (window as unknown as { __out: string[] }).__out.slice())
  const coverage = options.coverage ? (await page.coverage.stopJSCoverage()).find((entry) => entry.url === `${ORIGIN}${path}main.js`)?.functions : undefined
  const report = options.coverage
    ? undefined
    : await page.evaluate(() => (globalThis as unknown as { __probeprof: { snapshot(): unknown } }).__probeprof.snapshot() as ProfileReport)
  return { output, coverage, report }
}

/** Pages open at once: each mostly waits for its program to go quiet. */
const K_PAGES = 8

interface CaseResult {
  plain: PageRun
  instrumented: PageRun
  plainScript: string
}

describe('the corpus in headless Chromium', () => {
  const cases = browserCases()
  const results = new Map<string, CaseResult | Error>()
  let browser: Browser

  beforeAll(async () => {
    browser = await launchChromium()
    const queue = cases.slice()
    const worker = async () => {
      const page = await openPage(browser)
      for (let testCase = queue.shift(); testCase !== undefined; testCase = queue.shift()) {
        try {
          const plainScript = await buildVariant(testCase, 'plain', 'browser')
          const plain = await runInPage(page, plainScript, { coverage: true })
          const instrumented = await runInPage(page, await buildVariant(testCase, 'transform', 'browser'), { coverage: false })
          results.set(testCase.name, { plain, instrumented, plainScript })
        } catch (error) {
          results.set(testCase.name, error as Error)
        }
      }
      await page.close()
    }
    await Promise.all(Array.from({ length: K_PAGES }, worker))
  }, 600_000)

  afterAll(async () => {
    await browser?.close()
  })

  it('covers most of the corpus', () => {
    expect(cases.length).toBeGreaterThan(150)
  })

  for (const testCase of cases) {
    it(testCase.name, () => {
      const result = results.get(testCase.name)
      if (result instanceof Error || result === undefined) throw result ?? new Error('not run')
      expect(result.instrumented.output).toEqual(result.plain.output)
      expect(result.plain.coverage, 'coverage of the plain script').toBeDefined()
      const oracle = countsFromCoverage(result.plainScript, result.plain.coverage!)
      const { counted, expected } = countsToCheck(reportCounts(result.instrumented.report!), oracle)
      expect(counted).toEqual(expected)
    })
  }
})
