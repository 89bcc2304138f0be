// The probes add no name to the global object. A classic script's top-level `var` and function declarations
// become properties of the global object, so the transform declares its own top-level names with `let`/`const`
// in a script (emit.ts), and the runtime's handle `__probeprof` is not enumerable. A script that lists the
// global object (Object.keys, for-in, getOwnPropertyNames) sees what it saw plain: in a vm realm, and in
// headless Chromium beside a classic script loaded as is and beside an esbuild IIFE bundle.

import { createServer, type Server } from 'node:http'
import { readFileSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import vm from 'node:vm'
import * as esbuild from 'esbuild'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { transformSource } from '@probeprof/babel-plugin'
import { install } from '@probeprof/runtime/install'
import type { ProfileReport } from '@probeprof/runtime/report'
import { buildApp, repoRoot, tempDir } from '../helpers/app.js'
import { collectErrors, launchChromium, requireChromium } from '../helpers/chromium.js'

requireChromium()

/** A classic (sloppy) script: every kind of top-level declaration, each function called once. */
const SCRIPT = `var counter = 0
function tick() { counter++; return counter }
let hidden = (x) => x + 1
const limit = 3
class Point { constructor(x) { this.x = x } }
var made = new Point(hidden(tick()))
`

/** What a neighbour script sees of the global object, as JSON. */
const LISTING = `(() => {
  const forIn = []
  for (const key in globalThis) forIn.push(key)
  return JSON.stringify({ keys: Object.keys(globalThis), forIn, names: Object.getOwnPropertyNames(globalThis), made: made.x })
})()`

interface Listing {
  keys: string[]
  forIn: string[]
  names: string[]
  made: number
}

/** The runtime's handle, installed (not enumerable) where instrumented code runs; plain pages have none. */
const HANDLE = '__probeprof'

function withoutHandle(listing: Listing): Listing {
  return { ...listing, names: listing.names.filter((name) => name !== HANDLE) }
}

const instrumented = transformSource(SCRIPT, join(repoRoot, 'globals.js'), { root: repoRoot, runtime: 'global', sourceType: 'script', sourceMaps: false })!.code

describe('global names of a classic script, instrumented and plain', () => {
  it('in a vm realm: the same keys, for-in and own property names (the runtime handle aside), and exact calls', () => {
    const plainRealm = vm.createContext({})
    vm.runInContext(SCRIPT, plainRealm)
    const plain = JSON.parse(vm.runInContext(LISTING, plainRealm) as string) as Listing

    const realm = vm.createContext({})
    const profiler = install({ writeOnExit: false, quiet: true })
    profiler.reset()
    // as an app installs the runtime before its scripts (install() defines the handle the same way)
    Object.defineProperty(vm.runInContext('globalThis', realm), HANDLE, { value: profiler, writable: true, configurable: true, enumerable: false })
    vm.runInContext(instrumented, realm)
    const seen = JSON.parse(vm.runInContext(LISTING, realm) as string) as Listing

    expect(instrumented).toContain('let __pp')
    expect(plain.keys).toEqual(['tick', 'counter', 'made'])
    expect(seen.keys).toEqual(plain.keys)
    expect(seen.forIn).toEqual(plain.forIn)
    expect(withoutHandle(seen)).toEqual(plain)
    expect(seen.names.filter((name) => name === HANDLE)).toEqual([HANDLE])
    const calls = Object.fromEntries(profiler.snapshot().functions.filter((row) => row.file === 'globals.js').map((row) => [row.name, row.calls]))
    expect(calls).toEqual({ '<module>': 1, tick: 1, hidden: 1, 'Point.constructor': 1 })
  })
})

describe('global names in headless Chromium', () => {
  let server: Server
  let browser: Browser
  let origin: string

  beforeAll(async () => {
    const dir = tempDir('globals-')
    // the runtime as a page gets it: installed on load by a script of its own, before the instrumented script
    const runtime = await esbuild.build({
      stdin: { contents: "import '@probeprof/runtime/auto'", resolveDir: repoRoot },
      bundle: true, format: 'iife', platform: 'browser', write: false, logLevel: 'silent',
    })
    // an IIFE bundle of the same code, plain and with the plugin, for its neighbours
    writeFileSync(join(dir, 'app.js'), SCRIPT)
    for (const variant of ['plain', 'profiled'] as const) {
      await buildApp({
        entryPoints: [join(dir, 'app.js')],
        outdir: join(dir, variant),
        plugin: variant === 'plain' ? undefined : { enabled: true, cache: false, workers: 0 },
        esbuild: { platform: 'browser', format: 'iife', outExtension: { '.js': '.js' } },
      })
    }
    const scripts = new Map<string, string>([
      ['/runtime.js', runtime.outputFiles[0].text],
      ['/plain.js', SCRIPT],
      ['/instrumented.js', instrumented],
      ['/bundle-plain.js', readFileSync(join(dir, 'plain/app.js'), 'utf8')],
      ['/bundle-profiled.js', readFileSync(join(dir, 'profiled/app.js'), 'utf8')],
    ])
    const pages: Record<string, string[]> = {
      '/plain': ['/plain.js'],
      '/instrumented': ['/runtime.js', '/instrumented.js'],
      '/bundle-plain': ['/bundle-plain.js'],
      '/bundle-profiled': ['/bundle-profiled.js'],
    }
    server = createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname
      const script = scripts.get(path)
      if (script !== undefined) {
        response.writeHead(200, { 'content-type': 'text/javascript' })
        response.end(script)
        return
      }
      const tags = (pages[path] ?? []).map((src) => `<script src="${src}"></script>`).join('')
      response.writeHead(200, { 'content-type': 'text/html' })
      response.end(`<!doctype html><title>globals</title>${tags}`)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    await new Promise((resolve) => server?.close(resolve))
  })

  async function listingOf(path: string, listing = LISTING): Promise<{ listing: Listing; report: ProfileReport | null; errors: string[] }> {
    const page = await browser.newPage()
    const errors = collectErrors(page)
    await page.goto(origin + path)
    const seen = JSON.parse(await page.evaluate(listing)) as Listing
    const report = (await page.evaluate(`globalThis.${HANDLE} ? globalThis.${HANDLE}.snapshot() : null`)) as ProfileReport | null
    await page.close()
    return { listing: seen, report, errors }
  }

  it('a classic script loaded as is: the window lists the same names (the runtime handle aside), and calls are exact', async () => {
    const plain = await listingOf('/plain')
    const seen = await listingOf('/instrumented')
    expect(plain.errors).toEqual([])
    expect(seen.errors).toEqual([])
    expect(plain.listing.keys).toContain('tick')
    expect(seen.listing.keys).toEqual(plain.listing.keys)
    expect(seen.listing.forIn).toEqual(plain.listing.forIn)
    expect(withoutHandle(seen.listing)).toEqual(plain.listing)
    const calls = Object.fromEntries(seen.report!.functions.filter((row) => row.file === 'globals.js').map((row) => [row.name, row.calls]))
    expect(calls).toEqual({ '<module>': 1, tick: 1, hidden: 1, 'Point.constructor': 1 })
  })

  it("an IIFE bundle's neighbours see the window they saw beside the plain bundle (the runtime handle aside)", async () => {
    // the bundle keeps its names inside its function: list the window only
    const windowOnly = LISTING.replace('made: made.x', 'made: 0')
    const plain = await listingOf('/bundle-plain', windowOnly)
    const seen = await listingOf('/bundle-profiled', windowOnly)
    expect(plain.errors).toEqual([])
    expect(seen.errors).toEqual([])
    expect(seen.listing.keys).toEqual(plain.listing.keys)
    expect(seen.listing.forIn).toEqual(plain.listing.forIn)
    expect(withoutHandle(seen.listing)).toEqual(plain.listing)
    expect(seen.report!.functions.find((row) => row.name === 'tick')?.calls).toBe(1)
  })
})
