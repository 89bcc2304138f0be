// The public API (`import { profiler } from '@probeprof/runtime'`) used by a real instrumented app.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { functionRow, readReport, repoRoot, runNode, tempDir } from '../helpers/app.js'
import { buildPrograms } from './build-programs.js'

describe('profiler API in an instrumented app', () => {
  // sampled: profile() lends the running sampler thread to the inner recording and gives the outer one its times back
  it.each(['precise', 'sampled'])('enable, disable, reset, snapshot, write, profile (sync, async, throwing), clock %s', async (clock) => {
    const built = await buildPrograms(['api'])
    const dir = tempDir('api-')
    const written = join(dir, 'written.json')
    const run = runNode(built.instrumented('api'), { args: [written], env: { PROBEPROF_OUT: join(dir, 'exit.json'), PROBEPROF_QUIET: '1', PROBEPROF_CLOCK: clock } })
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    const seen = JSON.parse(run.stdout) as Record<string, unknown>
    expect(seen.enabledWhileOff).toBe(false)
    expect(seen.afterEnable).toEqual({ loop: 2, unit: 15, asyncWork: 0 }) // loop(20) ran while disabled
    expect(seen.afterReset).toEqual({ loop: 1, unit: 3, asyncWork: 0 })
    // profile() records its run on its own (cProfile's runcall) and leaves the outer recording untouched
    expect(seen.profileResult).toBe(7)
    expect(seen.profileReport).toEqual({ loop: 1, unit: 7, asyncWork: 0 })
    expect(seen.outerAfterProfile).toEqual({ loop: 1, unit: 3, asyncWork: 0 })
    expect(seen.asyncResult).toBe(4)
    expect(seen.asyncReport).toEqual({ loop: 1, unit: 4, asyncWork: 1 })
    expect(seen.asyncLatencyMs as number).toBeGreaterThanOrEqual(4) // the 5 ms timer, ±1 ms timer slop
    expect(seen.asyncCumtimeMs as number).toBeLessThan(seen.asyncLatencyMs as number) // suspended time is no one's
    expect(seen.profileRethrew).toBe('fails on purpose')
    expect(seen.outerAfterThrow).toEqual({ loop: 2, unit: 4, asyncWork: 0 })
    // own times: the inner report has the 40 ms spin, the outer one still its 30 ms spin and not the 40
    // (sampled: a statistical estimate; on a loaded machine its sampler wakes late more often than it can tell)
    const allowedMs = (clock === 'sampled' ? 10 : 4) + (seen.innerStallMs as number)
    expect(Math.abs((seen.innerSpinMs as number) - 40)).toBeLessThanOrEqual(allowedMs)
    expect(Math.abs((seen.outerSpinBeforeMs as number) - 30)).toBeLessThanOrEqual(allowedMs)
    expect(Math.abs((seen.outerSpinAfterMs as number) - (seen.outerSpinBeforeMs as number))).toBeLessThanOrEqual(1)
    // write() returns where it wrote, relative to the working directory when inside it
    expect(join(repoRoot, seen.written as string)).toBe(written)
    const report = readReport(written)
    expect(functionRow(report, 'loop').calls).toBe(2)
    // and the exit report holds the whole outer recording since reset()
    expect(functionRow(readReport(join(dir, 'exit.json')), 'loop').calls).toBe(2)
  })
})

describe('@probeprof/runtime package', () => {
  it('has no dependencies: it ships inside users\' apps', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'packages/runtime/package.json'), 'utf8')) as Record<string, unknown>
    expect(pkg.dependencies).toEqual({})
    expect(pkg.peerDependencies).toBeUndefined()
    expect(pkg.optionalDependencies).toBeUndefined()
  })

  it('declares the version the runtime reports', async () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'packages/runtime/package.json'), 'utf8')) as { version: string }
    const { RUNTIME_VERSION } = await import('../../packages/runtime/src/version.js')
    expect(RUNTIME_VERSION).toBe(pkg.version)
  })
})

describe('@probeprof/runtime size', () => {
  it('stays small: the whole runtime, bundled and minified, under 18 kB gzipped', async () => {
    const esbuild = await import('esbuild')
    const { gzipSync } = await import('node:zlib')
    const result = await esbuild.build({
      entryPoints: [join(repoRoot, 'packages/runtime/dist/index.js')],
      bundle: true,
      minify: true,
      write: false,
      format: 'esm',
      platform: 'neutral', // no Node built-in may be imported: the runtime reaches them through process.getBuiltinModule
    })
    const bytes = gzipSync(result.outputFiles[0].contents).length
    // 12 kB until the toString source map (source-text.ts, printed-probes.ts) and argument fingerprints
    // (fingerprints.ts) came in: 12.4 kB with both; 13.4 kB with the page delivery to a collector (collect.ts),
    // 13.7 kB with the auto clock as well; memory per function (memory.ts, the join of V8's heap samples to our
    // functions) adds about 2 kB: the budget leaves room for one more feature of that size
    expect(bytes).toBeLessThan(18 * 1024)
  })
})
