// The contract every bundler integration shares, checked the same way for each (test/{vite,rollup,webpack,rspack}):
// with PROBEPROF unset the plugin changes nothing; with it on, the primes app and the contract app (async, a
// generator, a worker thread) built by the bundler print what their plain builds print and report exactly the
// esbuild plugin's call counts at the original TypeScript lines, the worker's report as well as the main thread's.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import { buildApp, readReport, repoRoot, runNode } from './app.js'

/** The app every integration builds: classes, recursion, a callback. */
export const PRIMES_APP = join(repoRoot, 'fixtures/primes')

/**
 * The app with two entry points, src/main.ts and src/worker.ts, built to `main.mjs` and `worker.mjs` side by side
 * (main starts the worker from its own directory): a class with a getter and a static method, a generator, an
 * async function awaiting a timer and a promise chain, a worker thread.
 */
export const CONTRACT_APP = join(repoRoot, 'fixtures/contract')

/** Calls per `file:line(name)` row of a report. */
export function callsByRow(path: string): Record<string, number> {
  const rows: Record<string, number> = {}
  for (const fn of readReport(path).functions) rows[`${fn.file}:${fn.line}(${fn.name})`] = fn.calls
  return rows
}

/** The files a build wrote under `dir`, by path relative to it. */
export function outputFiles(dir: string): Record<string, string> {
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

/** The one worker report (`<name>.<pid>-w<thread>.json`) a run with PROBEPROF_OUT=`dir/<name>.json` wrote. */
function workerReport(dir: string, name: string): string {
  const pattern = new RegExp(`^${name}\\.\\d+-w\\d+\\.json$`)
  const found = readdirSync(dir).filter((file) => pattern.test(file))
  expect(found, `worker reports of ${name} in ${dir}`).toHaveLength(1)
  return join(dir, found[0])
}

/**
 * `dir/plain/{main,worker}.mjs` and `dir/<bundler>/{main,worker}.mjs` are the caller's builds of the contract app
 * without and with the plugin; this builds the esbuild one beside them, runs all three and compares outputs and
 * per-function calls of the main thread and of the worker thread.
 */
export async function expectContractSameAsEsbuild(dir: string, bundler: string): Promise<void> {
  await buildApp({
    entryPoints: [join(CONTRACT_APP, 'src/main.ts'), join(CONTRACT_APP, 'src/worker.ts')],
    outdir: join(dir, 'esbuild'),
    plugin: { enabled: true, cache: false, workers: 0, runtime: { quiet: true } },
  })
  const plain = runNode(join(dir, 'plain/main.mjs'))
  const viaBundler = runNode(join(dir, bundler, 'main.mjs'), { env: { PROBEPROF_OUT: join(dir, `${bundler}.json`) } })
  const viaEsbuild = runNode(join(dir, 'esbuild/main.mjs'), { env: { PROBEPROF_OUT: join(dir, 'esbuild.json') } })
  expect(plain.status, plain.stderr).toBe(0)
  expect(plain.stdout).toBe('squares of 4 3 2 1: areas 16 9 4 1\ntwice their sum, later: 60\nthe worker says fib(12) = 144\n')
  expect(viaBundler.status, viaBundler.stderr).toBe(0)
  expect(viaBundler.stdout).toBe(plain.stdout)
  expect(viaEsbuild.stdout).toBe(plain.stdout)

  const mainCounts = callsByRow(join(dir, `${bundler}.json`))
  expect(mainCounts).toEqual(callsByRow(join(dir, 'esbuild.json')))
  const workerCounts = callsByRow(workerReport(dir, bundler))
  expect(workerCounts).toEqual(callsByRow(workerReport(dir, 'esbuild')))
  // counted from the source: four sides, so four squares, constructors and getter reads; one generator call
  // however many values it yields; each promise callback once, the map and reduce callbacks once per area; the
  // handlers for an error and a silent worker never run, so they have no rows
  const src = 'fixtures/contract/src'
  expect(mainCounts).toEqual({
    [`${src}/main.ts:1(<module>)`]: 1,
    [`${src}/shapes.ts:1(<module>)`]: 1,
    [`${src}/sequence.ts:1(<module>)`]: 1,
    [`${src}/main.ts:23(main)`]: 1,
    [`${src}/main.ts:25(main.<anonymous>)`]: 4,
    [`${src}/sequence.ts:4(countdown)`]: 1,
    [`${src}/shapes.ts:12(Rectangle.static square)`]: 4,
    [`${src}/shapes.ts:3(Rectangle.constructor)`]: 4,
    [`${src}/shapes.ts:8(Rectangle.get area)`]: 4,
    [`${src}/sequence.ts:12(sumLater)`]: 1,
    [`${src}/sequence.ts:8(pause)`]: 1,
    [`${src}/sequence.ts:9(pause.<anonymous>)`]: 1,
    [`${src}/sequence.ts:15(sumLater.<anonymous>)`]: 1,
    [`${src}/sequence.ts:15(sumLater.<anonymous>.<anonymous>)`]: 4,
    [`${src}/sequence.ts:16(sumLater.<anonymous>)`]: 1,
    [`${src}/sequence.ts:16(sumLater.<anonymous>.<anonymous>)`]: 4,
    [`${src}/main.ts:10(startWorker)`]: 1,
    [`${src}/main.ts:12(startWorker.<anonymous>)`]: 1,
    [`${src}/main.ts:14(startWorker.<anonymous>.<anonymous>)`]: 1,
    [`${src}/main.ts:19(startWorker.<anonymous>.<anonymous>)`]: 1,
  })
  // fib(12) recursively: 2 * fib(13) - 1 = 465 calls, all in the worker thread's own report
  expect(workerCounts).toEqual({ [`${src}/worker.ts:1(<module>)`]: 1, [`${src}/worker.ts:5(fib)`]: 465 })
}
