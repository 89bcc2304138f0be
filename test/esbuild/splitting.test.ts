// Code splitting: shared modules and a dynamic import land in chunks; the runtime is in exactly one of them, and
// each entry's report counts exactly what it ran.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readReport, runNode } from '../helpers/app.js'
import { build, callCounts, copyFixture } from './esbuild-helpers.js'

describe('code splitting', () => {
  it('instrumented chunks run like the plain ones, with one runtime chunk', async () => {
    const dir = copyFixture('splitting')
    const options = {
      entryPoints: [join(dir, 'src/first.ts'), join(dir, 'src/second.ts')],
      absWorkingDir: dir,
      bundle: true,
      splitting: true,
      platform: 'node' as const,
      format: 'esm' as const,
      outExtension: { '.js': '.mjs' },
      chunkNames: 'chunks/[name]-[hash]',
    }
    await build({ ...options, outdir: join(dir, 'plain') }, undefined)
    const result = await build({ ...options, outdir: join(dir, 'profiled'), metafile: true }, { cache: false })

    const chunks = readdirSync(join(dir, 'profiled/chunks'))
    expect(chunks.length).toBeGreaterThanOrEqual(2) // shared code and the lazy module
    const withRuntime = [...chunks.map((chunk) => `chunks/${chunk}`), 'first.mjs', 'second.mjs'].filter((file) =>
      readFileSync(join(dir, 'profiled', file), 'utf8').includes('another probeprof runtime'),
    )
    expect(withRuntime).toHaveLength(1)
    expect(Object.keys(result.metafile!.inputs).filter((input) => /probeprof-runtime-[0-9a-f]{16}\.mjs$/.test(input))).toHaveLength(1)

    const expected: Record<string, Record<string, number>> = {
      // shared(4): four steps
      first: { 'first.ts:<module>': 1, 'shared.ts:shared': 1, 'shared.ts:step': 4 },
      // shared(6) and shared(2): eight steps; lazy once, loaded on demand
      second: { 'second.ts:<module>': 1, 'shared.ts:shared': 2, 'shared.ts:step': 8, 'lazy.ts:lazy': 1, 'lazy.ts:<module>': 1 },
    }
    for (const entry of ['first', 'second']) {
      const plain = runNode(join(dir, 'plain', `${entry}.mjs`))
      const reportPath = join(dir, `${entry}.json`)
      const profiled = runNode(join(dir, 'profiled', `${entry}.mjs`), { env: { PROBEPROF_OUT: reportPath } })
      expect(profiled.status, profiled.stderr).toBe(0)
      expect(profiled.stdout).toBe(plain.stdout)
      const counts = callCounts(readReport(reportPath))
      expect(counts).toMatchObject(expected[entry])
      if (entry === 'first') expect(counts['lazy.ts:lazy']).toBeUndefined()
    }
  })
})
