// Which files get probes: the project's own sources by default, narrowed by include/exclude globs; node_modules
// only when asked (all of it, or named packages), checked on a real library; never files imported as something
// other than code, never the runtime itself.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ProbeprofEsbuildOptions } from '@probeprof/esbuild'
import { beforeAll, describe, expect, it } from 'vitest'
import { readReport, runNode } from '../helpers/app.js'
import { build, callCounts, copyFixture } from './esbuild-helpers.js'

describe('include, exclude, nodeModules', () => {
  let dir: string
  let plainStdout: string
  const options = () => ({
    entryPoints: [join(dir, 'src/main.ts')],
    absWorkingDir: dir,
    bundle: true,
    platform: 'node' as const,
    format: 'esm' as const,
    outExtension: { '.js': '.mjs' },
  })

  beforeAll(async () => {
    dir = copyFixture('filters')
    await build({ ...options(), outdir: join(dir, 'plain') }, undefined)
    const plain = runNode(join(dir, 'plain/main.mjs'))
    expect(plain.status, plain.stderr).toBe(0)
    plainStdout = plain.stdout
    // feature(2), generated(3), the template's text length, Σi and Σ1 over ten adds
    expect(plainStdout).toBe(`3 30 ${readFileSync(join(dir, 'src/template.js'), 'utf8').length} 45 10\n`)
  })

  let runs = 0
  async function profile(plugin: ProbeprofEsbuildOptions): Promise<Record<string, number>> {
    const outdir = join(dir, `run-${++runs}`)
    const result = await build({ ...options(), outdir }, { cache: false, ...plugin })
    expect(result.errors).toEqual([])
    const reportPath = join(outdir, 'report.json')
    const run = runNode(join(outdir, 'main.mjs'), { env: { PROBEPROF_OUT: reportPath } })
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toBe(plainStdout)
    const report = readReport(reportPath)
    // the scratch copy sits below the repository, whose node_modules holds three: `../../../node_modules/three/…`
    return Object.fromEntries(report.functions.map((fn) => [`${fn.file.replace(/^(\.\.\/)+/, '')}:${fn.name}`, fn.calls]))
  }

  it('default: every project source, no dependency, nothing imported as text', async () => {
    const counts = await profile({})
    expect(counts).toMatchObject({
      'src/main.ts:<module>': 1,
      'src/feature/feature.ts:feature': 1,
      'src/generated/table.ts:generated': 1,
    })
    expect(Object.keys(counts).filter((key) => !key.startsWith('src/'))).toEqual([])
    expect(Object.keys(counts).filter((key) => key.includes('template'))).toEqual([])
  })

  it('include globs narrow the project files', async () => {
    const counts = await profile({ include: ['src/main.ts', 'src/feature/**'] })
    expect(Object.keys(counts).sort()).toEqual(['src/feature/feature.ts:<module>', 'src/feature/feature.ts:feature', 'src/main.ts:<module>'])
  })

  it('exclude globs remove files', async () => {
    const counts = await profile({ exclude: ['src/generated/**', '**/feature.ts'] })
    expect(Object.keys(counts)).toEqual(['src/main.ts:<module>'])
  })

  it('nodeModules: a named package is instrumented, with exact counts', async () => {
    const counts = await profile({ nodeModules: ['three'], include: ['src/main.ts'] })
    expect(counts).toMatchObject({
      'node_modules/three/src/math/Vector3.js:Vector3.add': 10,
      'src/main.ts:<module>': 1,
    })
    // eleven `new Vector3` in main.ts, and Vector3.js makes its own scratch vectors at load time
    expect(counts['node_modules/three/src/math/Vector3.js:Vector3.constructor']).toBeGreaterThanOrEqual(11)
  })

  it('nodeModules: a package not named is left alone', async () => {
    const counts = await profile({ nodeModules: ['lodash'] })
    expect(Object.keys(counts).filter((key) => key.includes('node_modules'))).toEqual([])
  })

  it('nodeModules: true takes every package, minus excluded files, never the runtime', async () => {
    const all = await profile({ nodeModules: true })
    expect(all['node_modules/three/src/math/Vector3.js:Vector3.add']).toBe(10)
    const without = await profile({ nodeModules: true, exclude: ['node_modules/three/src/math/Vector3.js'] })
    expect(Object.keys(without).filter((key) => key.includes('Vector3'))).toEqual([])
    expect(Object.keys(all).filter((key) => key.includes('runtime'))).toEqual([])
  })

  it('a loader other than code (loader: text) leaves the file alone', async () => {
    const outdir = join(dir, 'text-loader')
    const result = await build(
      { ...options(), entryPoints: [join(dir, 'src/template.js')], outdir, loader: { '.js': 'text' }, format: 'cjs' },
      { cache: false },
    )
    expect(result.errors).toEqual([])
    const plain = await build({ ...options(), entryPoints: [join(dir, 'src/template.js')], outdir: join(outdir, 'plain'), loader: { '.js': 'text' }, format: 'cjs', write: false }, undefined)
    const profiled = await build({ ...options(), entryPoints: [join(dir, 'src/template.js')], outdir: join(outdir, 'plain'), loader: { '.js': 'text' }, format: 'cjs', write: false }, { cache: false })
    expect(profiled.outputFiles!.map((file) => file.text)).toEqual(plain.outputFiles!.map((file) => file.text))
  })
})
