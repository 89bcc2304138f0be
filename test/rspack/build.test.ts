// Rspack with @probeprof/rspack (Rspack's own builtin:swc-loader compiling the TypeScript): flag off, the output is byte-identical to a
// build without the plugin; flag on, the app prints what the plain one prints and its report has exactly the
// esbuild plugin's call counts at the original TypeScript lines (the primes fixture;
// the contract fixture with async, a generator and a worker entry, whose worker thread reports its own counts).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import probeprofRspack from '@probeprof/rspack'
import { rspack, type RspackPluginInstance } from '@rspack/core'
import { describe, expect, it } from 'vitest'
import { repoRoot, tempDir } from '../helpers/app.js'
import { CONTRACT_APP, PRIMES_APP, expectContractSameAsEsbuild, expectSameAsEsbuild, outputFiles, withProfileFlagOff } from '../helpers/bundler-contract.js'

const PRIMES_ENTRY = { app: PRIMES_APP, entry: { slow: './src/slow.ts' } }
/** Two entries side by side, each a bundle of its own (the main one starts the other as its worker). */
const CONTRACT_ENTRY = { app: CONTRACT_APP, entry: { main: './src/main.ts', worker: './src/worker.ts' } }

/**
 * A production build of the entries to `<outDir>/<name>.mjs` (ES modules for Node); returns the first entry's text
 * (the primes app by default: src/slow.ts to slow.mjs).
 */
function rspackBuild(outDir: string, plugins: RspackPluginInstance[], { app, entry }: { app: string; entry: Record<string, string> } = PRIMES_ENTRY): Promise<string> {
  const compiler = rspack({
    mode: 'production',
    context: app,
    entry,
    target: 'node20',
    devtool: false,
    optimization: { minimize: false },
    experiments: { outputModule: true },
    output: { path: outDir, filename: '[name].mjs', module: true, library: { type: 'module' } },
    resolve: { extensions: ['.ts', '.js'] },
    module: { rules: [{ test: /\.ts$/, loader: 'builtin:swc-loader', options: { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }, type: 'javascript/auto' }] },
    plugins,
  })
  return new Promise((resolve, reject) => {
    compiler.run((error, stats) => {
      compiler.close(() => {})
      if (error) reject(error)
      else if (stats?.hasErrors()) reject(new Error(stats.toString('errors-only')))
      else resolve(readFileSync(join(outDir, `${Object.keys(entry)[0]}.mjs`), 'utf8'))
    })
  })
}

describe('rspack', () => {
  it('flag off: byte-identical to a build without the plugin', async () => {
    await withProfileFlagOff(async () => {
      const dir = tempDir('rspack-off-')
      const plain = await rspackBuild(join(dir, 'plain'), [])
      expect(await rspackBuild(join(dir, 'off'), [probeprofRspack()])).toBe(plain)
      // the comparison can fail: the same plugin, switched on, changes the output
      expect(await rspackBuild(join(dir, 'on'), [probeprofRspack({ enabled: true, root: repoRoot, cache: false, workers: 0 })])).not.toBe(plain)
    })
  })

  it("flag on: the same output as the plain app, and exactly the esbuild build's counts at the TypeScript lines", async () => {
    const dir = tempDir('rspack-on-')
    await rspackBuild(join(dir, 'plain'), [])
    await rspackBuild(join(dir, 'rspack'), [probeprofRspack({ enabled: true, root: repoRoot, cache: join(dir, 'cache'), workers: 0, runtime: { quiet: true } })])
    await expectSameAsEsbuild(dir, 'rspack')
  })

  it("the contract app (async, a generator, a worker entry): flag off byte-identical; on, the plain app's output and the esbuild build's counts in both threads", async () => {
    const dir = tempDir('rspack-contract-')
    await rspackBuild(join(dir, 'plain'), [], CONTRACT_ENTRY)
    // flag off, both entries are byte-identical to the plain build's
    await withProfileFlagOff(() => rspackBuild(join(dir, 'off'), [probeprofRspack()], CONTRACT_ENTRY))
    expect(outputFiles(join(dir, 'off'))).toEqual(outputFiles(join(dir, 'plain')))
    await rspackBuild(join(dir, 'rspack'), [probeprofRspack({ enabled: true, root: repoRoot, cache: join(dir, 'cache'), workers: 0, runtime: { quiet: true } })], CONTRACT_ENTRY)
    await expectContractSameAsEsbuild(dir, 'rspack')
  })
})
