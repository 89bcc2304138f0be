// `vite build` with @probeprof/vite: flag off, the output is byte-identical to a build without the plugin; flag
// on, the built app prints what the plain one prints and its report has exactly the esbuild build's call counts,
// at the original TypeScript lines (the primes fixture: classes, recursion, a callback; the contract fixture: async,
// a generator, a worker entry, whose worker thread reports its own counts).
import { join } from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import probeprofVite from '@probeprof/vite'
import { build, type Plugin } from 'vite'
import { describe, expect, it } from 'vitest'
import { repoRoot, tempDir } from '../helpers/app.js'
import { CONTRACT_APP, PRIMES_APP, expectContractSameAsEsbuild, expectSameAsEsbuild, outputFiles, withProfileFlagOff } from '../helpers/bundler-contract.js'

/** `vite build --ssr src/slow.ts` for Node, as a user builds a server or a script. */
async function viteBuild(outDir: string, plugins: Plugin[]): Promise<void> {
  await build({
    root: PRIMES_APP,
    configFile: false,
    logLevel: 'silent',
    plugins,
    build: { ssr: 'src/slow.ts', outDir, emptyOutDir: true, minify: false, rollupOptions: { output: { entryFileNames: '[name].mjs' } } },
  })
}

/** The contract app's two entries side by side, as `vite build --ssr` with both as inputs; shared code in a chunk. */
async function viteBuildContract(outDir: string, plugins: Plugin[]): Promise<void> {
  await build({
    root: CONTRACT_APP,
    configFile: false,
    logLevel: 'silent',
    plugins,
    build: {
      ssr: true,
      outDir,
      emptyOutDir: true,
      minify: false,
      rollupOptions: { input: { main: 'src/main.ts', worker: 'src/worker.ts' }, output: { entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs' } },
    },
  })
}

describe('vite build', () => {
  it('flag off: byte-identical to a build without the plugin', async () => {
    await withProfileFlagOff(async () => {
      const dir = tempDir('vite-off-')
      await viteBuild(join(dir, 'plain'), [])
      await viteBuild(join(dir, 'off'), [probeprofVite()])
      const plain = outputFiles(join(dir, 'plain'))
      expect(Object.keys(plain)).toEqual(['slow.mjs'])
      expect(outputFiles(join(dir, 'off'))).toEqual(plain)
      // the comparison can fail: the same plugin, switched on, changes the output
      await viteBuild(join(dir, 'on'), [probeprofVite({ enabled: true, cache: false, workers: 0 })])
      expect(outputFiles(join(dir, 'on'))['slow.mjs']).not.toBe(plain['slow.mjs'])
    })
  })

  it("flag on: the same output as the plain app, and exactly the esbuild build's counts at the TypeScript lines", async () => {
    const dir = tempDir('vite-on-')
    await viteBuild(join(dir, 'plain'), [])
    // root: the repository, as the esbuild build's, so that both reports name the files alike
    await viteBuild(join(dir, 'vite'), [probeprofVite({ enabled: true, root: repoRoot, cache: join(dir, 'cache'), workers: 0, runtime: { quiet: true } })])
    await expectSameAsEsbuild(dir, 'vite')
  })

  it("the contract app (async, a generator, a worker entry): flag off byte-identical; on, the plain app's output and the esbuild build's counts in both threads", async () => {
    const dir = tempDir('vite-contract-')
    await viteBuildContract(join(dir, 'plain'), [])
    // flag off, both entries are byte-identical to the plain build's
    await withProfileFlagOff(() => viteBuildContract(join(dir, 'off'), [probeprofVite()]))
    expect(outputFiles(join(dir, 'off'))).toEqual(outputFiles(join(dir, 'plain')))
    await viteBuildContract(join(dir, 'vite'), [probeprofVite({ enabled: true, root: repoRoot, cache: join(dir, 'cache'), workers: 0, runtime: { quiet: true } })])
    await expectContractSameAsEsbuild(dir, 'vite')
  })

  it('a bad option fails the build with one line naming the package, the option and the closest valid one', async () => {
    const dir = tempDir('vite-bad-')
    const failure = await viteBuild(join(dir, 'out'), [probeprofVite({ incude: ['src/**'] } as never)]).then(
      () => undefined,
      (error: Error) => error,
    )
    // Vite's own wrapping ("Build failed with 1 error:", the plugin's name) around our one line, and no stack of ours;
    // Vite colours the message when CI is set (picocolors), so the colour codes go before the lines are compared
    const lines = stripVTControlCharacters(failure?.message ?? '').split('\n')
    expect(lines).toContain(
      "@probeprof/vite: unknown option 'incude', maybe you meant 'include'? (valid options: enabled, include, exclude, nodeModules, out, clock, runtime, root, cache, workers, args)",
    )
    expect(lines.filter((line) => /^\s+at /.test(line))).toEqual([])
  })
})
