// `vite build` with @probeprof/vite: flag off, the output is byte-identical to a build without the plugin; flag
// on, the built app prints what the plain one prints and its report has exactly the esbuild build's call counts,
// at the original TypeScript lines (the primes fixture: classes, recursion, a callback).
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import probeprofVite from '@probeprof/vite'
import { build, type Plugin } from 'vite'
import { describe, expect, it } from 'vitest'
import { buildApp, readReport, repoRoot, runNode, tempDir } from '../helpers/app.js'

const appRoot = join(repoRoot, 'fixtures/primes')

/** `vite build --ssr src/slow.ts` for Node, as a user builds a server or a script. */
async function viteBuild(outDir: string, plugins: Plugin[]): Promise<void> {
  await build({
    root: appRoot,
    configFile: false,
    logLevel: 'silent',
    plugins,
    build: { ssr: 'src/slow.ts', outDir, emptyOutDir: true, minify: false, rollupOptions: { output: { entryFileNames: '[name].mjs' } } },
  })
}

function outputFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {}
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    try {
      files[name] = readFileSync(join(dir, name), 'utf8')
    } catch {
      // a directory
    }
  }
  return files
}

function callsByRow(path: string): Record<string, number> {
  const rows: Record<string, number> = {}
  for (const fn of readReport(path).functions) rows[`${fn.file}:${fn.line}(${fn.name})`] = fn.calls
  return rows
}

describe('vite build', () => {
  it('flag off: byte-identical to a build without the plugin', async () => {
    const saved = process.env.PROBEPROF
    process.env.PROBEPROF = ''
    try {
      const dir = tempDir('vite-off-')
      await viteBuild(join(dir, 'plain'), [])
      await viteBuild(join(dir, 'off'), [probeprofVite()])
      const plain = outputFiles(join(dir, 'plain'))
      expect(Object.keys(plain)).toEqual(['slow.mjs'])
      expect(outputFiles(join(dir, 'off'))).toEqual(plain)
      // the comparison can fail: the same plugin, switched on, changes the output
      await viteBuild(join(dir, 'on'), [probeprofVite({ enabled: true, cache: false, workers: 0 })])
      expect(outputFiles(join(dir, 'on'))['slow.mjs']).not.toBe(plain['slow.mjs'])
    } finally {
      if (saved === undefined) delete process.env.PROBEPROF
      else process.env.PROBEPROF = saved
    }
  })

  it("flag on: the same output as the plain app, and exactly the esbuild build's counts at the TypeScript lines", async () => {
    const dir = tempDir('vite-on-')
    await viteBuild(join(dir, 'plain'), [])
    // root: the repository, as the esbuild build's, so that both reports name the files alike
    await viteBuild(join(dir, 'vite'), [probeprofVite({ enabled: true, root: repoRoot, cache: join(dir, 'cache'), workers: 0, runtime: { quiet: true } })])
    await buildApp({ entryPoints: [join(appRoot, 'src/slow.ts')], outdir: join(dir, 'esbuild'), plugin: { enabled: true, cache: false, workers: 0, runtime: { quiet: true } } })

    const plain = runNode(join(dir, 'plain/slow.mjs'))
    const viaVite = runNode(join(dir, 'vite/slow.mjs'), { env: { PROBEPROF_OUT: join(dir, 'vite.json') } })
    const viaEsbuild = runNode(join(dir, 'esbuild/slow.mjs'), { env: { PROBEPROF_OUT: join(dir, 'esbuild.json') } })
    expect(plain.status, plain.stderr).toBe(0)
    expect(viaVite.status, viaVite.stderr).toBe(0)
    expect(viaVite.stdout).toBe(plain.stdout)
    expect(viaEsbuild.stdout).toBe(plain.stdout)

    const vite = callsByRow(join(dir, 'vite.json'))
    expect(vite).toEqual(callsByRow(join(dir, 'esbuild.json')))
    // the seeded draws (690 candidates for 100 primes, as the README's table shows) and fib(15) recursively: 1973
    expect(vite['fixtures/primes/src/primes.ts:12(isPrime)']).toBe(690)
    expect(vite['fixtures/primes/src/primes.ts:7(guess)']).toBe(690)
    expect(vite['fixtures/primes/src/random.ts:19(Random.randint)']).toBe(690)
    expect(vite['fixtures/primes/src/primes.ts:40(fib)']).toBe(1973)
    expect(vite['fixtures/primes/src/primes.ts:30(findPrimes)']).toBe(1)
  })

  it('a bad option fails the build with one line naming the package, the option and the closest valid one', async () => {
    const dir = tempDir('vite-bad-')
    const failure = await viteBuild(join(dir, 'out'), [probeprofVite({ incude: ['src/**'] } as never)]).then(
      () => undefined,
      (error: Error) => error,
    )
    // Vite's own wrapping ("Build failed with 1 error:", the plugin's name) around our one line, and no stack of ours
    const lines = failure?.message.split('\n') ?? []
    expect(lines).toContain(
      "@probeprof/vite: unknown option 'incude', maybe you meant 'include'? (valid options: enabled, include, exclude, nodeModules, out, clock, runtime, root, cache, workers)",
    )
    expect(lines.filter((line) => /^\s+at /.test(line))).toEqual([])
  })
})
