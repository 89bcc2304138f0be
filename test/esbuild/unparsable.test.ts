// A file Babel cannot parse does not break the build: it is bundled as written, uninstrumented, with one
// warning that names the file and the reason; the rest of the build is instrumented as usual.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readReport, runNode } from '../helpers/app.js'
import { build, callCounts, copyFixture } from './esbuild-helpers.js'

describe('a file Babel cannot parse', () => {
  it('is bundled uninstrumented with one warning naming it and the reason', async () => {
    const dir = copyFixture('unparsable')
    const options = {
      entryPoints: [join(dir, 'src/main.ts')],
      absWorkingDir: dir,
      bundle: true,
      platform: 'node' as const,
      format: 'esm' as const,
      outExtension: { '.js': '.mjs' },
      loader: { '.js': 'ts' as const },
    }
    await build({ ...options, outdir: join(dir, 'plain') }, undefined)
    const result = await build({ ...options, outdir: join(dir, 'profiled') }, { cache: join(dir, 'cache') })
    expect(result.errors).toEqual([])
    expect(result.warnings.map((warning) => warning.text)).toEqual([
      expect.stringMatching(/^probeprof: not instrumented: src\/legacy\.js:3:\d+: .+/),
    ])
    expect(result.warnings[0].pluginName).toBe('probeprof')

    const plain = runNode(join(dir, 'plain/main.mjs'))
    const reportPath = join(dir, 'report.json')
    const profiled = runNode(join(dir, 'profiled/main.mjs'), { env: { PROBEPROF_OUT: reportPath } })
    expect(profiled.status, profiled.stderr).toBe(0)
    expect(profiled.stdout).toBe(plain.stdout)
    const counts = callCounts(readReport(reportPath))
    expect(counts).toMatchObject({ 'main.ts:double': 3, 'main.ts:<module>': 1 })
    expect(Object.keys(counts).filter((key) => key.startsWith('legacy.js'))).toEqual([])

    // warm: the verdict comes from the cache, and the warning with it
    const again = await build({ ...options, outdir: join(dir, 'again') }, { cache: join(dir, 'cache') })
    expect(again.warnings.map((warning) => warning.text)).toEqual(result.warnings.map((warning) => warning.text))
  })
})
