// Options: a bad one fails the build with one line that says what is wrong and what to do; good ones reach the
// runtime baked into the build; the README's table is the table the code validates against.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import probeprof, { formatOptionsTable, type ProbeprofEsbuildOptions } from '@probeprof/esbuild'
import { CLOCK_CHOICES } from '@probeprof/runtime/install'
import * as esbuild from 'esbuild'
import { describe, expect, it } from 'vitest'
import { readReport, repoRoot, runNode, tempDir } from '../helpers/app.js'

const entry = join(repoRoot, 'fixtures/primes/src/fast.ts')

/** fast.ts computes fib(15) once, recursively */
function fibCalls(n: number): number {
  return n < 2 ? 1 : 1 + fibCalls(n - 1) + fibCalls(n - 2)
}

async function buildErrors(options: unknown, flag = ''): Promise<string[]> {
  const saved = process.env.PROBEPROF
  process.env.PROBEPROF = flag
  try {
    const plugin = probeprof(options as ProbeprofEsbuildOptions)
    const result = await esbuild
      .build({ entryPoints: [entry], bundle: true, write: false, logLevel: 'silent', absWorkingDir: repoRoot, plugins: [plugin] })
      .catch((error: esbuild.BuildFailure) => error)
    for (const error of result.errors) expect(error.pluginName).toBe('probeprof')
    return result.errors.map((error) => error.text)
  } finally {
    if (saved === undefined) delete process.env.PROBEPROF
    else process.env.PROBEPROF = saved
  }
}

describe('options', () => {
  const known = 'enabled, include, exclude, nodeModules, out, clock, runtime, root, cache, workers, args'
  const cases: [string, unknown, string][] = [
    ['an unknown option, with a suggestion', { incude: ['src/**'] }, `@probeprof/esbuild: unknown option 'incude', maybe you meant 'include'? (valid options: ${known})`],
    ['an unknown option, nothing close', { speed: 'max' }, `@probeprof/esbuild: unknown option 'speed' (valid options: ${known})`],
    ['options that are no object', 'fast', "@probeprof/esbuild: options must be an object, got 'fast'"],
    ['a wrong type', { enabled: 'yes' }, "@probeprof/esbuild: option 'enabled' must be true or false, got 'yes'"],
    ['argument fingerprinting that is no boolean', { args: 1 }, "@probeprof/esbuild: option 'args' must be true or false, got number 1"],
    ['globs that are no list', { include: 'src/**' }, "@probeprof/esbuild: option 'include' must be an array of non-empty strings, got 'src/**'"],
    ['nodeModules with a path', { nodeModules: ['node_modules/three'] }, "@probeprof/esbuild: option 'nodeModules' lists 'node_modules/three', which is no package name: write 'three' or '@scope/name'"],
    ['nodeModules as a string', { nodeModules: 'three' }, "@probeprof/esbuild: option 'nodeModules' must be true, false or an array of package names, got 'three'"],
    [
      'an unknown clock, with a suggestion',
      { clock: 'precize' },
      `@probeprof/esbuild: option 'clock' must be one of ${CLOCK_CHOICES.join(', ')}, got 'precize', maybe you meant 'precise'?`,
    ],
    ['workers below zero', { workers: -1 }, "@probeprof/esbuild: option 'workers' must be 'auto' or an integer of at least 0, got number -1"],
    ['an empty out', { out: '' }, "@probeprof/esbuild: option 'out' must be a non-empty string, got ''"],
    ['runtime.out instead of out', { runtime: { out: 'x.json' } }, "@probeprof/esbuild: option 'runtime' sets 'out': use the top-level option 'out' instead"],
    ['a runtime key of the wrong type', { runtime: { quiet: 'yes' } }, "@probeprof/esbuild: option 'runtime' key 'quiet' must be a boolean, got 'yes'"],
    ['an unknown runtime key', { runtime: { quite: true } }, expect.stringMatching(/^@probeprof\/esbuild: option 'runtime' has unknown key 'quite', maybe you meant 'quiet'\? \(valid keys: .*quiet.*\)$/) as unknown as string],
    ['a runtime value the runtime rejects', { runtime: { maxNodes: 1 } }, expect.stringMatching(/^@probeprof\/esbuild: option 'runtime' is invalid: .*maxNodes|MAX_NODES.*from 2 to \d+/) as unknown as string],
    ['a flush interval the runtime rejects', { runtime: { flushMs: 5 } }, "@probeprof/esbuild: option 'runtime' is invalid: PROBEPROF_FLUSH_MS must be 0 (no periodic snapshots) or an integer of at least 10 milliseconds, using 0"],
  ]
  for (const [what, options, message] of cases) {
    it(`${what} fails the build with one line`, async () => {
      expect(await buildErrors(options)).toEqual([message])
      // even with the flag on: the same single error, no instrumentation attempted
      expect(await buildErrors(options, '1')).toHaveLength(1)
    })
  }

  it('the errors come from the plugin, one line each, no stack', async () => {
    const errors = await buildErrors({ incude: [] })
    expect(errors[0]).not.toContain('\n')
    expect(errors[0]).not.toMatch(/\bat \S+ \(/)
  })

  it('valid options build; `clock` and `runtime` reach the runtime baked into the build', async () => {
    const dir = tempDir('options-')
    await esbuild.build({
      entryPoints: [entry],
      outdir: dir,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      logLevel: 'silent',
      absWorkingDir: repoRoot,
      plugins: [probeprof({ enabled: true, clock: 'counts', out: join(dir, 'baked.json'), runtime: { quiet: true }, cache: false, workers: 0 })],
    })
    const run = runNode(join(dir, 'fast.mjs'))
    expect(run.status, run.stderr).toBe(0)
    expect(run.stderr).toBe('') // quiet: true
    const report = readReport(join(dir, 'baked.json'))
    expect(report.meta.clock).toBe('counts')
    expect(report.functions.find((fn) => fn.name === 'fib')?.calls).toBe(fibCalls(15))
  })
})

describe('README', () => {
  it("lists the options exactly as the options' records describe them", () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8')
    const section = /<!-- esbuild-options:start[^>]*-->\n([\s\S]*?)\n<!-- esbuild-options:end -->/.exec(readme)
    const table = formatOptionsTable()
    expect(section?.[1], "README.md's esbuild options table is out of date: run `node plugins/esbuild/scripts/update-readme.mjs`").toBe(table)
  })
})
