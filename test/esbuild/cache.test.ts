// The persistent cache and the worker pool: a second build reads every file from the cache (and it really is the
// cache that is read), a changed file or changed options make new entries, concurrent builds sharing one cache
// directory all succeed with whole entries, and worker threads produce byte-identical output to the main thread.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readReport, repoRoot, runNode, tempDir } from '../helpers/app.js'
import { build, callCounts, copyFixture } from './esbuild-helpers.js'

/** Every entry file under the cache directory (`<2 hex digits>/<rest of the key>`), relative to it. */
function cacheFiles(cache: string): string[] {
  try {
    return readdirSync(cache, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name).slice(cache.length + 1))
      .filter((file) => /^[0-9a-f]{2}\//.test(file))
      .sort()
  } catch {
    return []
  }
}

function options(dir: string, outdir: string, extra: object = {}) {
  return {
    entryPoints: [join(dir, 'src/main.ts')],
    absWorkingDir: dir,
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node' as const,
    format: 'esm' as const,
    write: false,
    ...extra,
  }
}

const text = (result: { outputFiles?: { text: string }[] }) => result.outputFiles!.map((file) => file.text).join('\n')

/** Runs a build script in its own process with PROBEPROF_DEBUG=1; resolves to its stderr. */
function buildInChild(script: string): Promise<{ status: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: repoRoot,
      env: { ...process.env, PROBEPROF: '', PROBEPROF_DEBUG: '1' },
    })
    let stderr = ''
    let stdout = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.on('close', (status) => resolve({ status, stderr, stdout }))
  })
}

function childBuildScript(entry: string, outfile: string, cache: string | false, workers: number): string {
  return `
    import * as esbuild from 'esbuild'
    import probeprof from '@probeprof/esbuild'
    await esbuild.build({ stdin: { contents: ${JSON.stringify(entry)}, resolveDir: ${JSON.stringify(repoRoot)} }, absWorkingDir: ${JSON.stringify(repoRoot)},
      bundle: true, format: 'esm', outfile: ${JSON.stringify(outfile)}, logLevel: 'error',
      plugins: [probeprof({ enabled: true, nodeModules: ['three'], cache: ${JSON.stringify(cache)}, workers: ${workers} })] })`
}

