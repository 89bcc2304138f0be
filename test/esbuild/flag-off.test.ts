// With the flag off the plugin registers no hooks: the build is byte-identical to one without the plugin.
import { join } from 'node:path'
import probeprof from '@probeprof/esbuild'
import * as esbuild from 'esbuild'
import { afterEach, describe, expect, it } from 'vitest'
import { repoRoot } from '../helpers/app.js'

const entryPoints = [join(repoRoot, 'fixtures/primes/src/slow.ts'), join(repoRoot, 'fixtures/primes/src/fast.ts')]

async function build(plugins: esbuild.Plugin[]): Promise<Map<string, string>> {
  const result = await esbuild.build({
    entryPoints,
    outdir: join(repoRoot, '.tmp/flag-off'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    sourcemap: true,
    write: false,
    logLevel: 'silent',
    absWorkingDir: repoRoot,
    plugins,
  })
  return new Map(result.outputFiles.map((file) => [file.path, file.text]))
}

describe('flag off', () => {
  const saved = process.env.PROBEPROF
  afterEach(() => {
    if (saved === undefined) delete process.env.PROBEPROF
    else process.env.PROBEPROF = saved
  })

  for (const flag of [undefined, '', '0', 'false']) {
    it(`PROBEPROF=${flag === undefined ? '(unset)' : JSON.stringify(flag)}: output equals a build without the plugin`, async () => {
      if (flag === undefined) delete process.env.PROBEPROF
      else process.env.PROBEPROF = flag
      const plain = await build([])
      const withPlugin = await build([probeprof()])
      expect([...withPlugin.keys()]).toEqual([...plain.keys()])
      for (const [path, text] of plain) expect(withPlugin.get(path), path).toBe(text)
    })
  }

  it('the same plugin instruments the build when the flag is on (the comparison above can fail)', async () => {
    process.env.PROBEPROF = '1'
    const plain = await build([])
    const instrumented = await build([probeprof()])
    const path = [...plain.keys()].find((file) => file.endsWith('slow.js'))!
    expect(instrumented.get(path)).not.toBe(plain.get(path))
    expect(instrumented.get(path)).toContain('.register("fixtures/primes/src/primes.ts"')
  })
})
