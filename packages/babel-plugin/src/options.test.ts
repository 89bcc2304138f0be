import { describe, expect, it } from 'vitest'
import { OptionsError, resolveOptions } from './options.js'

describe('resolveOptions', () => {
  it('fills guessable defaults', () => {
    expect(resolveOptions(undefined)).toEqual({
      root: process.cwd(),
      runtime: 'auto',
      runtimeModule: '@probeprof/runtime/auto',
      inputSourceMap: true,
      sourceMaps: true,
      args: false,
      sourceType: 'auto',
    })
  })
  it('rejects an unknown option with the closest valid one', () => {
    expect(() => resolveOptions({ runtimeModul: 'x' })).toThrow(
      "@probeprof/babel-plugin: unknown option 'runtimeModul', maybe you meant 'runtimeModule'? (valid options: root, runtime, runtimeModule, inputSourceMap, sourceMaps, args, sourceType)",
    )
  })
  it('rejects a wrong type and an invalid choice, naming the choices', () => {
    expect(() => resolveOptions({ sourceMaps: 'yes' })).toThrow("option 'sourceMaps' must be a boolean, got string")
    expect(() => resolveOptions({ runtime: 'globl' })).toThrow(
      "invalid runtime 'globl', maybe you meant 'global'? (choose from auto, import, require, global)",
    )
    expect(() => resolveOptions('nope')).toThrow(OptionsError)
  })
})

describe('the README documents every option', () => {
  it('lists each option of the table in its Babel plugin section', async () => {
    const { readFileSync } = await import('node:fs')
    const { optionRecords } = await import('./options.js')
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8')
    const section = readme.slice(readme.indexOf('## The Babel plugin'))
    for (const key of Object.keys(optionRecords)) expect(section).toContain(`| \`${key}\` |`)
  })
})
