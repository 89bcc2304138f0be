// bundle: false. esbuild resolves no imports, so the plugin writes the runtime next to the output and each file
// imports it by its own relative path: the compiled tree runs as it is, wherever it is copied.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import probeprof from '@probeprof/esbuild'
import * as esbuild from 'esbuild'
import { beforeAll, describe, expect, it } from 'vitest'
import { readReport, runNode } from '../helpers/app.js'
import { build, callCounts, copyFixture } from './esbuild-helpers.js'

describe('unbundled builds (bundle: false)', () => {
  let dir: string
  beforeAll(() => {
    dir = copyFixture('unbundled')
  })

  for (const [format, packageType, runtimeFile] of [
    ['esm', 'module', 'probeprof-runtime.mjs'],
    ['cjs', 'commonjs', 'probeprof-runtime.cjs'],
    [undefined, 'module', 'probeprof-runtime.cjs'],
  ] as const) {
    it(`format ${format ?? '(as written)'}: the output tree runs and reports exact counts`, async () => {
      const outdir = join(dir, `out-${format ?? 'preserve'}`)
      const result = await build(
        { entryPoints: ['src/**/*.ts'], absWorkingDir: dir, outdir, platform: 'node', format },
        { out: 'report-%p.json', cache: false },
      )
      expect(result.errors).toEqual([])
      writeFileSync(join(outdir, 'package.json'), JSON.stringify({ type: packageType }))
      expect(existsSync(join(outdir, runtimeFile))).toBe(true)
      expect(readFileSync(join(outdir, 'lib/deep/leaf.js'), 'utf8')).toContain(`../../${runtimeFile}`)

      const reportPath = join(outdir, 'report.json')
      const run = runNode(join(outdir, 'main.js'), { env: { PROBEPROF_OUT: reportPath } })
      expect(run.status, run.stderr).toBe(0)
      expect(run.stdout).toBe('total 204\n')
      expect(callCounts(readReport(reportPath))).toMatchObject({
        'leaf.ts:leaf': 9,
        'describe.ts:describe': 1,
        'main.ts:<module>': 1,
        'leaf.ts:<module>': 1,
      })
    })
  }

  it('bakes the build options into the runtime file: `out` is where the report goes', async () => {
    const outdir = join(dir, 'out-baked')
    await build({ entryPoints: ['src/**/*.ts'], absWorkingDir: dir, outdir, platform: 'node', format: 'esm' }, { out: 'baked-report.json', cache: false })
    writeFileSync(join(outdir, 'package.json'), JSON.stringify({ type: 'module' }))
    const run = runNode(join(outdir, 'main.js'), { cwd: outdir, env: { PROBEPROF_QUIET: '1' } })
    expect(run.status, run.stderr).toBe(0)
    expect(callCounts(readReport(join(outdir, 'baked-report.json')))).toMatchObject({ 'leaf.ts:leaf': 9 })
  })

  it('a rebuild finds a file the entry glob newly matches, and instruments it with the right relative import', async () => {
    const own = copyFixture('unbundled') // this test adds a file
    const outdir = join(own, 'out-rebuild')
    const context = await esbuild.context({
      entryPoints: ['src/**/*.ts'],
      absWorkingDir: own,
      outdir,
      platform: 'node',
      format: 'esm',
      logLevel: 'silent',
      plugins: [probeprof({ enabled: true, cache: false })],
    })
    try {
      await context.rebuild()
      mkdirSync(join(own, 'src/lib/deep/deeper'), { recursive: true })
      writeFileSync(join(own, 'src/lib/deep/deeper/extra.ts'), 'export function extra(): number {\n  return 1\n}\n')
      await context.rebuild()
    } finally {
      await context.dispose()
    }
    expect(readFileSync(join(outdir, 'lib/deep/deeper/extra.js'), 'utf8')).toContain('"../../../probeprof-runtime.mjs"')
    writeFileSync(join(outdir, 'package.json'), JSON.stringify({ type: 'module' }))
    writeFileSync(join(outdir, 'use-extra.mjs'), "import { extra } from './lib/deep/deeper/extra.js'\nconsole.log(extra() + extra())\n")
    const reportPath = join(outdir, 'report.json')
    const run = runNode(join(outdir, 'use-extra.mjs'), { env: { PROBEPROF_OUT: reportPath } })
    expect(run.stdout).toBe('2\n')
    expect(callCounts(readReport(reportPath))).toMatchObject({ 'extra.ts:extra': 2 })
  })

  it('with write: false the runtime file is among the output files', async () => {
    const outdir = join(dir, 'out-memory')
    const result = await build({ entryPoints: ['src/**/*.ts'], absWorkingDir: dir, outdir, format: 'esm', write: false }, { cache: false })
    const paths = result.outputFiles!.map((file) => file.path.slice(outdir.length + 1)).sort()
    expect(paths).toEqual(['lib/deep/leaf.js', 'lib/describe.js', 'main.js', 'probeprof-runtime.mjs'])
    expect(existsSync(outdir)).toBe(false)
  })

  it('fails with one clear message when there is no outdir or outfile to put the runtime in', async () => {
    const failure = await build({ entryPoints: ['src/main.ts'], absWorkingDir: dir, write: false }, { cache: false }).catch((error: unknown) => error)
    expect((failure as { errors: { text: string }[] }).errors.map((error) => error.text)).toEqual([
      '@probeprof/esbuild: an unbundled build needs `outdir` or `outfile`: the probeprof runtime is written next to the output',
    ])
  })
})
