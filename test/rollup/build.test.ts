// Rollup with @probeprof/rollup (listed before rollup-plugin-esbuild, which compiles the TypeScript): flag off, the
// output is byte-identical to a build without the plugin; flag on, the app prints what the plain one prints and
// its report has exactly the esbuild plugin's call counts at the original TypeScript lines (the primes fixture;
// the contract fixture with async, a generator and a worker entry, whose worker thread reports its own counts).
import { join } from 'node:path'
import probeprofRollup from '@probeprof/rollup'
import { rollup, type Plugin } from 'rollup'
import esbuildTs from 'rollup-plugin-esbuild'
import { describe, expect, it } from 'vitest'
import { repoRoot, tempDir } from '../helpers/app.js'
import { CONTRACT_APP, PRIMES_APP, expectContractSameAsEsbuild, expectSameAsEsbuild, outputFiles, withProfileFlagOff } from '../helpers/bundler-contract.js'

const PRIMES_INPUT = { slow: join(PRIMES_APP, 'src/slow.ts') }
/** Two entries side by side; what they share (the runtime) goes to a chunk of its own. */
const CONTRACT_INPUT = { main: join(CONTRACT_APP, 'src/main.ts'), worker: join(CONTRACT_APP, 'src/worker.ts') }

/** The bundle's files, by name; written to `outDir` too, so they can run. */
async function rollupBuild(outDir: string, plugins: Plugin[], input: Record<string, string> = PRIMES_INPUT): Promise<Record<string, string>> {
  const bundle = await rollup({ input, plugins: [...plugins, esbuildTs()], logLevel: 'silent' })
  const options = { dir: outDir, format: 'es', entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs' } as const
  const { output } = await bundle.generate(options)
  await bundle.write(options)
  await bundle.close()
  return Object.fromEntries(output.map((file) => [file.fileName, file.type === 'chunk' ? file.code : String(file.source)]))
}

describe('rollup', () => {
  it('flag off: byte-identical to a build without the plugin', async () => {
    await withProfileFlagOff(async () => {
      const dir = tempDir('rollup-off-')
      const plain = await rollupBuild(join(dir, 'plain'), [])
      expect(Object.keys(plain)).toEqual(['slow.mjs'])
      expect(await rollupBuild(join(dir, 'off'), [probeprofRollup() as Plugin])).toEqual(plain)
      // the comparison can fail: the same plugin, switched on, changes the output
      const on = await rollupBuild(join(dir, 'on'), [probeprofRollup({ enabled: true, root: repoRoot, cache: false, workers: 0 }) as Plugin])
      expect(on['slow.mjs']).not.toBe(plain['slow.mjs'])
    })
  })

  it("flag on: the same output as the plain app, and exactly the esbuild build's counts at the TypeScript lines", async () => {
    const dir = tempDir('rollup-on-')
    await rollupBuild(join(dir, 'plain'), [])
    await rollupBuild(join(dir, 'rollup'), [probeprofRollup({ enabled: true, root: repoRoot, cache: join(dir, 'cache'), workers: 0, runtime: { quiet: true } }) as Plugin])
    await expectSameAsEsbuild(dir, 'rollup')
  })

  it("the contract app (async, a generator, a worker entry): flag off byte-identical; on, the plain app's output and the esbuild build's counts in both threads", async () => {
    const dir = tempDir('rollup-contract-')
    await rollupBuild(join(dir, 'plain'), [], CONTRACT_INPUT)
    // flag off, both entries are byte-identical to the plain build's
    await withProfileFlagOff(() => rollupBuild(join(dir, 'off'), [probeprofRollup() as Plugin], CONTRACT_INPUT))
    expect(outputFiles(join(dir, 'off'))).toEqual(outputFiles(join(dir, 'plain')))
    await rollupBuild(join(dir, 'rollup'), [probeprofRollup({ enabled: true, root: repoRoot, cache: join(dir, 'cache'), workers: 0, runtime: { quiet: true } }) as Plugin], CONTRACT_INPUT)
    await expectContractSameAsEsbuild(dir, 'rollup')
  })
})
