// Which ways of leaving a page deliver its report to `probeprof serve`, counted over tries in headless Chromium:
// fixtures/web (a 4 KB report, by beacon; with and without a click first: user activation) and a page of 900 functions (a 190 KB report, by plain fetch), plain and
// cross-origin isolated, left by closing the tab or navigating. Not a timing benchmark: it counts arrivals.
//
//   node bench/browser/delivery.mjs [--tries N]        (default 5; CHROMIUM_PATH overrides /usr/bin/chromium)
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import probeprof from '@probeprof/esbuild'
import * as esbuild from 'esbuild'
import { chromium } from 'playwright-core'

const { values } = parseArgs({ options: { tries: { type: 'string', default: '5' } } })
const tries = Number(values.tries)
if (!Number.isInteger(tries) || tries < 1) {
  console.error(`delivery.mjs: --tries must be a positive integer, got '${values.tries}'`)
  process.exit(2)
}

const repo = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..')
mkdirSync(join(repo, '.tmp'), { recursive: true })
// inside the repository: the plugin instruments the files under its root
const work = mkdtempSync(join(repo, '.tmp', 'delivery-'))
const html = '<!doctype html><title>built</title><button id="bump">bump</button><script type="module" src="/main.js"></script>'

async function buildSite(name, entry) {
  const outdir = join(work, name)
  await esbuild.build({
    entryPoints: [entry], bundle: true, format: 'esm', platform: 'browser', outdir, absWorkingDir: repo, logLevel: 'silent',
    plugins: [probeprof({ enabled: true, cache: join(work, 'cache'), workers: 0, runtime: { collect: '/__probeprof' } })],
  })
  writeFileSync(join(outdir, 'index.html'), html)
  return outdir
}

mkdirSync(join(work, 'big-src'))
const names = Array.from({ length: 900 }, (_, i) => `work${i}`)
writeFileSync(join(work, 'big-src/main.ts'), names.map((name, i) => `function ${name}(n: number): number {\n  return n + ${i}\n}\n`).join('') +
  `let total = 0\nfor (const fn of [${names.join(', ')}]) total += fn(1)\ndocument.title = 'total ' + total\n`)
const sites = { small: await buildSite('small', join(repo, 'fixtures/web/src/main.ts')), big: await buildSite('big', join(work, 'big-src/main.ts')) }

/** How the page is left. */
const LEAVE = {
  'close (runBeforeUnload)': (page) => page.close({ runBeforeUnload: true }),
  'close (Playwright default)': (page) => page.close(),
  'navigate, same origin': (page, base) => page.goto(`${base}/missing`),
  'navigate to about:blank': (page) => page.goto('about:blank'),
}

async function serve(site, isolated, out) {
  const child = spawn(process.execPath, [join(repo, 'packages/probeprof/bin/probeprof.js'), 'serve', '--dir', site, '--out', out + '/', ...(isolated ? ['--coop-coep'] : [])])
  let stdout = ''
  child.stdout.on('data', (chunk) => (stdout += chunk))
  while (!/press Ctrl-C/.test(stdout)) await new Promise((r) => setTimeout(r, 20))
  return { child, base: /collecting reports at (\S+)\/__probeprof/.exec(stdout)[1] }
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] })
const load = loadavg()[0]
console.log(`${new Date().toISOString()}  ${browser.version()}  ${tries} tries each  load average ${load.toFixed(2)}\n`)
console.log('| report | page | clicked first | left by | arrived |')
console.log('| --- | --- | --- | --- | ---: |')
const scenarios = []
for (const isolated of [false, true]) {
  for (const clicked of [false, true]) for (const how of Object.keys(LEAVE)) scenarios.push({ size: 'small', isolated, clicked, how })
  for (const how of Object.keys(LEAVE)) scenarios.push({ size: 'big', isolated, clicked: false, how })
}
for (const { size, isolated, clicked, how } of scenarios) {
  {
    {
      const site = sites[size]
      const leave = LEAVE[how]
      let arrived = 0
      for (let attempt = 0; attempt < tries; attempt++) {
        const out = mkdtempSync(join(work, 'reports-'))
        const { child, base } = await serve(site, isolated, out)
        const context = await browser.newContext()
        const page = await context.newPage()
        await page.goto(`${base}/`)
        await page.waitForFunction(() => document.title !== 'built')
        if (clicked) await page.click('#bump')
        await leave(page, base)
        for (const until = Date.now() + 5000; readdirSync(out).length === 0 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 50))
        if (readdirSync(out).length > 0) arrived++
        await context.close()
        child.kill('SIGTERM')
      }
      const report = size === 'small' ? '4 KB (beacon)' : '190 KB (plain fetch)'
      console.log(`| ${report} | ${isolated ? 'cross-origin isolated' : 'plain'} | ${clicked ? 'yes' : 'no'} | ${how} | ${arrived}/${tries} |`)
    }
  }
}
await browser.close()
console.log(`\nload average after: ${loadavg()[0].toFixed(2)}`)
