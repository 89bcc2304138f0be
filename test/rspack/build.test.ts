// Rspack with @probeprof/rspack (Rspack's own builtin:swc-loader compiling the TypeScript): flag off, the output is byte-identical to a
// build without the plugin; flag on, the app prints what the plain one prints and its report has exactly the
// esbuild plugin's call counts at the original TypeScript lines.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import probeprofRspack from '@probeprof/rspack'
import { rspack, type RspackPluginInstance } from '@rspack/core'
import { describe, expect, it } from 'vitest'
import { repoRoot, tempDir } from '../helpers/app.js'
import { PRIMES_APP, expectSameAsEsbuild, withProfileFlagOff } from '../helpers/bundler-contract.js'

/** A production build of src/slow.ts to `<outDir>/slow.mjs` (an ES module for Node); returns its text. */
function rspackBuild(outDir: string, plugins: RspackPluginInstance[]): Promise<string> {
  const compiler = rspack({
    mode: 'production',
    context: PRIMES_APP,
    entry: { slow: './src/slow.ts' },
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
      else resolve(readFileSync(join(outDir, 'slow.mjs'), 'utf8'))
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
})
