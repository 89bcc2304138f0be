import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cacheKey, defaultCacheDirectory } from './cache.js'

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
