// The browser finder on real files: a fresh machine gets the browser it has, or one line saying what to install.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from './app.js'
import { MISSING_CHROMIUM_MESSAGE, findChromium, type ChromiumSearch } from './chromium.js'

function fakeBinary(dir: string, name: string): string {
  mkdirSync(dir, { recursive: true })
  const path = join(dir, name)
  writeFileSync(path, '#!/bin/sh\n')
  chmodSync(path, 0o755)
  return path
}

const nothing: ChromiumSearch = { env: {}, paths: [], commands: [], shipped: () => undefined }

describe('findChromium', () => {
  it('with no browser anywhere: the one-line message naming what to install', () => {
    const dir = tempDir('chromium-')
    const found = findChromium({ ...nothing, env: { PATH: dir }, paths: [join(dir, 'chromium')], commands: ['chromium'], shipped: () => join(dir, 'chrome') })
    expect(found).toEqual({ error: MISSING_CHROMIUM_MESSAGE })
    expect(MISSING_CHROMIUM_MESSAGE).not.toContain('\n')
    expect(MISSING_CHROMIUM_MESSAGE).toContain('apt-get install chromium')
    expect(MISSING_CHROMIUM_MESSAGE).toContain('npx playwright-core install chromium')
    expect(MISSING_CHROMIUM_MESSAGE).toContain('CHROMIUM_PATH=')
  })

  it('CHROMIUM_PATH wins over PROBEPROF_CHROMIUM and the system; a wrong one is an error, not a fallback', () => {
    const dir = tempDir('chromium-')
    const chosen = fakeBinary(join(dir, 'a'), 'chrome')
    const other = fakeBinary(join(dir, 'b'), 'chrome')
    const system = fakeBinary(join(dir, 'usr'), 'chromium')
    expect(findChromium({ ...nothing, env: { CHROMIUM_PATH: chosen, PROBEPROF_CHROMIUM: other }, paths: [system] })).toEqual({ executable: chosen, from: 'CHROMIUM_PATH' })
    expect(findChromium({ ...nothing, env: { PROBEPROF_CHROMIUM: other }, paths: [system] })).toEqual({ executable: other, from: 'PROBEPROF_CHROMIUM' })
    const missing = join(dir, 'no-such-chrome')
    expect(findChromium({ ...nothing, env: { CHROMIUM_PATH: missing }, paths: [system] })).toEqual({
      error: `CHROMIUM_PATH=${missing} is not an executable file: point it at a Chromium or Chrome binary, or unset it`,
    })
  })

  it('then the usual paths in order, then PATH, then the browser playwright-core downloaded', () => {
    const dir = tempDir('chromium-')
    const debian = fakeBinary(join(dir, 'usr/bin'), 'chromium')
    const chrome = fakeBinary(join(dir, 'opt/google/chrome'), 'chrome')
    const onPath = fakeBinary(join(dir, 'bin'), 'google-chrome')
    const shipped = fakeBinary(join(dir, 'ms-playwright'), 'chrome')
    const notExecutable = join(dir, 'usr/bin/chromium-browser')
    writeFileSync(notExecutable, '')
    const search: ChromiumSearch = { env: { PATH: join(dir, 'bin') }, paths: [notExecutable, debian, chrome], commands: ['chromium', 'google-chrome'], shipped: () => shipped }
    expect(findChromium(search)).toEqual({ executable: debian, from: 'the system' })
    expect(findChromium({ ...search, paths: [notExecutable, chrome] })).toEqual({ executable: chrome, from: 'the system' })
    expect(findChromium({ ...search, paths: [] })).toEqual({ executable: onPath, from: 'PATH' })
    expect(findChromium({ ...search, paths: [], env: {} })).toEqual({ executable: shipped, from: 'playwright-core' })
  })
})
