// `probeprof serve`, the real CLI process on 127.0.0.1, serving an esbuild-built page (fixtures/web, built with
// runtime: { collect: '/__probeprof' }) to headless Chromium: the page's report arrives when the page is left or
// sends it, with the exact call counts, one line each; --coop-coep isolates the page (5 µs timer steps in the report);
// a body that is not a report gets 400 and one line, and nothing is written; bad options exit 2 in one line.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp, tempDir } from '../helpers/app.js'
import { launchChromium, requireChromium } from '../helpers/chromium.js'
import { probeprofBin, spawnCli } from '../helpers/cli.js'
import { profileFixture } from '../helpers/reports.js'
import { callsByFunction, expectedWebCalls, readPageReport, waitForReports, WEB_APP } from './page-reports.js'

requireChromium() // no browser: this file fails here, in one line, before any test is collected

const PAGE_HTML = '<!doctype html><title>built</title><button id="bump">bump</button><output id="count">0</output><script type="module" src="/main.js"></script>'

interface RunningServe {
  child: ChildProcess
  /** `http://127.0.0.1:<port>` */
  base: string
  stdout: () => string
  stderr: () => string
  /**
   * The lines of stdout (or stderr) that start with `prefix`, once there are `count` of them: the collector answers
   * the page and renames the file into place before its line reaches this process.
   */
  lines(prefix: string, count: number, stream?: 'stdout' | 'stderr'): Promise<string[]>
  /** SIGTERM (Ctrl-C's twin); resolves with the exit code */
  stop(): Promise<number | null>
}

