import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { K_CACHE_MAX_AGE_MS, TransformCache, cacheKey, defaultCacheDirectory } from './cache.js'

describe('defaultCacheDirectory', () => {
  it('is node_modules/.cache/probeprof of the nearest package above the root', () => {
    const project = mkdtempSync(join(tmpdir(), 'probeprof-cache-dir-'))
    writeFileSync(join(project, 'package.json'), '{}')
    mkdirSync(join(project, 'src/deep'), { recursive: true })
    expect(defaultCacheDirectory(join(project, 'src/deep'))).toBe(join(project, 'node_modules/.cache/probeprof'))
  })

  it('outside any package, a directory under the system temporary directory', () => {
    expect(defaultCacheDirectory('/')).toBe(join(tmpdir(), 'probeprof-cache'))
  })
})

describe('cacheKey', () => {
  const code = new TextEncoder().encode('export const x = 1')
  it('changes with each thing the instrumented text depends on', () => {
    const base = cacheKey('fingerprint', '{"sourceMaps":false}', '/a/x.ts', code)
    expect(cacheKey('fingerprint', '{"sourceMaps":false}', '/a/x.ts', code)).toBe(base)
    expect(cacheKey('other build of the transform', '{"sourceMaps":false}', '/a/x.ts', code)).not.toBe(base)
    expect(cacheKey('fingerprint', '{"sourceMaps":true}', '/a/x.ts', code)).not.toBe(base)
    expect(cacheKey('fingerprint', '{"sourceMaps":false}', '/b/x.ts', code)).not.toBe(base)
    expect(cacheKey('fingerprint', '{"sourceMaps":false}', '/a/x.ts', new TextEncoder().encode('export const x = 2'))).not.toBe(base)
  })
})

describe('cacheKey and source maps', () => {
  it('changes when the map file a compiled file names changes (rows take their locations from it)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'probeprof-cache-key-'))
    const file = join(dir, 'lib.js')
    const code = new TextEncoder().encode('function f(){}\n//# sourceMappingURL=lib.js.map\n')
    writeFileSync(join(dir, 'lib.js.map'), '{"version":3,"sources":["a.ts"],"names":[],"mappings":"AAAA"}')
    const before = cacheKey('fingerprint', '{}', file, code)
    expect(cacheKey('fingerprint', '{}', file, code)).toBe(before)
    writeFileSync(join(dir, 'lib.js.map'), '{"version":3,"sources":["b.ts"],"names":[],"mappings":"AAAA"}')
    const after = cacheKey('fingerprint', '{}', file, code)
    expect(after).not.toBe(before)
    rmSync(join(dir, 'lib.js.map'))
    expect(cacheKey('fingerprint', '{}', file, code)).not.toBe(after)
  })
})

describe('TransformCache.prune', () => {
  const DAY = 24 * 60 * 60 * 1000
  const code = (text: string) => ({ kind: 'code' as const, contents: new TextEncoder().encode(text) })
  /** An entry written `daysAgo` days before `now` (its modification time is when it was last used). */
  async function entry(cache: TransformCache, key: string, now: number, daysAgo: number): Promise<string> {
    await cache.set(key, code(key))
    const path = join(cache.directory, key.slice(0, 2), key.slice(2))
    utimesSync(path, new Date(now - daysAgo * DAY), new Date(now - daysAgo * DAY))
    return path
  }

  it('removes entries unused for 30 days and temp files of killed builds; keeps and refreshes the ones this process used', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'probeprof-prune-'))
    const now = Date.now()
    const writer = new TransformCache(directory)
    const stale = await entry(writer, 'aa' + '1'.repeat(62), now, 31)
    const recent = await entry(writer, 'ab' + '2'.repeat(62), now, 20)
    const usedStale = await entry(writer, 'ac' + '3'.repeat(62), now, 40)
    const orphan = join(directory, 'ab', `${'4'.repeat(62)}.123-x.tmp`)
    writeFileSync(orphan, 'half an entry')
    utimesSync(orphan, new Date(now - 2 * 60 * 60 * 1000), new Date(now - 2 * 60 * 60 * 1000))
    mkdirSync(join(directory, 'runtime'))
    writeFileSync(join(directory, 'runtime', 'probeprof-runtime.mjs'), '') // not an entry: never pruned

    const build = new TransformCache(directory) // another process: it used one of the old entries
    const found = build.get('ac' + '3'.repeat(62))
    expect(found?.kind === 'code' && new TextDecoder().decode(found.contents)).toBe('ac' + '3'.repeat(62))
    expect(await build.prune(now)).toBe(2)
    expect([stale, recent, usedStale, orphan].map((path) => existsSync(path))).toEqual([false, true, true, false])
    expect(statSync(usedStale).mtimeMs).toBeCloseTo(now, -3) // used now: 30 more days
    expect(existsSync(join(directory, 'runtime', 'probeprof-runtime.mjs'))).toBe(true)
    expect(K_CACHE_MAX_AGE_MS).toBe(30 * DAY)

    // once a day: a second prune within the day removes nothing, the next day's does
    const another = await entry(writer, 'ad' + '5'.repeat(62), now, 45)
    expect(await new TransformCache(directory).prune(now + DAY / 2)).toBe(0)
    expect(existsSync(another)).toBe(true)
    expect(await new TransformCache(directory).prune(now + DAY + 1)).toBe(1)
    expect(existsSync(another)).toBe(false)
  })

  it('never fails: a cache directory that does not exist prunes nothing', async () => {
    expect(await new TransformCache(join(tmpdir(), 'probeprof-no-such-cache', String(process.pid))).prune()).toBe(0)
  })
})

