// Cost by feature on a real server: fixtures/advise/feature-server.ts on 127.0.0.1, a node:http app through
// profileHttp, visited a known number of times. GET /export (3 of 43 requests) spins 20 ms per request, GET /ping
// answers at once: `probeprof advise` must put each route's share of the time against its share of the requests,
// and `probeprof html` must show the same table and sentence in headless Chromium.
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ProfileReport } from '@probeprof/runtime/report'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Advice } from '../../packages/probeprof/dist/advise/types.js'
import { buildApp, repoRoot, tempDir } from '../helpers/app.js'
import { collectErrors, launchChromium, requireChromium } from '../helpers/chromium.js'
import { runCli, spawnCli } from '../helpers/cli.js'
import { serverReport, startServer } from './server-helpers.js'

requireChromium() // no browser: this file fails here, in one line, before any test is collected

const VISITS: [string, number][] = [['/export', 3], ['/ping', 40]]
const TOTAL = 43
let out: string
let report: ProfileReport

beforeAll(async () => {
  const dir = tempDir('advise-server-')
  await buildApp({
    entryPoints: [join(repoRoot, 'fixtures/advise/feature-server.ts')],
    outdir: dir,
    plugin: { enabled: true, cache: false },
    esbuild: { packages: 'external', target: 'node20' },
  })
  out = join(dir, 'server.json')
  // precise: a spin's own time is never below its 20 ms (sampled, a sample taken late after a spin's end can
  // charge its tail to whatever ran next)
  const server = await startServer(join(dir, 'feature-server.mjs'), { PROBEPROF_OUT: out, PROBEPROF_CLOCK: 'precise' })
  for (const [path, count] of VISITS) for (let i = 0; i < count; i++) await (await fetch(`http://127.0.0.1:${server.port}${path}`)).text()
  await server.stop()
  report = serverReport(out)
}, 120_000)

describe('probeprof advise on a server: cost by route', () => {
  it("gives each route's exact share of the requests and its share of the time in instrumented code", async () => {
    const result = await runCli(['advise', out, '--json'])
    expect(result.status, result.stderr).toBe(0)
    const advice = JSON.parse(result.stdout) as Advice
    // a server waits for requests most of its wall time: gains are shares of the time in instrumented code
    expect(advice.reference.label).toBe('time in instrumented code')
    const routes = new Map(advice.features.routes.map((route) => [route.name, route]))
    const routeTime = (name: string) => report.functions[report.routes!.find((route) => route.name === name)!.function].cumtime
    const all = report.routes!.filter((route) => route.function >= 0).reduce((sum, route) => sum + report.functions[route.function].cumtime, 0)
    for (const [path, count] of VISITS) {
      const route = routes.get(`GET ${path}`)!
      expect(route.requests).toBe(count)
      expect(route.requestShare).toBe(count / TOTAL)
      expect(route.timeShare).toBeCloseTo(routeTime(route.name) / all, 9)
    }
    const exported = routes.get('GET /export')!
    // three requests that spin 20 ms each: never less; a loaded machine (the suite at load 6) descheduled a spin past
    // its end by up to 4 ms, so the bound above is 1/3 over, still far below the 0.12 s of a spin charged twice
    const spin = report.functions.find((fn) => fn.name === 'buildExport')!
    expect(spin.tottime).toBeGreaterThanOrEqual(0.06)
    expect(spin.tottime).toBeLessThan(0.08)
    expect(exported.cumtime).toBeGreaterThanOrEqual(spin.tottime)
    expect(advice.features.routes[0].name).toBe('GET /export') // the costliest first
    expect(exported.costRatio).toBeCloseTo(exported.timeShare / (3 / TOTAL), 9)
  })

  it('says which rarely used route to question first', async () => {
    const result = await runCli(['advise', out])
    const advice = JSON.parse((await runCli(['advise', out, '--json'])).stdout) as Advice
    const exported = advice.features.routes.find((route) => route.name === 'GET /export')!
    // 7 % of the requests; 60 ms of spinning against 40 answers that do next to nothing
    expect(exported.timeShare).toBeGreaterThan(0.5)
    expect(result.stdout).toContain(
      `   GET /export serves 7.0% of the requests and takes ${(100 * exported.timeShare).toFixed(1)}% of the time, ${exported.costRatio!.toFixed(1)}x its share: the feature to question first.`,
    )
    expect(result.stdout).toMatch(/^ {11}3 {4}7\.0% +[\d.]+ ms +[\d.]+% +GET \/export$/m)
    expect(result.stdout).toMatch(/^ {10}40 {3}93\.0% +[\d.]+ [mµ]?s +[\d.]+% +GET \/ping$/m)
  })
})

describe('probeprof html on a server: cost by route', () => {
  it('shows each route with its exact requests and share, and names the rarely used costly one as advise does', async () => {
    const file = out.replace(/\.json$/, '.html')
    const html = spawnCli(['html', out, '-o', file])
    expect(html.status, html.stderr).toBe(0)
    const text = (await runCli(['advise', out])).stdout
    const browser = await launchChromium()
    try {
      const page = await browser.newPage()
      const errors = collectErrors(page)
      await page.goto(pathToFileURL(file).href)
      await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 })
      const rows = await page.$$eval('#advice-routes tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)))
      expect(rows.map((cells) => [cells[0], cells[1], cells[4]])).toEqual([
        ['3', '7.0%', 'GET /export'],
        ['40', '93.0%', 'GET /ping'],
      ])
      const sentence = await page.textContent('#advice-costly-route')
      expect(sentence).toMatch(/^GET \/export serves 7\.0% of the requests and takes [\d.]+% of the time, [\d.]+x its share: the feature to question first\.$/)
      expect(text).toContain(`   ${sentence}\n`)
      expect(errors).toEqual([])
    } finally {
      await browser.close()
    }
  })
})
