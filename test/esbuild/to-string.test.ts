// Function.prototype.toString() in an esbuild bundle: esbuild reprints the instrumented code, so the runtime
// recognises the probes by the shape esbuild prints them in (packages/runtime/src/printed-probes.ts). Per function
// kind, in esm, cjs and iife bundles, the instrumented function's text equals the plain bundle's up to whitespace,
// and runs as the original in realms without the runtime: a vm context, new Function, and in headless Chromium
// page.evaluate(fn) and a Blob worker.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import vm from 'node:vm'
import probeprof from '@probeprof/esbuild'
import * as esbuild from 'esbuild'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { repoRoot, tempDir } from '../helpers/app.js'
import { collectErrors, launchChromium, requireChromium } from '../helpers/chromium.js'

requireChromium()

const FIXTURE = join(repoRoot, 'test/esbuild/fixtures/to-string/kinds.js')
/** The bundles compared, plain and instrumented: each format, and esm with its whitespace minified (names kept). */
const BUILDS = {
  esm: { format: 'esm' },
  cjs: { format: 'cjs' },
  iife: { format: 'iife' },
  'esm, minifyWhitespace': { format: 'esm', minifyWhitespace: true },
} satisfies Record<string, esbuild.BuildOptions>
type Format = keyof typeof BUILDS
const FORMATS = Object.keys(BUILDS) as Format[]

/** Runs functions of each kind from their text alone, in whatever realm evaluates it (no probe global there). */
const DRIVER = `async function runKinds(texts) {
  const f = (name) => (0, eval)('(' + texts[name] + ')')
  const collect = async (iterable) => { const out = []; for await (const x of iterable) out.push(x); return out }
  return {
    declared: f('declared')(3), expression: f('expression')(4), arrowBlock: f('arrowBlock')(1), arrowExpression: f('arrowExpression')(5),
    arrowObject: f('arrowObject')(4).x, asyncFunction: await f('asyncFunction')(2), asyncArrow: await f('asyncArrow')(2),
    generator: [...f('generator')(3)], asyncGenerator: await collect(f('asyncGenerator')(3)), Base: new (f('Base'))(6).callSecret(),
    forAwait: await f('forAwait')([1, 2]), tricky: await f('tricky')('a}b'),
    precedence: await f('precedence')(3, 2), yields: ((g) => [g.next().value, g.next(4).value])(f('yields')(1)),
    defaults: f('defaults')(2), asyncDefaults: await f('asyncDefaults')(undefined, 0), WithFields: new (f('WithFields'))().read(),
  }
}`
const EXPECTED = {
  declared: 5, expression: 8, arrowBlock: 2, arrowExpression: 4, arrowObject: 4, asyncFunction: 3, asyncArrow: 6,
  generator: [0, 1, 2], asyncGenerator: [0, 1, 2], Base: 42, forAwait: 4, tricky: 'a)b (}', precedence: [5, 9, '2.0', 'number'], yields: [1, 5],
  defaults: [2, 4, '4'], asyncDefaults: [[2], 1], WithFields: ['one', '1', [2]],
}

const bundles = new Map<string, string>()
beforeAll(async () => {
  const dir = tempDir('to-string-')
  for (const format of FORMATS) {
    for (const instrumented of [false, true]) {
      const outfile = join(dir, `${format.replace(/\W+/g, '-')}-${instrumented ? 'instrumented' : 'plain'}.js`)
      await esbuild.build({
        ...BUILDS[format], entryPoints: [FIXTURE], outfile, bundle: true, platform: 'browser', logLevel: 'silent', absWorkingDir: repoRoot,
        plugins: instrumented ? [probeprof({ enabled: true, cache: false, workers: 0 })] : [],
      })
      bundles.set(`${format}-${instrumented}`, readFileSync(outfile, 'utf8'))
    }
  }
})

/** A fresh realm that ran the bundle; the instrumented bundle's runtime installs its toString in that realm. */
function realmWith(format: Format, instrumented: boolean): vm.Context {
  const realm = vm.createContext({ console })
  vm.runInContext(bundles.get(`${format}-${instrumented}`)!, realm)
  return realm
}

function textsIn(realm: vm.Context): Record<string, string> {
  return vm.runInContext('Object.fromEntries(Object.entries(kinds).map(([name, fn]) => [name, String(fn)]))', realm) as Record<string, string>
}

const withoutWhitespace = (text: string) => text.replace(/\s+/g, '')

