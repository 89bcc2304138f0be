// `probeprof view`: speedscope served from the speedscope package on 127.0.0.1, spawned as a user runs it
// (without a desktop, so it prints the URL). The server serves the page, its assets and our profile; real
// headless Chromium loads the profile in speedscope; Ctrl-C stops it with status 0.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadReport } from 'probeprof'
import { speedscopeFile } from '../../packages/probeprof/dist/export/speedscope.js'
import { repoRoot } from '../helpers/app.js'
import { BIN, recordPrimes } from '../export/primes-run.js'
import { collectErrors, launchChromium, requireChromium } from '../helpers/chromium.js'

requireChromium() // no browser: this file fails here, in one line, before any test is collected

describe('probeprof view', () => {
  let child: ChildProcess
  let stdout = ''
  let url: URL
  let report: string
  let exited: Promise<number | null>

  beforeAll(async () => {
    ;({ report } = await recordPrimes())
    const env = { ...process.env }
    delete env.DISPLAY
    delete env.WAYLAND_DISPLAY
    child = spawn(process.execPath, [BIN, 'view', report], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] })
    exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)))
    child.stdout!.setEncoding('utf8')
    url = await new Promise<URL>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${stdout}`)), 30_000)
      child.stdout!.on('data', (chunk: string) => {
        stdout += chunk
        const match = /^ {2}(http:\/\/127\.0\.0\.1:\d+\/#\S+)$/m.exec(stdout)
        if (match && stdout.includes('Ctrl-C')) {
          clearTimeout(timer)
          resolve(new URL(match[1]))
        }
      })
    })
  })

  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL')
  })

  it('prints the URL when no browser can be opened', () => {
    expect(stdout).toMatch(/^speedscope is serving probeprof\.json at\n {2}http:\/\/127\.0\.0\.1:\d+\/#profileURL=[^\n]+\nopen that URL in a browser; press Ctrl-C to stop\n$/)
  })

  it("serves speedscope's page and assets from the speedscope package, and nothing else", async () => {
    const page = await fetch(new URL('/', url))
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('speedscope')
    const script = /src="?([^"\s>]+\.js)/.exec(html)![1]
    const asset = await fetch(new URL(script, url))
    expect(asset.status).toBe(200)
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/)
    expect((await fetch(new URL('/../package.json', url))).status).toBe(404)
    expect((await fetch(new URL('/%2e%2e%2fpackage.json', url))).status).toBe(404)
  })

  it('serves the profile named in #profileURL: our speedscope export of the report', async () => {
    const profileUrl = new URLSearchParams(url.hash.slice(1)).get('profileURL')!
    const response = await fetch(profileUrl)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual(JSON.parse(JSON.stringify(speedscopeFile(loadReport(report), { name: 'probeprof.json' }))))
  })

  it('loads the profile in speedscope in headless Chromium, without errors', async () => {
    const browser = await launchChromium()
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
      const errors = collectErrors(page)
      await page.goto(url.href)
      await page.waitForFunction(() => document.title.endsWith(' - speedscope'), undefined, { timeout: 30_000 })
      expect(await page.title()).toBe('probeprof.json - speedscope')
      await page.waitForTimeout(500)
      mkdirSync(join(repoRoot, 'test/.output'), { recursive: true })
      await page.screenshot({ path: join(repoRoot, 'test/.output/speedscope-view.png') })
      // both profiles, and the second one's total weight is the exact number of calls
      const body = (await page.textContent('body'))!
      expect(body).toContain('probeprof.json (1/2)')
      const calls = loadReport(report).functions.reduce((sum, fn) => sum + fn.calls, 0)
      expect(body).toContain(`2probeprof.json${calls.toLocaleString('en-US')}`)
      await page.click('text=Sandwich') // speedscope's table view: one row per function, in the DOM
      await page.waitForSelector('text=isPrime')
      await page.screenshot({ path: join(repoRoot, 'test/.output/speedscope-sandwich.png') })
      expect(errors).toEqual([])
    } finally {
      await browser.close()
    }
  })

  it('stops on Ctrl-C with status 0', async () => {
    child.kill('SIGINT')
    expect(await exited).toBe(0)
  })
})
