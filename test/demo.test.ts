// `npm run demo`, the README's first command after `npm ci`: it must run end to end on a fresh checkout and show
// what the README says it shows: the report in cProfile's layout with the bottleneck on top, its caller, the
// diff after the fix, and the advice before and after it.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ProfileReport } from '@probeprof/runtime/report'
import { repoRoot } from './helpers/app.js'

describe('npm run demo', () => {
  it('builds, profiles, prints the cProfile table with isPrime on top, its caller, and the diff of the fix', () => {
    const run = spawnSync(process.execPath, [join(repoRoot, 'scripts/demo.mjs')], {
      cwd: repoRoot,
      env: { ...process.env, PROBEPROF: '', NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 120_000,
    })
    expect(run.status, run.stderr).toBe(0)
    const out = run.stdout.replace(/\u001b\[[0-9;]*m/g, '')

    // the app's own output is the same slow and fast: the fix changes speed, not results
    const appLines = out.split('\n').filter((line) => line.startsWith('found ') || line.startsWith('fib('))
    expect(appLines).toHaveLength(4)
    expect(appLines.slice(2)).toEqual(appLines.slice(0, 2))
    // step 2 tells the user where the report is and how to read it
    expect(run.stderr).toContain('probeprof: wrote probeprof.json')
    expect(run.stderr).toContain('read it with: npx probeprof report probeprof.json')

    // step 3: cProfile's layout, sorted by internal time; the O(x²) isPrime is the top row, called by findPrimes
    const report = out.slice(out.indexOf('$ npx probeprof report probeprof.json --sort tottime'))
    expect(report).toMatch(/\n {9}\d+ function calls \(\d+ primitive calls\) in \d+\.\d{3} seconds\n/)
    expect(report).toContain('   Ordered by: internal time\n')
    const header = '   ncalls  tottime  percall  cumtime  percall filename:lineno(function)\n'
    expect(report).toContain(header)
    const firstRow = report.slice(report.indexOf(header) + header.length).split('\n')[0]
    expect(firstRow).toMatch(/fixtures\/primes\/src\/primes\.ts:\d+\(isPrime\)$/)
    expect(report).toMatch(/primes\.ts:\d+\(isPrime\) +<- +\d+ +\d+\.\d{3} +\d+\.\d{3} +fixtures\/primes\/src\/primes\.ts:\d+\(findPrimes\)/)

    // step 4: the diff says the fixed version is faster and isPrime is gone
    const diff = out.slice(out.indexOf('$ npx probeprof diff'))
    expect(diff).toMatch(/total time \d+\.\d{3} seconds -> \d+\.\d{3} seconds: [\d.]+x faster/)
    expect(diff).toMatch(/primes\.ts:\d+\(isPrime\) +\(disappeared\)/)

    // step 5: the advice on the slow run names isPrime first, with its share of the own time and the most its
    // fix can save (Amdahl), then a stop line; after the fix, isPrime is no longer named
    const slowAdvice = out.slice(out.indexOf('$ npx probeprof advise probeprof.json --brief'), out.indexOf('$ npx probeprof advise probeprof-fast.json'))
    expect(slowAdvice).toMatch(/probeprof advise: \d+ of 10 functions take [\d.]+% of the own time \(Pareto line 80%\): isPrime \(fixtures\/primes\/src\/primes\.ts:12\) [\d.]+%/)
    expect(slowAdvice).toMatch(/worth fixing \(the most each can save, share of the wall time [\d.]+ m?s\): isPrime [\d.]+ m?s \([\d.]+%\)/)
    expect(slowAdvice).toMatch(/stop: the best remaining fix, .* below the 5% worth a fix\./)
    const fastAdvice = out.slice(out.indexOf('$ npx probeprof advise probeprof-fast.json'))
    expect(fastAdvice).not.toContain('isPrime ')
    // the fixed run takes about 10 ms: sampled every 100 µs, a function at the 5 % line gets fewer than the 10
    // samples a verdict needs, and the advice says so instead of ranking noise; with a clock that times every call
    // (or a run long enough), it ends with the stop line
    const { meta } = JSON.parse(readFileSync(join(repoRoot, 'probeprof-fast.json'), 'utf8')) as ProfileReport
    const reference = Math.max(meta.wallTime, meta.totalTime) // the wall time, or Σ tottime where that is larger
    const thinlySampled = meta.clock === 'sampled' && (0.05 * reference) / meta.sampleInterval! < 10
    if (thinlySampled) expect(fastAdvice).toMatch(/\n  too few samples to tell what is worth a fix: .* Profile a longer run, or record this one with PROBEPROF_CLOCK=precise\.\n/)
    else expect(fastAdvice).toMatch(/(stop: the best remaining fix|stop here: the best fix), .* below the 5% worth a fix\.|every function can save 5% or more\./)
  }, 120_000)
})
