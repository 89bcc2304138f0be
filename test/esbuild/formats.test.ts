// Every source extension, every esbuild platform and output format: the instrumented bundle prints exactly what
// the plain one prints, and its report counts each function exactly as often as the program's loops call it.
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { readReport, runNode } from '../helpers/app.js'
import { build, callCounts, copyFixture } from './esbuild-helpers.js'

/** main.ts's loop bounds; h() builds one element per render */
const EXPECTED = {
  'view.tsx:tsxRender': 2,
  'view.tsx:h': 2,
  'double.mts:mtsDouble': 3,
  'triple.cts:ctsTriple': 4,
  'add.js:jsAdd': 5,
  'item.jsx:jsxItem': 6,
  'item.jsx:h': 6,
  'negate.mjs:mjsNegate': 7,
  'square.cjs:cjsSquare': 8,
  'main.ts:<module>': 1,
}

const EXTENSION = { esm: '.mjs', cjs: '.cjs', iife: '.js' } as const

describe('extensions × platforms × formats', () => {
  let dir: string
  beforeAll(() => {
    dir = copyFixture('extensions')
  })

  for (const platform of ['node', 'browser', 'neutral'] as const) {
    for (const format of ['esm', 'cjs', 'iife'] as const) {
      it(`platform ${platform}, format ${format}`, async () => {
        const outdir = join(dir, `out-${platform}-${format}`)
        const options = {
          entryPoints: [join(dir, 'src/main.ts')],
          absWorkingDir: dir,
          bundle: true,
          platform,
          format,
          outExtension: { '.js': EXTENSION[format] },
        }
        await build({ ...options, outdir: join(outdir, 'plain') }, undefined)
        const result = await build({ ...options, outdir: join(outdir, 'profiled') }, { cache: false })
        expect(result.warnings).toEqual([])

        const plain = runNode(join(outdir, 'plain', `main${EXTENSION[format]}`))
        const reportPath = join(outdir, 'report.json')
        const profiled = runNode(join(outdir, 'profiled', `main${EXTENSION[format]}`), { env: { PROBEPROF_OUT: reportPath } })
        expect(plain.status, plain.stderr).toBe(0)
        expect(profiled.status, profiled.stderr).toBe(0)
        expect(profiled.stdout).toBe(plain.stdout)

        const report = readReport(reportPath)
        expect(callCounts(report)).toMatchObject(EXPECTED)
        expect(report.functions.find((fn) => fn.name === 'tsxRender')!.file).toBe('src/lib/view.tsx')
      })
    }
  }

  it("packages: 'external' still bundles the runtime the plugin supplies", async () => {
    const outdir = join(dir, 'out-packages-external')
    const result = await build(
      { entryPoints: [join(dir, 'src/main.ts')], absWorkingDir: dir, bundle: true, platform: 'node', format: 'esm', packages: 'external', outdir, outExtension: { '.js': '.mjs' }, metafile: true },
      { cache: false },
    )
    expect(Object.keys(result.metafile!.inputs).filter((input) => /probeprof-runtime-[0-9a-f]{16}\.mjs$/.test(input))).toHaveLength(1)
    const reportPath = join(outdir, 'report.json')
    const run = runNode(join(outdir, 'main.mjs'), { env: { PROBEPROF_OUT: reportPath } })
    expect(run.status, run.stderr).toBe(0)
    expect(callCounts(readReport(reportPath))).toMatchObject(EXPECTED)
  })
})
