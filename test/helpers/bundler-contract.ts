// The contract every bundler integration shares, checked the same way for each (test/{vite,rollup,webpack,rspack}):
// with PROBEPROF unset the plugin changes nothing; with it on, the primes app built by the bundler prints what its
// plain build prints and reports exactly the esbuild plugin's call counts at the original TypeScript lines.
import { join } from 'node:path'
import { expect } from 'vitest'
import { buildApp, readReport, repoRoot, runNode } from './app.js'

/** The app every integration builds: classes, recursion, a callback. */
export const PRIMES_APP = join(repoRoot, 'fixtures/primes')

/** Calls per `file:line(name)` row of a report. */
export function callsByRow(path: string): Record<string, number> {
  const rows: Record<string, number> = {}
  for (const fn of readReport(path).functions) rows[`${fn.file}:${fn.line}(${fn.name})`] = fn.calls
  return rows
}

/** Runs `build` with PROBEPROF unset in this process (the flag a user would not have set), then restores it. */
export async function withProfileFlagOff<T>(build: () => Promise<T>): Promise<T> {
  const saved = process.env.PROBEPROF
  process.env.PROBEPROF = ''
  try {
    return await build()
  } finally {
    if (saved === undefined) delete process.env.PROBEPROF
    else process.env.PROBEPROF = saved
  }
}

/**
 * `dir/plain/slow.mjs` and `dir/<bundler>/slow.mjs` are the caller's builds of src/slow.ts without and with the
 * plugin; this builds the esbuild one beside them, runs all three and compares outputs and per-function calls.
 */
export async function expectSameAsEsbuild(dir: string, bundler: string): Promise<void> {
  await buildApp({ entryPoints: [join(PRIMES_APP, 'src/slow.ts')], outdir: join(dir, 'esbuild'), plugin: { enabled: true, cache: false, workers: 0, runtime: { quiet: true } } })
  const plain = runNode(join(dir, 'plain/slow.mjs'))
  const viaBundler = runNode(join(dir, bundler, 'slow.mjs'), { env: { PROBEPROF_OUT: join(dir, `${bundler}.json`) } })
  const viaEsbuild = runNode(join(dir, 'esbuild/slow.mjs'), { env: { PROBEPROF_OUT: join(dir, 'esbuild.json') } })
  expect(plain.status, plain.stderr).toBe(0)
  expect(viaBundler.status, viaBundler.stderr).toBe(0)
  expect(viaBundler.stdout).toBe(plain.stdout)
  expect(viaEsbuild.stdout).toBe(plain.stdout)

  const counts = callsByRow(join(dir, `${bundler}.json`))
  expect(counts).toEqual(callsByRow(join(dir, 'esbuild.json')))
  // the seeded draws (690 candidates for 100 primes, as the README's table shows) and fib(15) recursively: 1973
  expect(counts['fixtures/primes/src/primes.ts:12(isPrime)']).toBe(690)
  expect(counts['fixtures/primes/src/primes.ts:7(guess)']).toBe(690)
  expect(counts['fixtures/primes/src/random.ts:19(Random.randint)']).toBe(690)
  expect(counts['fixtures/primes/src/primes.ts:40(fib)']).toBe(1973)
  expect(counts['fixtures/primes/src/primes.ts:30(findPrimes)']).toBe(1)
}
