// `node --import @probeprof/register` on unbundled CommonJS (fixtures/node-cjs): a .cjs entry requiring a TypeScript
// helper and a .js module prints what the plain esbuild build of the same code prints and reports exactly the
// esbuild plugin's call counts at the TypeScript lines; a forked child process and a worker thread each write their
// own report with their own calls; with --enable-source-maps an error's stack names the .ts line.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildApp, repoRoot, runNode, tempDir } from '../helpers/app.js'
import { PRIMES_APP, callsByRow } from '../helpers/bundler-contract.js'

const APP = join(repoRoot, 'fixtures/node-cjs')

function nodeWithRegister(script: string, env: Record<string, string>, nodeArgs: string[] = []) {
  return spawnSync(process.execPath, [...nodeArgs, '--import', '@probeprof/register', script], {
    cwd: repoRoot,
    env: { ...process.env, PROBEPROF: '', PROBEPROF_QUIET: '1', PROBEPROF_OUT: '', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  })
}

/** esbuild bundles the CommonJS app as CommonJS (`main.cjs`), with or without the plugin. */
const CJS_BUNDLE = { format: 'cjs', outExtension: { '.js': '.cjs' } } as const

describe('node --import @probeprof/register (CommonJS)', () => {
  it('a .cjs requiring a .ts helper and a .js module: same output and the esbuild build’s exact calls', async () => {
    const dir = tempDir('register-cjs-')
    await buildApp({ entryPoints: [join(APP, 'main.cjs')], outdir: join(dir, 'plain'), esbuild: CJS_BUNDLE })
    await buildApp({ entryPoints: [join(APP, 'main.cjs')], outdir: join(dir, 'esbuild'), esbuild: CJS_BUNDLE, plugin: { enabled: true, cache: false, workers: 0, runtime: { quiet: true } } })
    const plain = runNode(join(dir, 'plain/main.cjs'))
    const bundled = runNode(join(dir, 'esbuild/main.cjs'), { env: { PROBEPROF_OUT: join(dir, 'esbuild.json') } })
    const registered = nodeWithRegister(join(APP, 'main.cjs'), { PROBEPROF: '1', PROBEPROF_OUT: join(dir, 'register.json') })
    expect(plain.status, plain.stderr).toBe(0)
    expect(bundled.stdout).toBe(plain.stdout)
    expect(registered.status, registered.stderr).toBe(0)
    expect(registered.stderr).toBe('')
    expect(registered.stdout).toBe(plain.stdout)
    expect(plain.stdout).toBe('area 22283.140\nthe=3 quick=1 brown=1 fox=1 jumps=1 over=1 lazy=1 dog=1 end=1\n')

    const counts = callsByRow(join(dir, 'register.json'))
    expect(counts).toEqual(callsByRow(join(dir, 'esbuild.json')))
    // read off the code: 30 shapes, every third a square; 11 words, 9 distinct
    expect(counts['fixtures/node-cjs/main.cjs:5(makeShapes)']).toBe(1)
    expect(counts['fixtures/node-cjs/shapes.ts:9(Circle.constructor)']).toBe(20)
    expect(counts['fixtures/node-cjs/shapes.ts:18(Square.constructor)']).toBe(10)
    expect(counts['fixtures/node-cjs/shapes.ts:12(Circle.area)']).toBe(20)
    expect(counts['fixtures/node-cjs/shapes.ts:21(Square.area)']).toBe(10)
    expect(counts['fixtures/node-cjs/shapes.ts:26(totalArea)']).toBe(1)
    expect(counts['fixtures/node-cjs/text.js:1(words)']).toBe(1)
    expect(counts['fixtures/node-cjs/text.js:5(histogram)']).toBe(1)
    expect(counts['fixtures/node-cjs/shapes.ts:1(<module>)']).toBe(1)
    expect(counts['fixtures/node-cjs/text.js:1(<module>)']).toBe(1)
  })

  it('TypeScript in a CommonJS package (no "type": "module"): the primes app runs as CommonJS with the esbuild build’s exact calls', async () => {
    const dir = tempDir('register-ts-cjs-')
    cpSync(join(PRIMES_APP, 'src'), join(dir, 'src'), { recursive: true })
    writeFileSync(join(dir, 'package.json'), '{ "type": "commonjs" }\n')
    await buildApp({ entryPoints: [join(PRIMES_APP, 'src/slow.ts')], outdir: join(dir, 'esbuild'), plugin: { enabled: true, cache: false, workers: 0, runtime: { quiet: true } } })
    const bundled = runNode(join(dir, 'esbuild/slow.mjs'), { env: { PROBEPROF_OUT: join(dir, 'esbuild.json') } })
    const registered = nodeWithRegister(join(dir, 'src/slow.ts'), { PROBEPROF: '1', PROBEPROF_OUT: join(dir, 'register.json') })
    expect(registered.status, registered.stderr).toBe(0)
    expect(registered.stdout).toBe(bundled.stdout)
    // the same rows under the copy's directory
    const copy = relative(repoRoot, dir).split('\\').join('/')
    const expected = Object.fromEntries(Object.entries(callsByRow(join(dir, 'esbuild.json'))).map(([row, calls]) => [row.replace('fixtures/primes/', `${copy}/`), calls]))
    expect(callsByRow(join(dir, 'register.json'))).toEqual(expected)
    expect(expected[`${copy}/src/primes.ts:12(isPrime)`]).toBe(690)
  })

  it.each(['--import', 'NODE_OPTIONS'])('a forked child process and a worker thread inherit it (%s): each writes its own report with its own calls', (how) => {
    const dir = tempDir('register-family-')
    const env = { PROBEPROF: '1', PROBEPROF_OUT: join(dir, 'family.json') }
    const run =
      how === '--import'
        ? nodeWithRegister(join(APP, 'family.cjs'), env)
        : spawnSync(process.execPath, [join(APP, 'family.cjs')], {
            cwd: repoRoot,
            env: { ...process.env, PROBEPROF_QUIET: '1', ...env, NODE_OPTIONS: '--import @probeprof/register' },
            encoding: 'utf8',
            timeout: 120_000,
          })
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toBe('child fib(11) = 89\nworker fib(12) = 144, main fib(10) = 55\n')
    const reports = readdirSync(dir).sort()
    // the main thread writes the name given; the child adds its pid, the worker its pid and thread
    expect(reports).toHaveLength(3)
    const child = reports.find((name) => /^family\.\d+\.json$/.test(name))
    const worker = reports.find((name) => /^family\.\d+-w\d+\.json$/.test(name))
    expect(reports).toContain('family.json')
    // fib(n) makes 2·fib(n+1) − 1 calls: 177 for fib(10), 287 for fib(11), 465 for fib(12)
    expect(callsByRow(join(dir, 'family.json'))['fixtures/node-cjs/fib.ts:1(fib)']).toBe(177)
    expect(callsByRow(join(dir, child!))).toEqual({
      'fixtures/node-cjs/fib-child.cjs:1(<module>)': 1,
      'fixtures/node-cjs/fib.ts:1(<module>)': 1,
      'fixtures/node-cjs/fib.ts:1(fib)': 287,
    })
    expect(callsByRow(join(dir, worker!))).toEqual({
      'fixtures/node-cjs/fib-worker.cjs:1(<module>)': 1,
      'fixtures/node-cjs/fib.ts:1(<module>)': 1,
      'fixtures/node-cjs/fib.ts:1(fib)': 465,
    })
  })

  it('--enable-source-maps: an error thrown in required TypeScript names its .ts line, and the report is written', () => {
    const dir = tempDir('register-cjs-maps-')
    const out = join(dir, 'throws.json')
    const run = nodeWithRegister(join(APP, 'throws.cjs'), { PROBEPROF: '1', PROBEPROF_OUT: out }, ['--enable-source-maps'])
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('RangeError: value -1 is below 0\n    at check (' + join(APP, 'checks.ts') + ':9:11)')
    expect(callsByRow(out)['fixtures/node-cjs/checks.ts:7(check)']).toBe(1)
  })

  it('TypeScript that does not compile: esbuild’s one line, thrown where the file runs (CommonJS) or loads (ES module)', () => {
    const dir = tempDir('register-bad-ts-')
    const bad = join(dir, 'bad.ts')
    writeFileSync(bad, 'export function half(x: number {\n  return x / 2\n}\n')
    writeFileSync(join(dir, 'main.cjs'), "const { half } = require('./bad')\nconsole.log(half(2))\n")
    writeFileSync(join(dir, 'main.mjs'), "import { half } from './bad.js'\nconsole.log(half(2))\n")
    const failure = `${bad}:1:31: Expected ")" but found "{"`
    const required = nodeWithRegister(join(dir, 'main.cjs'), { PROBEPROF: '1' })
    expect(required.status).toBe(1)
    // the stack names the file and who required it, as for a syntax error in JavaScript
    expect(required.stderr).toContain(`SyntaxError: ${failure}\n    at Object.<anonymous> (${bad}:1:`)
    expect(required.stderr).toContain(`(${join(dir, 'main.cjs')}:1:`)
    const imported = nodeWithRegister(join(dir, 'main.mjs'), { PROBEPROF: '1' })
    expect(imported.status).toBe(1)
    // an ES module is linked before it runs: the failure is thrown at load, before `half` could be missed
    expect(imported.stderr).toContain(`[SyntaxError [Error]: ${failure}]`)
    for (const run of [required, imported]) expect(run.stderr).not.toMatch(/esbuild[\\/]lib|Transform failed/)
  })

  it('a bad option in the environment: its one line and exit code 2, before the app runs', () => {
    const run = nodeWithRegister(join(APP, 'main.cjs'), { PROBEPROF: '1', PROBEPROF_NODE_MODULES: 'Bad Name' })
    expect(run.status).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toBe("@probeprof/register: option 'nodeModules' lists 'Bad Name', which is no package name: write 'three' or '@scope/name'\n")
  })

  it('flag off: no require hook, so the .ts helper is not found, exactly as under plain node, and no report', () => {
    const dir = tempDir('register-cjs-off-')
    const out = join(dir, 'off.json')
    const plain = runNode(join(APP, 'main.cjs'))
    const run = nodeWithRegister(join(APP, 'main.cjs'), { PROBEPROF_OUT: out })
    expect(run.status).toBe(plain.status)
    expect(plain.stderr).toContain("Error: Cannot find module './shapes'")
    expect(run.stderr).toContain("Error: Cannot find module './shapes'")
    expect(existsSync(out)).toBe(false)
  })
})
