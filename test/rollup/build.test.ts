// Rollup with @probeprof/rollup (listed before rollup-plugin-esbuild, which compiles the TypeScript): flag off, the
// output is byte-identical to a build without the plugin; flag on, the app prints what the plain one prints and
// its report has exactly the esbuild plugin's call counts at the original TypeScript lines.
import { join } from 'node:path'
import probeprofRollup from '@probeprof/rollup'
import { rollup, type Plugin } from 'rollup'
import esbuildTs from 'rollup-plugin-esbuild'
import { describe, expect, it } from 'vitest'
import { buildApp, readReport, repoRoot, runNode, tempDir } from '../helpers/app.js'

const appRoot = join(repoRoot, 'fixtures/primes')

/** The bundle's files, by name; written to `outDir` too, so they can run. */
async function rollupBuild(outDir: string, plugins: Plugin[]): Promise<Record<string, string>> {
  const bundle = await rollup({ input: join(appRoot, 'src/slow.ts'), plugins: [...plugins, esbuildTs()], logLevel: 'silent' })
  const options = { dir: outDir, format: 'es', entryFileNames: '[name].mjs' } as const
  const { output } = await bundle.generate(options)
  await bundle.write(options)
  await bundle.close()
  return Object.fromEntries(output.map((file) => [file.fileName, file.type === 'chunk' ? file.code : String(file.source)]))
}

function callsByRow(path: string): Record<string, number> {
  const rows: Record<string, number> = {}
  for (const fn of readReport(path).functions) rows[`${fn.file}:${fn.line}(${fn.name})`] = fn.calls
  return rows
}

describe('rollup', () => {
  it('flag off: byte-identical to a build without the plugin', async () => {
    const saved = process.env.PROBEPROF
    process.env.PROBEPROF = ''
    try {
      const dir = tempDir('rollup-off-')
      const plain = await rollupBuild(join(dir, 'plain'), [])
      expect(Object.keys(plain)).toEqual(['slow.mjs'])
      expect(await rollupBuild(join(dir, 'off'), [probeprofRollup() as Plugin])).toEqual(plain)
      // the comparison can fail: the same plugin, switched on, changes the output
      const on = await rollupBuild(join(dir, 'on'), [probeprofRollup({ enabled: true, root: repoRoot, cache: false, workers: 0 }) as Plugin])
      expect(on['slow.mjs']).not.toBe(plain['slow.mjs'])
    } finally {
      if (saved === undefined) delete process.env.PROBEPROF
      else process.env.PROBEPROF = saved
    }
  })

  it("flag on: the same output as the plain app, and exactly the esbuild build's counts at the TypeScript lines", async () => {
    const dir = tempDir('rollup-on-')
    await rollupBuild(join(dir, 'plain'), [])
    await rollupBuild(join(dir, 'rollup'), [probeprofRollup({ enabled: true, root: repoRoot, cache: join(dir, 'cache'), workers: 0, runtime: { quiet: true } }) as Plugin])
    await buildApp({ entryPoints: [join(appRoot, 'src/slow.ts')], outdir: join(dir, 'esbuild'), plugin: { enabled: true, cache: false, workers: 0, runtime: { quiet: true } } })

    const plain = runNode(join(dir, 'plain/slow.mjs'))
    const viaRollup = runNode(join(dir, 'rollup/slow.mjs'), { env: { PROBEPROF_OUT: join(dir, 'rollup.json') } })
    const viaEsbuild = runNode(join(dir, 'esbuild/slow.mjs'), { env: { PROBEPROF_OUT: join(dir, 'esbuild.json') } })
    expect(plain.status, plain.stderr).toBe(0)
    expect(viaRollup.status, viaRollup.stderr).toBe(0)
    expect(viaRollup.stdout).toBe(plain.stdout)
    expect(viaEsbuild.stdout).toBe(plain.stdout)

    const counts = callsByRow(join(dir, 'rollup.json'))
    expect(counts).toEqual(callsByRow(join(dir, 'esbuild.json')))
    // the seeded draws (690 candidates for 100 primes, as the README's table shows) and fib(15) recursively: 1973
    expect(counts['fixtures/primes/src/primes.ts:12(isPrime)']).toBe(690)
    expect(counts['fixtures/primes/src/random.ts:19(Random.randint)']).toBe(690)
    expect(counts['fixtures/primes/src/primes.ts:40(fib)']).toBe(1973)
  })
})