/** Starts `probeprof serve <args>` in `cwd` and waits for the line that names its address. */
async function startServe(args: string[], cwd: string): Promise<RunningServe> {
  const child = spawn(process.execPath, [probeprofBin, 'serve', ...args], { cwd, env: { ...process.env, PROBEPROF: '' } })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk))
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const deadline = Date.now() + 20_000
  let match: RegExpMatchArray | null = null
  // the start-up lines end with this one
  while ((match = /collecting reports at (http:\/\/127\.0\.0\.1:\d+)\/__probeprof[^]*press Ctrl-C to stop\n/.exec(stdout)) === null) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`probeprof serve did not start: ${stdout}${stderr}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return {
    child,
    base: match[1],
    stdout: () => stdout,
    stderr: () => stderr,
    async lines(prefix, count, stream = 'stdout') {
      const lines = () => (stream === 'stdout' ? stdout : stderr).split('\n').filter((line) => line.startsWith(prefix))
      for (const until = Date.now() + 10_000; lines().length < count && Date.now() < until; ) await new Promise((resolve) => setTimeout(resolve, 20))
      return lines()
    },
    stop: () => {
      child.kill('SIGTERM')
      return exited
    },
  }
}

let browser: Browser
let site: string
let bigSite: string
/** fixtures/web built with `flushMs`: the page also sends its report every K_FLUSH_MS while it runs */
let flushingSite: string
const K_FLUSH_MS = 100
/** A real report (fixtures/primes, run in Node), posted by hand */
let validReport: string
const running: RunningServe[] = []

/** The 900 functions of the large page: its report is well over the 64 KiB a beacon may carry. */
const K_BIG_FUNCTIONS = 900

beforeAll(async () => {
  const dir = tempDir('serve-')
  site = join(dir, 'site')
  const plugin = { enabled: true, cache: join(dir, 'cache'), workers: 0, runtime: { collect: '/__probeprof' } }
  const esbuild = { platform: 'browser', format: 'esm', outExtension: { '.js': '.js' } } as const
  await buildApp({ entryPoints: [join(WEB_APP, 'src/main.ts')], outdir: site, plugin, esbuild })
  writeFileSync(join(site, 'index.html'), PAGE_HTML)
  flushingSite = join(dir, 'flushing-site')
  await buildApp({ entryPoints: [join(WEB_APP, 'src/main.ts')], outdir: flushingSite, plugin: { ...plugin, runtime: { collect: '/__probeprof', flushMs: K_FLUSH_MS } }, esbuild })
  writeFileSync(join(flushingSite, 'index.html'), PAGE_HTML)
  // a page of many small functions, each called once
  const bigSource = join(dir, 'big/main.ts')
  mkdirSync(join(dir, 'big'))
  const names = Array.from({ length: K_BIG_FUNCTIONS }, (_, i) => `work${i}`)
  writeFileSync(
    bigSource,
    names.map((name, i) => `function ${name}(n: number): number {\n  return n + ${i}\n}\n`).join('') +
      `let total = 0\nfor (const fn of [${names.join(', ')}]) total += fn(1)\ndocument.title = 'total ' + total\n`,
  )
  bigSite = join(dir, 'big-site')
  await buildApp({ entryPoints: [bigSource], outdir: bigSite, plugin, esbuild })
  writeFileSync(join(bigSite, 'index.html'), PAGE_HTML)
  validReport = readFileSync((await profileFixture('fixtures/primes/src/slow.ts')).path, 'utf8')
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  for (const serve of running) if (serve.child.exitCode === null) serve.child.kill('SIGTERM')
})

async function serveIn(args: string[]): Promise<{ serve: RunningServe; cwd: string }> {
  const cwd = tempDir('serve-run-')
  const serve = await startServe(args, cwd)
  running.push(serve)
  return { serve, cwd }
}

describe('probeprof serve', () => {
  it('a page it serves sends its report when it is left: exact counts, one line naming the file and the page', async () => {
    const { serve, cwd } = await serveIn(['--dir', site, '--out', 'reports/'])
    expect(serve.stdout()).toContain(`serving ${site} at ${serve.base}/\n`)
    const page = await browser.newPage()
    await page.goto(`${serve.base}/`)
    await page.waitForFunction(() => document.title.startsWith('hello'))
    expect(await page.title()).toBe('hello page fib 144 count 7')
    for (let click = 0; click < 3; click++) await page.click('#bump')
    expect(await page.textContent('#count')).toBe('10')
    // left for another site: pagehide, the runtime's beacon. (A closed tab's pagehide does not always run in
    // headless Chromium, which may end the renderer first: bench/browser/delivery.mjs counts how often.)
    await page.goto('about:blank')
    await page.close()

    const [file] = await waitForReports(join(cwd, 'reports'), 1)
    const report = readPageReport(file)
    expect(callsByFunction(report)).toEqual(expectedWebCalls(3))
    expect(report.meta.host).toMatchObject({ runtime: 'browser', url: `${serve.base}/`, crossOriginIsolated: false, timerResolution: 0.0001 })
    const calls = Object.values(expectedWebCalls(3)).reduce((sum, count) => sum + count, 0)
    expect(await serve.lines('wrote ', 1)).toEqual([`wrote reports/${file.split('/').pop()} (${calls} calls in 10 functions) from ${serve.base}/`])
    expect(file.split('/').pop()).toMatch(/^probeprof-page-\d{13}\.json$/)
    // the file is a report the CLI reads
    const printed = spawnCli(['report', file, '--sort', 'calls', '--limit', '1'])
    expect(printed.stdout).toContain('; clock precise (performance.now() in 100.0 µs steps, page not cross-origin isolated); ')
    expect(printed.stdout).toMatch(/\n\s+465\/1\s.*fixtures\/web\/src\/main\.ts:8\(fib\)\n/)
    expect(await serve.stop()).toBe(0)
  })

  it('--coop-coep: every file it serves is cross-origin isolated, and the report says so (performance.now() in 5 µs steps)', async () => {
    const { serve, cwd } = await serveIn(['--dir', site, '--coop-coep', '--out', join('reports', 'iso-%n.json')])
    expect(serve.stdout()).toContain(`serving ${site} at ${serve.base}/ (cross-origin isolated)\n`)
    for (const path of ['/', '/main.js']) {
      const response = await fetch(`${serve.base}${path}`)
      expect(response.status).toBe(200)
      expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin')
      expect(response.headers.get('cross-origin-embedder-policy')).toBe('require-corp')
    }
    const page = await browser.newPage()
    await page.goto(`${serve.base}/`)
    await page.waitForFunction(() => document.title.startsWith('hello'))
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true)
    // left for another page of the site (pagehide); that page's own load sends nothing: it has no script
    await page.goto(`${serve.base}/index.html?left`)
    await page.evaluate(() => (document.body.innerHTML = ''))
    const [file] = await waitForReports(join(cwd, 'reports'), 1)
    expect(file).toBe(join(cwd, 'reports/iso-1.json'))
    const report = readPageReport(file)
    expect(callsByFunction(report)).toEqual(expectedWebCalls(0))
    expect(report.meta.host).toMatchObject({ crossOriginIsolated: true, timerResolution: 0.000005 })
    await page.close()
    // without the flag, the same file has no isolation headers
    const { serve: plain } = await serveIn(['--dir', site])
    expect((await fetch(`${plain.base}/main.js`)).headers.get('cross-origin-embedder-policy')).toBe(null)
  })

  it('__probeprof.send() delivers the report so far, resolved once written; the page load\'s next report replaces it, in the same file', async () => {
    const { serve, cwd } = await serveIn(['--dir', site, '--out', 'reports/'])
    const page = await browser.newPage()
    await page.goto(`${serve.base}/`)
    await page.waitForFunction(() => document.title.startsWith('hello'))
    await page.click('#bump')
    await page.evaluate(() => (globalThis as unknown as { __probeprof: { send(): Promise<void> } }).__probeprof.send())
    const [file] = await waitForReports(join(cwd, 'reports'), 1, 0) // already there: send() resolved after the write
    expect(callsByFunction(readPageReport(file))).toEqual(expectedWebCalls(1))
    await page.click('#bump')
    await page.click('#bump')
    await page.goto(`${serve.base}/missing`)
    const lines = await serve.lines('wrote ', 2)
    const name = file.split('/').pop()
    expect(lines.map((line) => line.replace(/ \(.*/, ''))).toEqual([`wrote reports/${name}`, `wrote reports/${name}`])
    expect(readdirSync(join(cwd, 'reports'))).toEqual([name])
    expect(callsByFunction(readPageReport(file))).toEqual(expectedWebCalls(3))
    await page.close()
  })

  it('flushMs: a page sends its report while it runs, when it changed, so a tab that dies without pagehide leaves its last one', async () => {
    const { serve, cwd } = await serveIn(['--dir', flushingSite, '--out', 'reports/'])
    const page = await browser.newPage()
    await page.goto(`${serve.base}/`)
    await page.waitForFunction(() => document.title.startsWith('hello'))
    for (let click = 0; click < 3; click++) await page.click('#bump')
    // the page stays open: the counts after the clicks arrive by the periodic sends alone
    const [file] = await waitForReports(join(cwd, 'reports'), 1)
    for (const until = Date.now() + 10_000; Date.now() < until; await new Promise((resolve) => setTimeout(resolve, 50))) {
      if (isDeepStrictEqual(callsByFunction(readPageReport(file)), expectedWebCalls(3))) break
    }
    expect(callsByFunction(readPageReport(file))).toEqual(expectedWebCalls(3))
    // nothing ran since: five more periods send nothing
    const sent = (await serve.lines('wrote ', 1)).length
    await new Promise((resolve) => setTimeout(resolve, 5 * K_FLUSH_MS))
    expect((await serve.lines('wrote ', 1)).length).toBe(sent)
    expect(readdirSync(join(cwd, 'reports'))).toEqual([file.split('/').pop()])
    await page.close()
  })

  it('a report over the 64 KiB a beacon carries still arrives, by a plain fetch, when the page is left', async () => {
    const { serve, cwd } = await serveIn(['--dir', bigSite, '--out', 'reports/'])
    const page = await browser.newPage()
    await page.goto(`${serve.base}/`)
    await page.waitForFunction(() => document.title.startsWith('total'))
    await page.goto(`${serve.base}/missing`)
    const [file] = await waitForReports(join(cwd, 'reports'), 1)
    expect(readFileSync(file).length).toBeGreaterThan(64 * 1024)
    const report = readPageReport(file)
    const work = report.functions.filter((fn) => /^work\d+$/.test(fn.name))
    expect([work.length, work.every((fn) => fn.calls === 1)]).toEqual([K_BIG_FUNCTIONS, true])
    await page.close()
  })

  it('a body that is not a report: 400 with one line, nothing written; page loads never share a file, and an older report of a load never replaces a newer one', async () => {
    const { serve, cwd } = await serveIn(['--out', 'out/'])
    const post = (body: string, query = '') => fetch(`${serve.base}/__probeprof${query}`, { method: 'POST', body })
    for (const [body, reason] of [
      ['hello', /^cannot read profile: not valid JSON \(.*\); the file may be truncated or not a probeprof report\n$/],
      ['{"a":1}', /^cannot read profile: not a probeprof report \(missing \$schema\)\n$/],
      ['', /^cannot read profile: the file is empty\n$/],
    ] as const) {
      const response = await post(body)
      expect(response.status).toBe(400)
      expect(await response.text()).toMatch(reason)
    }
    const valid = validReport
    const truncated = await post(valid.slice(0, valid.length / 2))
    expect([truncated.status, (await truncated.text()).split('\n').length]).toEqual([400, 2])
    expect(existsSync(join(cwd, 'out'))).toBe(false)
    expect(await serve.lines('probeprof: refused a report from 127.0.0.1: cannot read profile:', 4, 'stderr')).toHaveLength(4)
    expect((await fetch(`${serve.base}/__probeprof`)).status).toBe(405)
    expect((await fetch(`${serve.base}/`)).status).toBe(404) // no --dir: nothing else is served

    // load a: seq 2 arrives before seq 1 (two beacons overtaking each other); load b gets its own file
    const withCalls = (calls: number) => {
      const report = JSON.parse(valid) as { functions: { calls: number }[] }
      report.functions[0].calls = calls
      return JSON.stringify(report)
    }
    expect((await post(withCalls(20), '?load=a&seq=2')).status).toBe(204)
    expect((await post(withCalls(10), '?load=a&seq=1')).status).toBe(204)
    expect((await post(withCalls(30), '?load=b&seq=1')).status).toBe(204)
    expect((await post(withCalls(40), '?load=a&seq=3')).status).toBe(204)
    const files = readdirSync(join(cwd, 'out')).sort()
    expect(files).toHaveLength(2)
    const firstCalls = files.map((name) => (JSON.parse(readFileSync(join(cwd, 'out', name), 'utf8')) as { functions: { calls: number }[] }).functions[0].calls)
    expect(firstCalls.sort()).toEqual([30, 40])
    const lines = await serve.lines('wrote ', 3)
    expect([lines.length, lines.every((line) => line.startsWith('wrote out/probeprof-page-'))]).toEqual([3, true])
  })

  it('a file name that is taken gets -2, never replacing a report that was there', async () => {
    const cwd = tempDir('serve-taken-')
    writeFileSync(join(cwd, 'page.json'), 'an earlier report')
    const serve = await startServe(['--out', 'page.json'], cwd)
    running.push(serve)
    const valid = validReport
    for (const load of ['x', 'y']) {
      expect((await fetch(`${serve.base}/__probeprof?load=${load}&seq=1`, { method: 'POST', body: valid })).status).toBe(204)
    }
    expect(readFileSync(join(cwd, 'page.json'), 'utf8')).toBe('an earlier report')
    expect(readdirSync(cwd).sort()).toEqual(['page-2.json', 'page-3.json', 'page.json'])
    expect(readFileSync(join(cwd, 'page-2.json'), 'utf8')).toBe(valid)
  })

  it('bad options: one line and exit 2', () => {
    for (const [args, line] of [
      [['--prot', '80'], /^probeprof: error: unknown option '--prot', maybe you meant '--port'\? \(see probeprof serve --help\)$/],
      [['--port', 'x'], /^probeprof: error: invalid --port 'x': give a number from 0 to 65535/],
      [['--coop-coep'], /^probeprof: error: --coop-coep needs --dir: /],
      [['--dir', 'no/such/dir'], /^probeprof: error: cannot serve --dir 'no\/such\/dir': no such directory$/],
    ] as const) {
      const result = spawnCli(['serve', ...args])
      expect(result.status).toBe(2)
      expect(result.stderr.trim().split('\n')).toHaveLength(1)
      expect(result.stderr.trim()).toMatch(line)
    }
  })
})
