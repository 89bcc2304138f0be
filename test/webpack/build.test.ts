// webpack with @probeprof/webpack (ts-loader compiling the TypeScript): flag off, the output is byte-identical to a
// build without the plugin; flag on, the app prints what the plain one prints and its report has exactly the
// esbuild plugin's call counts at the original TypeScript lines.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import probeprofWebpack from '@probeprof/webpack'
import webpack from 'webpack'
import { describe, expect, it } from 'vitest'
import { repoRoot, tempDir } from '../helpers/app.js'
import { PRIMES_APP, expectSameAsEsbuild, withProfileFlagOff } from '../helpers/bundler-contract.js'

/** A production build of src/slow.ts to `<outDir>/slow.mjs` (an ES module for Node); returns its text. */
function webpackBuild(outDir: string, plugins: webpack.WebpackPluginInstance[]): Promise<string> {
  const compiler = webpack({
    mode: 'production',
    context: PRIMES_APP,
    entry: { slow: './src/slow.ts' },
    target: 'node20',
    devtool: false,
    optimization: { minimize: false },
    experiments: { outputModule: true },
    output: { path: outDir, filename: '[name].mjs', module: true, library: { type: 'module' } },
    resolve: { extensions: ['.ts', '.js'] },
    module: { rules: [{ test: /\.ts$/, loader: 'ts-loader', options: { transpileOnly: true, compilerOptions: { module: 'esnext', target: 'es2022', sourceMap: false } } }] },
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

describe('webpack', () => {
  it('flag off: byte-identical to a build without the plugin', async () => {
    await withProfileFlagOff(async () => {
      const dir = tempDir('webpack-off-')
      const plain = await webpackBuild(join(dir, 'plain'), [])
      expect(await webpackBuild(join(dir, 'off'), [probeprofWebpack()])).toBe(plain)
      // the comparison can fail: the same plugin, switched on, changes the output
      expect(await webpackBuild(join(dir, 'on'), [probeprofWebpack({ enabled: true, root: repoRoot, cache: false, workers: 0 })])).not.toBe(plain)
    })
  })

  it("flag on: the same output as the plain app, and exactly the esbuild build's counts at the TypeScript lines", async () => {
    const dir = tempDir('webpack-on-')
    await webpackBuild(join(dir, 'plain'), [])
    await webpackBuild(join(dir, 'webpack'), [probeprofWebpack({ enabled: true, root: repoRoot, cache: join(dir, 'cache'), workers: 0, runtime: { quiet: true } })])
    await expectSameAsEsbuild(dir, 'webpack')
  })
})
