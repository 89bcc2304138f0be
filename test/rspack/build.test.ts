// Rspack with @probeprof/rspack (Rspack's own builtin:swc-loader compiling the TypeScript): flag off, the output is byte-identical to a
// build without the plugin; flag on, the app prints what the plain one prints and its report has exactly the
// esbuild plugin's call counts at the original TypeScript lines.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import probeprofRspack from '@probeprof/rspack'
import { rspack, type RspackPluginInstance } from '@rspack/core'
import { describe, expect, it } from 'vitest'
import { buildApp, readReport, repoRoot, runNode, tempDir } from '../helpers/app.js'

const appRoot = join(repoRoot, 'fixtures/primes')

/** A production build of src/slow.ts to `<outDir>/slow.mjs` (an ES module for Node); returns its text. */
function rspackBuild(outDir: string, plugins: RspackPluginInstance[]): Promise<string> {
  const compiler = rspack({
    mode: 'production',
    context: appRoot,
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

function callsByRow(path: string): Record<string, number> {
  const rows: Record<string, number> = {}
  for (const fn of readReport(path).functions) rows[`${fn.file}:${fn.line}(${fn.name})`] = fn.calls
  return rows
}

describe('rspack', () => {
  it('flag off: byte-identical to a build without the plugin', async () => {
    const saved = process.env.PROBEPROF
    process.env.PROBEPROF = ''
    try {
      const dir = tempDir('rspack-off-')
      const plain = await rspackBuild(join(dir, 'plain'), [])
      expect(await rspackBuild(join(dir, 'off'), [probeprofRspack()])).toBe(plain)
      // the comparison can fail: the same plugin, switched on, changes the output
      expect(await rspackBuild(join(dir, 'on'), [probeprofRspack({ enabled: true, root: repoRoot, cache: false, workers: 0 })])).not.toBe(plain)
    } finally {
      if (saved === undefined) delete process.env.PROBEPROF
      else process.env.PROBEPROF = saved
    }
  })

  it("flag on: the same output as the plain app, and exactly the esbuild build's counts at the TypeScript lines", async () => {
    const dir = tempDir('rspack-on-')
    await rspackBuild(join(dir, 'plain'), [])
    await rspackBuild(join(dir, 'rspack'), [probeprofRspack({ enabled: true, root: repoRoot, cache: join(dir, 'cache'), workers: 0, runtime: { quiet: true } })])
    await buildApp({ entryPoints: [join(appRoot, 'src/slow.ts')], outdir: join(dir, 'esbuild'), plugin: { enabled: true, cache: false, workers: 0, runtime: { quiet: true } } })

    const plain = runNode(join(dir, 'plain/slow.mjs'))
    const viaRspack = runNode(join(dir, 'rspack/slow.mjs'), { env: { PROBEPROF_OUT: join(dir, 'rspack.json') } })
    const viaEsbuild = runNode(join(dir, 'esbuild/slow.mjs'), { env: { PROBEPROF_OUT: join(dir, 'esbuild.json') } })
    expect(plain.status, plain.stderr).toBe(0)
    expect(viaRspack.status, viaRspack.stderr).toBe(0)
    expect(viaRspack.stdout).toBe(plain.stdout)
    expect(viaEsbuild.stdout).toBe(plain.stdout)

    const counts = callsByRow(join(dir, 'rspack.json'))
    expect(counts).toEqual(callsByRow(join(dir, 'esbuild.json')))
    // the seeded draws (690 candidates for 100 primes, as the README's table shows) and fib(15) recursively: 1973
    expect(counts['fixtures/primes/src/primes.ts:12(isPrime)']).toBe(690)
    expect(counts['fixtures/primes/src/random.ts:19(Random.randint)']).toBe(690)
    expect(counts['fixtures/primes/src/primes.ts:40(fib)']).toBe(1973)
  })
})