describe('persistent cache', () => {
  it('a second build comes from the cache, entry for entry', async () => {
    const dir = copyFixture('extensions')
    const cache = join(dir, 'cache')
    const cold = await build(options(dir, join(dir, 'out')), { cache })
    const entries = cacheFiles(cache)
    expect(entries).toHaveLength(8) // main.ts and the seven lib files
    const mtimes = entries.map((entry) => statSync(join(cache, entry)).mtimeMs)

    const warm = await build(options(dir, join(dir, 'out')), { cache })
    expect(text(warm)).toBe(text(cold))
    expect(cacheFiles(cache)).toEqual(entries)
    expect(entries.map((entry) => statSync(join(cache, entry)).mtimeMs)).toEqual(mtimes)

    // It is the cache that a warm build reads: an edited entry shows up in the output.
    const addEntry = entries.find((entry) => readFileSync(join(cache, entry), 'utf8').includes('register("src/lib/add.js"'))!
    const original = readFileSync(join(cache, addEntry), 'utf8')
    expect(original.startsWith('probeprof-cache 1 code\n')).toBe(true)
    writeFileSync(join(cache, addEntry), original.replace('return a + b', 'return a + b + 1000'))
    const tampered = await build(options(dir, join(dir, 'out')), { cache })
    expect(text(tampered)).toContain('return a + b + 1e3')
  })

  it('a changed file makes one new entry; changed options make new entries for every file', async () => {
    const dir = copyFixture('extensions')
    const cache = join(dir, 'cache')
    await build(options(dir, join(dir, 'out')), { cache })
    const before = cacheFiles(cache)

    writeFileSync(join(dir, 'src/lib/negate.mjs'), 'export function mjsNegate(x) {\n  return 0 - x\n}\n')
    const changed = await build(options(dir, join(dir, 'out')), { cache })
    expect(text(changed)).toContain('return 0 - x')
    const after = cacheFiles(cache)
    expect(after.filter((entry) => !before.includes(entry))).toHaveLength(1)

    const mapped = await build(options(dir, join(dir, 'out'), { sourcemap: true }), { cache })
    expect(cacheFiles(cache)).toHaveLength(after.length + 8)
    expect(mapped.outputFiles!.some((file) => file.path.endsWith('.map'))).toBe(true)
  })

  it('a build removes entries no build has used for 30 days, once a day, and keeps its own', async () => {
    const dir = copyFixture('extensions')
    const cache = join(dir, 'cache')
    const old = new Date(Date.now() - 31 * 24 * 60 * 60 * 1000)
    const leftover = (name: string) => {
      mkdirSync(join(cache, 'ff'), { recursive: true })
      writeFileSync(join(cache, 'ff', name), 'probeprof-cache 1 skip\n') // an entry of an older build of the app
      utimesSync(join(cache, 'ff', name), old, old)
      return join(cache, 'ff', name)
    }
    const first = leftover('0'.repeat(62))
    await build(options(dir, join(dir, 'out')), { cache })
    expect(existsSync(first)).toBe(false)
    expect(cacheFiles(cache)).toHaveLength(8) // main.ts and the seven lib files
    const second = leftover('1'.repeat(62))
    await build(options(dir, join(dir, 'out')), { cache })
    expect(existsSync(second)).toBe(true) // pruned already today
  })

  it('ignores an entry that is not whole and instruments the file again', async () => {
    const dir = copyFixture('extensions')
    const cache = join(dir, 'cache')
    const first = await build(options(dir, join(dir, 'out')), { cache })
    for (const entry of cacheFiles(cache)) writeFileSync(join(cache, entry), 'garbage')
    const second = await build(options(dir, join(dir, 'out')), { cache })
    expect(text(second)).toBe(text(first))
  })

  it('a cache directory that cannot be made only costs speed: the build and its report are whole', async () => {
    const dir = copyFixture('extensions')
    writeFileSync(join(dir, 'not-a-directory'), 'a file where the cache directory would go')
    const outdir = join(dir, 'out')
    const result = await build({ ...options(dir, outdir), write: true, metafile: true }, { cache: join(dir, 'not-a-directory/cache') })
    expect(result.errors).toEqual([])
    expect(result.warnings).toEqual([])
    // no runtime file could be written either: the virtual module serves
    expect(Object.keys(result.metafile!.inputs)).toContain('probeprof:probeprof:runtime')
    const reportPath = join(dir, 'report.json')
    const run = runNode(join(outdir, 'main.mjs'), { env: { PROBEPROF_OUT: reportPath } })
    expect(run.status, run.stderr).toBe(0)
    expect(callCounts(readReport(reportPath))).toMatchObject({ 'add.js:jsAdd': 5, 'square.cjs:cjsSquare': 8 })
  })

  it('concurrent builds in separate processes share one cache directory safely', async () => {
    const dir = tempDir('concurrent-')
    const cache = join(dir, 'cache')
    const entry = "export { Vector3 } from 'three/src/math/Vector3.js'; export { Matrix4 } from 'three/src/math/Matrix4.js'"
    const outputs = [0, 1, 2].map((i) => join(dir, `out-${i}.mjs`))
    const results = await Promise.all(outputs.map((out, i) => buildInChild(childBuildScript(entry, out, cache, i % 2))))
    for (const result of results) expect(result.status, result.stderr).toBe(0)
    const bundles = outputs.map((out) => readFileSync(out, 'utf8'))
    expect(bundles[1]).toBe(bundles[0])
    expect(bundles[2]).toBe(bundles[0])
    const entries = cacheFiles(cache)
    expect(entries.filter((file) => file.endsWith('.tmp'))).toEqual([])
    for (const file of entries) expect(readFileSync(join(cache, file), 'utf8')).toMatch(/^probeprof-cache 1 (code|skip)\n/)
    const warm = await buildInChild(childBuildScript(entry, join(dir, 'warm.mjs'), cache, 2))
    expect(warm.stderr).toMatch(/probeprof: (\d+) files: 0 from memory, \1 from the cache, 0 instrumented on the main thread, 0 on workers/)
    expect(readFileSync(join(dir, 'warm.mjs'), 'utf8')).toBe(bundles[0])
  })
})

describe('worker threads', () => {
  it('start for a large build and give the same bytes as the main thread; a small build never starts them', async () => {
    const dir = tempDir('workers-')
    const large = "export * as THREE from 'three/src/Three.Core.js'"
    const [onWorkers, onMain] = await Promise.all([
      // no cache: both instrument every file (and share the one runtime module, so the bundles can be compared)
      buildInChild(childBuildScript(large, join(dir, 'workers.mjs'), false, 2)),
      buildInChild(childBuildScript(large, join(dir, 'main.mjs'), false, 0)),
    ])
    expect(onWorkers.status, onWorkers.stderr).toBe(0)
    expect(onMain.status, onMain.stderr).toBe(0)
    // the main thread works alongside the threads: both take files, and every file is instrumented once
    const [, files, onMainThread, onThreads] = /(\d+) files: 0 from memory, 0 from the cache, (\d+) instrumented on the main thread, (\d+) on workers/.exec(onWorkers.stderr)!
    expect(Number(onThreads)).toBeGreaterThan(0)
    expect(Number(onMainThread) + Number(onThreads)).toBe(Number(files))
    expect(onMain.stderr).toMatch(/ 0 on workers/)
    expect(readFileSync(join(dir, 'workers.mjs'), 'utf8')).toBe(readFileSync(join(dir, 'main.mjs'), 'utf8'))

    const small = await buildInChild(childBuildScript("export { Vector3 } from 'three/src/math/Vector3.js'", join(dir, 'small.mjs'), false, 2))
    expect(small.stderr).toMatch(/ 0 on workers/)
    // the bundle runs
    writeFileSync(join(dir, 'use.mjs'), `import { Vector3 } from './small.mjs'\nconsole.log(new Vector3(1, 2, 3).length())\n`)
    const run = runNode(join(dir, 'use.mjs'), { env: { PROBEPROF_QUIET: '1', PROBEPROF_OUT: join(dir, 'r.json') } })
    expect(run.stdout).toBe(`${Math.sqrt(1 * 1 + 2 * 2 + 3 * 3)}\n`)
  })
})
