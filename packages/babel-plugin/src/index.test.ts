// The Babel plugin path: the real @babel/core runs the plugin, prints the code and composes the source map.
import { transformSync } from '@babel/core'
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping'
import { transformSync as esbuildTransform } from 'esbuild'
import { describe, expect, it } from 'vitest'
import probeprof from './index.js'
import { transformSource } from './transform.js'

const root = '/project'

function babel(code: string, filename: string, extra: Record<string, unknown> = {}) {
  const result = transformSync(code, {
    filename,
    root,
    configFile: false,
    babelrc: false,
    sourceMaps: true,
    parserOpts: { plugins: filename.endsWith('.ts') ? ['typescript'] : [] },
    plugins: [[probeprof, {}]],
    ...extra,
  })
  return { code: result!.code!, map: result!.map! }
}

function registered(code: string): string {
  return /\.register\((.*?)\);/s.exec(code)![1].replace(/\s+/g, '')
}

describe('@babel/core with the plugin', () => {
  const source = [
    'export async function load(url: string) {',
    '  const text = await fetchText(url)',
    '  return text.split("\\n").map((line) => line.trim())',
    '}',
    'class Store { get size() { return 0 } #hidden() {} }',
    '',
  ].join('\n')

  it('registers the same rows as transformSource', () => {
    const viaBabel = babel(source, `${root}/src/load.ts`)
    const viaTransform = transformSource(source, `${root}/src/load.ts`, { root, sourceMaps: false })!
    expect(registered(viaBabel.code)).toBe(registered(viaTransform.code))
  })

  it("maps the user's code to its original line and column, probes to nothing", () => {
    const { code, map } = babel(source, `${root}/src/load.ts`)
    const trace = new TraceMap(map as never)
    const lines = code.split('\n')
    for (const needle of ['fetchText(url)', 'text.split', 'line.trim()', 'size()', 'hidden()']) {
      const line = lines.findIndex((text) => text.includes(needle))
      const original = originalPositionFor(trace, { line: line + 1, column: lines[line].indexOf(needle) })
      const expectedLine = source.split('\n').findIndex((text) => text.includes(needle))
      expect([needle, original.line, original.column]).toEqual([needle, expectedLine + 1, source.split('\n')[expectedLine].indexOf(needle)])
    }
    const probeLine = lines.findIndex((text) => text.includes('.ea(1)'))
    const probe = originalPositionFor(trace, { line: probeLine + 1, column: lines[probeLine].indexOf('__pp') })
    expect(probe.line === null || probe.line === 1).toBe(true)
  })

  it("uses Babel's input source map for the rows", () => {
    const ts = 'type T = number\n\n\nexport function late(x: T) {\n  return x\n}\n'
    const compiled = esbuildTransform(ts, { loader: 'ts', sourcemap: 'external', sourcefile: `${root}/src/late.ts` })
    const { code } = babel(compiled.code, `${root}/dist/late.js`, { inputSourceMap: JSON.parse(compiled.map) })
    expect(registered(code)).toContain('["<module>",1,0,"late",4,7]')
    expect(registered(code)).toContain('"src/late.ts"')
  })

  it('leaves already-instrumented code alone', () => {
    const once = babel(source, `${root}/src/load.ts`).code
    const twice = babel(once, `${root}/src/load.ts`).code
    expect(twice.match(/\.register\(/g)).toHaveLength(1)
  })

  it('validates its options when Babel loads it', () => {
    expect(() => transformSync('1', { filename: 'a.js', configFile: false, babelrc: false, plugins: [[probeprof, { runtme: 'global' }]] })).toThrow(
      /unknown option 'runtme', maybe you meant 'runtime'\?/,
    )
  })
})
