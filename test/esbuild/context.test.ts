// esbuild's long-lived modes: context().rebuild(), watch() and serve() pick up a changed file, instrument it,
// and keep every unchanged file as it was.
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import probeprof from '@probeprof/esbuild'
import * as esbuild from 'esbuild'
import { afterEach, describe, expect, it } from 'vitest'
import { readReport, runNode } from '../helpers/app.js'
import { callCounts, copyFixture } from './esbuild-helpers.js'

const CHANGED_ADD = `export function jsAdd(a, b) {
  return plus(a, b)
}
function plus(a, b) {
  return a + b
}
`

/** A plugin that resolves a promise after each build: how a test waits for watch mode. */
function buildEnds() {
  let waiting: ((result: esbuild.BuildResult) => void) | undefined
  const plugin: esbuild.Plugin = {
    name: 'build-ends',
    setup(build) {
      build.onEnd((result) => waiting?.(result))
    },
  }
  return { plugin, next: () => new Promise<esbuild.BuildResult>((resolve) => (waiting = resolve)) }
}

describe('context(): rebuild, watch, serve', () => {
  let context: esbuild.BuildContext | undefined
  afterEach(async () => {
    await context?.dispose()
    context = undefined
  })

  function options(dir: string, plugins: esbuild.Plugin[] = []): esbuild.BuildOptions {
    return {
      entryPoints: [join(dir, 'src/main.ts')],
      absWorkingDir: dir,
      outdir: join(dir, 'out'),
      outExtension: { '.js': '.mjs' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      logLevel: 'silent',
      plugins: [probeprof({ enabled: true, cache: join(dir, 'cache') }), ...plugins],
    }
  }

  function runCounts(dir: string): Record<string, number> {
    const report = join(dir, 'report.json')
    const run = runNode(join(dir, 'out/main.mjs'), { env: { PROBEPROF_OUT: report } })
    expect(run.status, run.stderr).toBe(0)
    return callCounts(readReport(report))
  }

  it('rebuild() instruments the changed file', async () => {
    const dir = copyFixture('extensions')
    context = await esbuild.context(options(dir))
    await context.rebuild()
    expect(runCounts(dir)).toMatchObject({ 'add.js:jsAdd': 5 })
    expect(runCounts(dir)['add.js:plus']).toBeUndefined()

    writeFileSync(join(dir, 'src/lib/add.js'), CHANGED_ADD)
    await context.rebuild()
    expect(runCounts(dir)).toMatchObject({ 'add.js:jsAdd': 5, 'add.js:plus': 5, 'negate.mjs:mjsNegate': 7 })
  })

  it('a rebuild after the cache directory was deleted (npm ci) still finds the runtime', async () => {
    const dir = copyFixture('extensions')
    context = await esbuild.context(options(dir))
    await context.rebuild()
    rmSync(join(dir, 'cache'), { recursive: true, force: true })
    writeFileSync(join(dir, 'src/lib/add.js'), CHANGED_ADD)
    const result = await context.rebuild()
    expect(result.errors).toEqual([])
    expect(runCounts(dir)).toMatchObject({ 'add.js:plus': 5 })
  })

  it('watch() picks up a changed file', async () => {
    const dir = copyFixture('extensions')
    const ends = buildEnds()
    context = await esbuild.context(options(dir, [ends.plugin]))
    const first = ends.next()
    await context.watch()
    await first
    expect(runCounts(dir)).toMatchObject({ 'add.js:jsAdd': 5 })

    const second = ends.next()
    writeFileSync(join(dir, 'src/lib/add.js'), CHANGED_ADD)
    const result = await second
    expect(result.errors).toEqual([])
    expect(runCounts(dir)).toMatchObject({ 'add.js:jsAdd': 5, 'add.js:plus': 5 })
  })

  it('serve() serves the instrumented bundle and rebuilds it after a change', async () => {
    const dir = copyFixture('extensions')
    context = await esbuild.context({ ...options(dir), write: false })
    const { port } = await context.serve({ host: '127.0.0.1', port: 0 })
    const url = `http://127.0.0.1:${port}/main.mjs`
    const first = await (await fetch(url)).text()
    expect(first).toContain('.register("src/lib/add.js"')
    expect(first).not.toContain('function plus(')

    writeFileSync(join(dir, 'src/lib/add.js'), CHANGED_ADD)
    await context.rebuild()
    const second = await (await fetch(url)).text()
    expect(second).toMatch(/function plus\(a, b\) \{\s*const __ppf = __pp\w+\(\)\.e\(2\);/)
    // the served bundle is what the app runs
    writeFileSync(join(dir, 'served.mjs'), second)
    const report = join(dir, 'served-report.json')
    const run = runNode(join(dir, 'served.mjs'), { env: { PROBEPROF_OUT: report } })
    expect(run.status, run.stderr).toBe(0)
    expect(callCounts(readReport(report))).toMatchObject({ 'add.js:plus': 5 })
    expect(readFileSync(join(dir, 'src/lib/add.js'), 'utf8')).toBe(CHANGED_ADD)
  })
})
