import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
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