describe.each(FORMATS)('toString in an esbuild bundle: %s', (format) => {
  it('every function kind shows the plain bundle text up to whitespace, no probe left', () => {
    const plain = textsIn(realmWith(format, false))
    const instrumentedRealm = realmWith(format, true)
    const shown = textsIn(instrumentedRealm)
    expect(Object.keys(shown)).toHaveLength(30)
    expect(bundles.get(`${format}-true`)).toContain('__ppf') // the probes are in the code…
    for (const [name, text] of Object.entries(shown)) {
      expect(text, name).not.toContain('__pp') // …not in its text
      expect(withoutWhitespace(text), name).toBe(withoutWhitespace(plain[name]))
    }
    // and they ran: one call of declared, counted by the bundle's runtime
    vm.runInContext('kinds.declared(1)', instrumentedRealm)
    const calls = vm.runInContext("globalThis.__probeprof.snapshot().functions.find((fn) => fn.name === 'declared').calls", instrumentedRealm)
    expect(calls).toBe(1)
  })

  it('the text runs as the original code in a vm realm without the runtime (eval, new Function)', async () => {
    const texts = textsIn(realmWith(format, true))
    const bare = vm.createContext({})
    const run = vm.runInContext(`(${DRIVER})`, bare) as (texts: Record<string, string>) => Promise<unknown>
    expect(await run(texts)).toEqual(EXPECTED)
    expect(vm.runInContext(`new Function('a', ${JSON.stringify(`return (${texts.declared})(a)`)})(10)`, bare)).toBe(12)
  })
})

describe('toString in a bundle minified with renamed identifiers', () => {
  it('is left as esbuild printed it, probes included (README: no plain text can be recovered there), never cut', async () => {
    const result = await esbuild.build({
      entryPoints: [FIXTURE], write: false, bundle: true, format: 'iife', minify: true, platform: 'browser', logLevel: 'silent', absWorkingDir: repoRoot,
      plugins: [probeprof({ enabled: true, cache: false, workers: 0 })],
    })
    const code = result.outputFiles[0].text
    const realm = vm.createContext({ console })
    vm.runInContext(code, realm)
    for (const [name, text] of Object.entries(textsIn(realm))) {
      expect(code, name).toContain(text)
      expect(text, name).toMatch(/\.(?:e[ag]?|epa?)\(\d+\)/)
    }
  })
})

describe('toString of bundled functions in headless Chromium', () => {
  let browser: Browser | undefined
  afterAll(async () => {
    await browser?.close()
  })

  it('page.evaluate(fn) of an instrumented function runs it in a page that has no runtime', async () => {
    browser = await launchChromium()
    const page = await browser.newPage()
    const errors = collectErrors(page)
    const kinds = vm.runInContext('kinds', realmWith('iife', true)) as Record<string, (...args: never[]) => unknown>
    // playwright sends String(fn): the instrumented bundle's toString gives the original code
    expect(await page.evaluate(kinds.declared as (a: number) => number, 3)).toBe(5)
    expect(await page.evaluate(kinds.asyncArrow as (x: number) => Promise<number>, 2)).toBe(6)
    expect(await page.evaluate(kinds.arrowObject as (x: number) => { x: number }, 4)).toEqual({ x: 4 })
    expect(await page.evaluate(kinds.forAwait as (xs: number[]) => Promise<number>, [1, 2])).toBe(4)
    expect(await page.evaluate(() => typeof (globalThis as { __probeprof?: unknown }).__probeprof)).toBe('undefined')
    expect(errors).toEqual([])
  })

  it('in a page running the instrumented bundle, String(fn) is the plain text, and a Blob worker runs it', async () => {
    browser ??= await launchChromium()
    const page = await browser.newPage()
    const errors = collectErrors(page)
    await page.setContent('<!doctype html><title>kinds</title>')
    await page.addScriptTag({ content: bundles.get('iife-true')! })
    const shown = await page.evaluate(() =>
      Object.fromEntries(Object.entries((globalThis as unknown as { kinds: Record<string, unknown> }).kinds).map(([name, fn]) => [name, String(fn)])),
    )
    const plain = textsIn(realmWith('iife', false))
    for (const [name, text] of Object.entries(shown)) expect(withoutWhitespace(text), name).toBe(withoutWhitespace(plain[name]))
    const results = await page.evaluate(
      ({ driver, texts }) =>
        new Promise((resolve, reject) => {
          const url = URL.createObjectURL(new Blob([`${driver}\nonmessage = async (event) => postMessage(await runKinds(event.data))`], { type: 'text/javascript' }))
          const worker = new Worker(url)
          worker.onmessage = (event) => resolve(event.data)
          worker.onerror = (event) => reject(new Error(event.message))
          worker.postMessage(texts)
        }),
      { driver: DRIVER, texts: shown },
    )
    expect(results).toEqual(EXPECTED)
    expect(errors).toEqual([])
  })
})
