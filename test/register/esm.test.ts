// `node --import @probeprof/register` on unbundled TypeScript ES modules: the primes app run from its sources
// prints what its plain esbuild build prints and reports exactly the esbuild plugin's call counts at the original
// TypeScript lines; with PROBEPROF unset the import registers nothing and writes no report.
import { spawnSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildApp, repoRoot, runNode, tempDir } from '../helpers/app.js'
import { PRIMES_APP, callsByRow } from '../helpers/bundler-contract.js'

function nodeWithRegister(script: string, env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', '@probeprof/register', script], {
    cwd: repoRoot,
    env: { ...process.env, PROBEPROF: '', PROBEPROF_QUIET: '1', PROBEPROF_OUT: '', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  })
}

describe('node --import @probeprof/register (ES modules)', () => {
  it('the primes app from its TypeScript sources: same output and the esbuild build’s exact calls', async () => {
    const dir = tempDir('register-esm-')
    await buildApp({ entryPoints: [join(PRIMES_APP, 'src/slow.ts')], outdir: join(dir, 'plain') })
    await buildApp({ entryPoints: [join(PRIMES_APP, 'src/slow.ts')], outdir: join(dir, 'esbuild'), plugin: { enabled: true, cache: false, workers: 0, runtime: { quiet: true } } })
    const plain = runNode(join(dir, 'plain/slow.mjs'))
    runNode(join(dir, 'esbuild/slow.mjs'), { env: { PROBEPROF_OUT: join(dir, 'esbuild.json') } })
    const registered = nodeWithRegister(join(PRIMES_APP, 'src/slow.ts'), { PROBEPROF: '1', PROBEPROF_OUT: join(dir, 'register.json') })
    expect(plain.status, plain.stderr).toBe(0)
    expect(registered.status, registered.stderr).toBe(0)
    expect(registered.stdout).toBe(plain.stdout)

    const counts = callsByRow(join(dir, 'register.json'))
    expect(counts).toEqual(callsByRow(join(dir, 'esbuild.json')))
    expect(counts['fixtures/primes/src/primes.ts:12(isPrime)']).toBe(690)
    expect(counts['fixtures/primes/src/random.ts:19(Random.randint)']).toBe(690)
    expect(counts['fixtures/primes/src/primes.ts:40(fib)']).toBe(1973)
    expect(counts['fixtures/primes/src/primes.ts:30(findPrimes)']).toBe(1)
  })

  it('a .js file of a "type": "module" package: instrumented as the module Node runs, or left as written when invalid as one', () => {
    const dir = tempDir('register-type-module-')
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}')
    // no import or export: a script to a guesser, a module to Node (before, its probes required the runtime there)
    writeFileSync(join(dir, 'main.js'), 'function twice(x) { return 2 * x }\nconsole.log(twice(21), twice(1))\n')
    const out = join(dir, 'main.json')
    const run = nodeWithRegister(join(dir, 'main.js'), { PROBEPROF: '1', PROBEPROF_OUT: out })
    expect(run.stderr).toBe('')
    expect(run.stdout).toBe('42 2\n')
    expect(callsByRow(out)).toEqual({ [`${relative(repoRoot, join(dir, 'main.js'))}:1(<module>)`]: 1, [`${relative(repoRoot, join(dir, 'main.js'))}:1(twice)`]: 2 })

    // invalid as a module: one warning, then Node's own error on the text as written
    writeFileSync(join(dir, 'bad.js'), 'class await {}\nconsole.log("ran")\n')
    const bad = nodeWithRegister(join(dir, 'bad.js'), { PROBEPROF: '1', PROBEPROF_OUT: join(dir, 'bad.json') })
    const plain = spawnSync(process.execPath, [join(dir, 'bad.js')], { encoding: 'utf8' })
    expect(bad.status).toBe(plain.status)
    expect(bad.stderr.split('\n')[0]).toBe(`probeprof: not instrumented: ${relative(repoRoot, join(dir, 'bad.js'))}:1:6: Unexpected reserved word 'await'.`)
    expect(bad.stderr).toContain('class await {}\n      ^^^^^\n\nSyntaxError: Unexpected reserved word')
    expect(bad.stderr).not.toContain('__pp')
  })

  it('flag off: no hooks, so a .ts entry fails exactly as under plain node, and a .mjs runs unchanged with no report', () => {
    const dir = tempDir('register-off-')
    const ts = nodeWithRegister(join(PRIMES_APP, 'src/slow.ts'), {})
    expect(ts.status).not.toBe(0)
    expect(ts.stderr).toContain('ERR_UNKNOWN_FILE_EXTENSION')
    const script = join(dir, 'hello.mjs')
    writeFileSync(script, 'function twice(x) { return 2 * x }\nconsole.log(twice(21))\n')
    const out = join(dir, 'off.json')
    const run = nodeWithRegister(script, { PROBEPROF_OUT: out })
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toBe('42\n')
    expect(run.stderr).toBe('')
    expect(existsSync(out)).toBe(false)
  })
})
