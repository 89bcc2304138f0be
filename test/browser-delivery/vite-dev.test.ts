// Vite's dev server (`vite`, programmatic createServer) with @probeprof/vite on: the modules it serves are
// instrumented, the page (fixtures/web in headless Chromium) sends its report to the server's /__probeprof when it
// is left, and the server writes it and prints its path through Vite's logger; HMR: an updated module's
// functions get rows of their own version, which the report library folds where file, line and name are unchanged.
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import probeprofVite from '@probeprof/vite'
import type { Browser } from 'playwright-core'
import { createLogger, createServer, type Logger, type ViteDevServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Stats } from 'probeprof'
import { tempDir } from '../helpers/app.js'
import { launchChromium, requireChromium } from '../helpers/chromium.js'
import { callsByFunction, expectedWebCalls, readPageReport, waitForReports, WEB_APP } from './page-reports.js'

requireChromium() // no browser: this file fails here, in one line, before any test is collected

let browser: Browser
const servers: ViteDevServer[] = []

beforeAll(async () => {
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  for (const server of servers) await server.close()
})

/** Vite's logger, its info lines kept (Vite prints nothing itself: logLevel stays quiet for the test's output). */
function recordingLogger(): { logger: Logger; infos: string[]; warnings: string[] } {
  const infos: string[] = []
  const warnings: string[] = []
  const logger = createLogger('silent')
  logger.info = (message) => void infos.push(stripVTControlCharacters(message))
  logger.warn = (message) => void warnings.push(stripVTControlCharacters(message))
  return { logger, infos, warnings }
}

async function startDevServer(root: string, dir: string, customLogger: Logger): Promise<{ server: ViteDevServer; url: string }> {
  const server = await createServer({
    root,
    configFile: false,
    cacheDir: join(dir, 'vite-cache'), // not in the fixture's folder
    customLogger,
    plugins: [probeprofVite({ enabled: true, cache: join(dir, 'cache'), workers: 0 })],
    server: { host: '127.0.0.1', port: 0, strictPort: false, watch: { usePolling: false } },
  })
  servers.push(server)
  await server.listen()
  return { server, url: server.resolvedUrls!.local[0] }
}

describe('Vite dev server', () => {
  it("instruments the modules it serves; the page's report reaches /__probeprof when it is left, and Vite's logger prints the path", async () => {
    const dir = tempDir('vite-dev-')
    const root = join(dir, 'app')
    cpSync(WEB_APP, root, { recursive: true }) // the reports go to Vite's root
    const { logger, infos, warnings } = recordingLogger()
    const { url } = await startDevServer(root, dir, logger)
    const page = await browser.newPage()
    await page.goto(url)
    await page.waitForFunction(() => document.title.startsWith('hello'))
    expect(await page.title()).toBe('hello page fib 144 count 7')
    for (let click = 0; click < 3; click++) await page.click('#bump')
    expect(await page.textContent('#count')).toBe('10')
    await page.goto('about:blank') // pagehide: the runtime's beacon to the dev server
    await page.close()

    const files = await waitForReports(root, 1)
    expect(files).toHaveLength(1)
    const report = readPageReport(files[0])
    expect(callsByFunction(report)).toEqual(expectedWebCalls(3))
    // rows at the TypeScript lines, relative to Vite's root
    expect(report.functions.find((fn) => fn.name === 'fib')).toMatchObject({ file: 'src/main.ts', line: 8, primitiveCalls: 1 })
    expect(report.functions.find((fn) => fn.name === 'Counter.bump')).toMatchObject({ file: 'src/counter.ts', line: 7 })
    expect(report.meta.host).toMatchObject({ runtime: 'browser', url, crossOriginIsolated: false, timerResolution: 0.0001 })
    const calls = Object.values(expectedWebCalls(3)).reduce((sum, count) => sum + count, 0)
    const name = files[0].split('/').pop()!
    for (const until = Date.now() + 5000; !infos.some((line) => line.startsWith('probeprof:')) && Date.now() < until; ) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(infos.filter((line) => line.startsWith('probeprof:'))).toEqual([`probeprof: wrote ${name} (${calls} calls in 10 functions) from ${url}`])
    expect(warnings).toEqual([])
  })

  it('HMR: an updated module runs with new function ids; rows whose file, line and name are unchanged read as one', async () => {
    const dir = tempDir('vite-hmr-')
    const root = join(dir, 'app')
    cpSync(WEB_APP, root, { recursive: true })
    // a module that accepts its own updates: Vite re-runs it in the same page, without a reload
    const hot = (version: string, padding: string) =>
      `${padding}export function render(): string {\n  return '${version}'\n}\n\nexport function paint(): void {\n  document.querySelector('#count')!.textContent = render()\n}\n\npaint()\nif (import.meta.hot) import.meta.hot.accept()\n`
    writeFileSync(join(root, 'src/hot.ts'), hot('v1', ''))
    writeFileSync(join(root, 'src/main.ts'), `import './hot.js'\n${readFileSync(join(root, 'src/main.ts'), 'utf8')}`)
    const { logger, infos } = recordingLogger()
    const { url } = await startDevServer(root, dir, logger)
    const page = await browser.newPage()
    await page.goto(url)
    await page.waitForFunction(() => document.title.startsWith('hello'))
    expect(await page.textContent('#count')).toBe('v1')
    // version 2: render keeps its line, paint moves down two lines
    writeFileSync(join(root, 'src/hot.ts'), hot('v2', '').replace('export function paint', '// moved\n\nexport function paint'))
    await page.waitForFunction(() => document.querySelector('#count')!.textContent === 'v2', undefined, { timeout: 20_000 })
    expect(infos.some((line) => line.includes('hmr update') && line.includes('/src/hot.ts'))).toBe(true)
    await page.goto('about:blank')
    await page.close()

    const [file] = await waitForReports(root, 1)
    const report = readPageReport(file)
    const rows = (name: string) => report.functions.filter((fn) => fn.name === name && fn.file === 'src/hot.ts').map((fn) => [fn.line, fn.calls])
    // each module version registered its own functions: two rows per function, one call each
    expect(rows('render')).toEqual([
      [1, 1],
      [1, 1],
    ])
    expect(rows('paint').sort()).toEqual([
      [5, 1],
      [7, 1],
    ])
    // the report library folds rows of the same file, line, column and name, as it merges reports
    const stats = new Stats(file)
    const read = (name: string) => stats.profile.functions.filter((fn) => fn.name === name && fn.file === 'src/hot.ts').map((fn) => [fn.line, fn.calls])
    expect(read('render')).toEqual([[1, 2]])
    expect(read('paint').sort()).toEqual([
      [5, 1],
      [7, 1],
    ])
  })
})
