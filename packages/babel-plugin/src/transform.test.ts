import { transformSync as esbuildTransform, buildSync } from 'esbuild'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { InstrumentError, transformSource } from './transform.js'

const root = '/project'

interface Row {
  file: string
  name: string
  line: number
  column: number
}

/** The rows the generated code registers, read back from its register() calls. */
function rowsOf(code: string): Row[] {
  const rows: Row[] = []
  for (const match of code.matchAll(/\.register\(("(?:[^"\\]|\\.)*"),"[^"]*",(\[.*?\])\)/g)) {
    const file = JSON.parse(match[1]) as string
    const table = JSON.parse(match[2]) as (string | number)[]
    for (let i = 0; i < table.length; i += 3) rows.push({ file, name: table[i] as string, line: table[i + 1] as number, column: table[i + 2] as number })
  }
  return rows
}

function instrument(code: string, filename = 'src/a.ts', options = {}): string {
  const result = transformSource(code, `${root}/${filename}`, { root, sourceMaps: false, ...options })
  if (result === null) throw new Error('not instrumented')
  return result.code
}

function names(code: string, filename = 'src/a.ts'): string[] {
  return rowsOf(instrument(code, filename)).map((row) => row.name).slice(1)
}

describe('names read like the code', () => {
  it.each([
    ['function isPrime(n) {}', ['isPrime']],
    ['class Lexer { next() {} get pos() { return 1 } set pos(v) {} #advance() {} static create() {} constructor() {} }', ['Lexer.next', 'Lexer.get pos', 'Lexer.set pos', 'Lexer.#advance', 'Lexer.static create', 'Lexer.constructor']],
    ['class Cache { static #hidden() {} static get size() { return 0 } }', ['Cache.static #hidden', 'Cache.static get size']],
    ['const f = () => {}; let g = function () {}; var h = async () => {}', ['f', 'g', 'h']],
    ['a.b.c = function () {}; this.x = () => {}; exports.run = function () {}', ['a.b.c', 'this.x', 'exports.run']],
    ['const api = { run() {}, nested: { deep() {}, arrow: () => {} }, "quoted"() {}, 7() {} }', ['api.run', 'api.nested.deep', 'api.nested.arrow', 'api.quoted', 'api.7']],
    ['class R { [Symbol.iterator]() {} static [key + 1]() {} }', ['R.[Symbol.iterator]', 'R.static [key + 1]']],
    ['function parse() { [1].map(x => x); [2].forEach(function () {}) }', ['parse', 'parse.<anonymous>', 'parse.<anonymous>']],
    ['[1].map(x => x)', ['<anonymous>']],
    ['export default function () {}', ['default']],
    ['export default () => {}', ['default']],
    ['export default class { m() {} }', ['default.m']],
    ['const C = class { m() {} }; const D = class Named { m() {} }', ['C.m', 'Named.m']],
    ['class Button { onClick = () => {}; static make = () => {}; #priv = () => {} }', ['Button.onClick', 'Button.static make', 'Button.#priv']],
    ['function run(cb = () => {}) {}', ['run', 'cb']],
    ['namespace Geo { export function area() {} export class Rect { size() {} } }', ['Geo.area', 'Geo.Rect.size']],
    ['namespace A.B { function f() {} }', ['A.B.f']],
    ['const x = (() => 1) as () => number; const y = (function () {}) satisfies unknown', ['x', 'y']],
  ])('%s', (code, expected) => {
    expect(names(code)).toEqual(expected)
  })

  it('skips TypeScript bodiless declarations: overloads, declare, abstract', () => {
    const code = 'function f(x: number): void\nfunction f(x: any) {}\ndeclare function g(): void\nabstract class A { abstract m(): void; n() {} }'
    expect(names(code)).toEqual(['f', 'A.n'])
  })
})

describe('locations', () => {
  it('rows point at the function start in the original TS/TSX, module at 1:0', () => {
    const code = 'import x from "y"\n\nexport function f() {}\nclass K {\n  method() {}\n}\nconst a = <T,>(v: T) => v\n'
    expect(rowsOf(instrument(code)).map((row) => [row.name, row.line, row.column])).toEqual([
      ['<module>', 1, 0],
      ['f', 3, 7],
      ['K.method', 5, 2],
      ['a', 7, 10],
    ])
  })

  it('adds no line break: every original line keeps its number', () => {
    const code = 'function a() {\n  return 1\n}\nconst b = async () => {\n  await a()\n}\nclass C extends B {\n  constructor() { super() }\n}\n'
    const out = instrument(code).split('\n')
    code.split('\n').forEach((line, i) => {
      for (const token of line.match(/[A-Za-z]+/g) ?? []) expect(out[i], `line ${i + 1}`).toContain(token)
    })
  })

  it('keeps the directive prologue first, in the file and in functions', () => {
    const out = withoutMarkers(instrument('"use strict"\nfunction f() { "use strict"; "other"; return this }', 'a.cjs'))
    expect(out.startsWith('"use strict";')).toBe(true)
    expect(out).toMatch(/function f\(\) \{ "use strict"; "other";;const __ppf=/)
  })

  it('maps rows through an input source map to the original file, line and column', () => {
    const ts = 'interface I { a: number }\n\nexport function first(x: I) {\n  return x.a\n}\n\nexport const second = (y: number): number => y * 2\n'
    const compiled = esbuildTransform(ts, { loader: 'ts', sourcemap: 'external', sourcefile: 'orig.ts' })
    const rows = rowsOf(instrument(compiled.code, 'dist/out.js', { inputSourceMap: JSON.parse(compiled.map) }))
    expect(rows.map((row) => [row.file, row.name, row.line, row.column])).toEqual([
      ['dist/orig.ts', '<module>', 1, 0],
      ['dist/orig.ts', 'first', 3, 7],
      ['dist/orig.ts', 'second', 7, 22],
    ])
  })

  it('registers the functions of each original file of a bundled input under that file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'probeprof-map-'))
    mkdirSync(join(dir, 'src'))
    writeFileSync(join(dir, 'src/lib.ts'), 'export function helper(n: number) {\n  return n + 1\n}\n')
    writeFileSync(join(dir, 'src/main.ts'), 'import { helper } from "./lib"\n\nfunction main() { return helper(1) }\nconsole.log(main())\n')
    const built = buildSync({ entryPoints: [join(dir, 'src/main.ts')], bundle: true, write: false, sourcemap: 'external', outfile: join(dir, 'out/main.js'), format: 'esm' })
    const js = built.outputFiles.find((file) => file.path.endsWith('.js'))!.text
    const map = JSON.parse(built.outputFiles.find((file) => file.path.endsWith('.map'))!.text)
    const result = transformSource(js, join(dir, 'out/main.js'), { root: dir, sourceMaps: false, inputSourceMap: map })!
    const rows = rowsOf(result.code).filter((row) => row.name !== '<module>')
    expect(rows.map((row) => [row.file, row.name, row.line, row.column])).toEqual([
      ['src/lib.ts', 'helper', 1, 7],
      ['src/main.ts', 'main', 3, 0],
    ])
  })

  it('names minified functions by the names their input map records', () => {
    const ts = 'export class Tokenizer {\n  escape(src: string) { return src }\n}\nexport function parseMarkdown(text: string) {\n  return new Tokenizer().escape(text)\n}\n'
    const minified = esbuildTransform(ts, { loader: 'ts', minify: true, sourcemap: 'external', sourcefile: 'md.ts', format: 'esm' })
    expect(minified.code).not.toContain('parseMarkdown(')
    const rows = rowsOf(instrument(minified.code, 'dist/md.min.js', { inputSourceMap: JSON.parse(minified.map) }))
    expect(rows.map((row) => [row.name, row.line])).toEqual([
      ['<module>', 1],
      ['Tokenizer.escape', 2],
      ['parseMarkdown', 4],
    ])
  })

  it('finds the map a compiled file names: inline, or a file beside it; false turns that off', () => {
    const ts = 'type N = number\n\nexport function f(x: N) {\n  return x\n}\n'
    const dir = mkdtempSync(join(tmpdir(), 'probeprof-url-'))
    const inline = esbuildTransform(ts, { loader: 'ts', sourcemap: 'inline', sourcefile: 'f.ts' })
    const file = join(dir, 'lib/f.js')
    mkdirSync(join(dir, 'lib'))
    const rowsFor = (code: string, options = {}) =>
      rowsOf(transformSource(code, file, { root: dir, sourceMaps: false, ...options })!.code).map((row) => `${row.file}:${row.line}:${row.column}`)
    expect(rowsFor(inline.code)).toEqual(['lib/f.ts:1:0', 'lib/f.ts:3:7'])
    const external = esbuildTransform(ts, { loader: 'ts', sourcemap: 'external', sourcefile: '../src/f.ts' })
    writeFileSync(join(dir, 'lib/f.js.map'), external.map)
    expect(rowsFor(`${external.code}//# sourceMappingURL=f.js.map\n`)).toEqual(['src/f.ts:1:0', 'src/f.ts:3:7'])
    expect(rowsFor(inline.code, { inputSourceMap: false })).toEqual(['lib/f.js:1:0', 'lib/f.js:1:7'])
    expect(rowsFor(`${external.code}//# sourceMappingURL=missing.js.map\n`)).toEqual(['lib/f.js:1:0', 'lib/f.js:1:7'])
  })

  it('returns a map of this step whose mappings take instrumented code back to the input', async () => {
    const { TraceMap, originalPositionFor } = await import('@jridgewell/trace-mapping')
    const code = 'function f(a) {\n  return a + compute(a)\n}\n'
    const result = transformSource(code, `${root}/src/m.js`, { root })!
    expect(result.map!.sources).toEqual([`${root}/src/m.js`])
    const lines = result.code.split('\n')
    const column = lines[1].indexOf('compute')
    const original = originalPositionFor(new TraceMap(result.map as never), { line: 2, column })
    expect([original.line, original.column]).toEqual([2, code.split('\n')[1].indexOf('compute')])
  })
})

describe('runtime binding', () => {
  it('an ES module imports the runtime', () => {
    expect(withoutMarkers(instrument('export const a = 1', 'a.mjs'))).toMatch(/^import\{runtime as __ppr\w+\}from"@probeprof\/runtime\/auto";/)
  })
  it('a script requires it (an import would make it a strict-mode module)', () => {
    expect(withoutMarkers(instrument('module.exports = function () {}', 'a.cjs'))).toMatch(/^let __ppr\w+=require\("@probeprof\/runtime\/auto"\)\.runtime;/)
    expect(withoutMarkers(instrument('with (o) { f() }', 'a.js'))).toMatch(/^let __ppr\w+=require\(/)
  })
  it('a script declares its names with let (no property of the global object), a module with function and var', () => {
    expect(withoutMarkers(instrument('function f() {}', 'a.js', { runtime: 'global' }))).toMatch(/^let (__pp\w+)=function\(\)\{.*?\};let __ppm\w+=\1\(\)\.e\(0\);function f/)
    expect(withoutMarkers(instrument('export function f() {}', 'a.js'))).toMatch(/^import\{runtime as __ppr\w+\}from"@probeprof\/runtime\/auto";function (__pp\w+)\(\)\{.*?\}var __ppm\w+=\1\(\)\.e\(0\);export function f/)
  })
  it('instrumented output, script or module, is recognised and left alone', () => {
    for (const [code, options] of [['function f() {}', { runtime: 'global' }], ['export function f() {}', {}]] as const) {
      const once = instrument(code, 'a.js', options)
      expect(transformSource(once, `${root}/a.js`, { root, ...options })).toBeNull()
    }
  })
  it("'global' reads globalThis.__probeprof, even where the file declares its own globalThis or Function", () => {
    expect(instrument('function f() {}', 'a.js', { runtime: 'global' })).toContain('globalThis.__probeprof.register(')
    const shadowed = instrument('var globalThis = {}; function Function() {} function f() {}', 'a.js', { runtime: 'global' })
    expect(shadowed).toContain('(function(){}).constructor("return this")().__probeprof.register(')
  })
  it('the runtime module is an option', () => {
    expect(instrument('export {}; function f() {}', 'a.ts', { runtimeModule: 'virtual:rt' })).toContain('from"virtual:rt"')
  })
})

describe('what is left alone', () => {
  it('is idempotent: instrumented code comes back null, whatever root instrumented it', () => {
    const once = instrument('export function f() { return 1 }')
    expect(transformSource(once, `${root}/src/a.ts`, { root })).toBeNull()
    expect(transformSource(once, `/elsewhere/b.ts`, { root: '/elsewhere' })).toBeNull()
  })
  it('skips a file marked probeprof-ignore-file, or headed by probeprof-ignore and a blank line', () => {
    expect(transformSource('/* probeprof-ignore-file */\nfunction f() {}', `${root}/a.js`, { root })).toBeNull()
    expect(transformSource('// probeprof-ignore\n\nfunction f() {}', `${root}/a.js`, { root })).toBeNull()
    expect(transformSource('// probeprof-ignore\nfunction f() {}\nfunction g() {}', `${root}/a.js`, { root, sourceMaps: false })!.code).toContain('"g"')
  })
  it('skips a function, a declaration or a class marked probeprof-ignore, with everything inside it', () => {
    const code = [
      '/* probeprof-ignore */ function a() { return () => 1 }',
      '// probeprof-ignore: hot helper',
      'const b = () => 2',
      '/* probeprof-ignore */ class C { m() {} }',
      'const o = { /* probeprof-ignore */ d() {}, e() {} }',
      'function kept() {}',
    ].join('\n')
    expect(names(code, 'a.js')).toEqual(['o.e', 'kept'])
  })
  it('a file of TypeScript declarations only gives nothing to instrument', () => {
    expect(transformSource('export interface A { x: number }\nexport type B = string\ndeclare module "m" {}\nimport type { C } from "./c"', `${root}/t.ts`, { root })).toBeNull()
  })
})

describe('errors', () => {
  it('a file that does not parse throws an InstrumentError naming file:line:col', () => {
    expect(() => transformSource('function (', `${root}/src/bad.js`, { root })).toThrow(InstrumentError)
    expect(() => transformSource('const a = 1\nfunction (', `${root}/src/bad.js`, { root })).toThrow(/^src\/bad\.js:2:10: Unexpected token/)
  })
  it('an input source map that is not one is reported as such', () => {
    expect(() => transformSource('function f() {}', `${root}/a.js`, { root, inputSourceMap: { version: 3, mappings: 12 } as object })).toThrow(/a\.js: invalid inputSourceMap/)
  })
})

describe('each file is parsed as its loader reads it (sourceType)', () => {
  // a project on disk: what Node and esbuild read decides, so the test writes the package.json they read
  function project(type: string | undefined, files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'probeprof-source-type-'))
    writeFileSync(join(dir, 'package.json'), JSON.stringify(type === undefined ? { name: 'app' } : { name: 'app', type }))
    for (const [name, code] of Object.entries(files)) writeFileSync(join(dir, name), code)
    return dir
  }
  const invalidAsModule = 'class await {}\nfunction f() { return 1 }\n'

  it('a .js file of a "type": "module" package that is invalid as a module is not instrumented as a script', () => {
    const dir = project('module', { 'a.js': invalidAsModule })
    expect(() => transformSource(invalidAsModule, join(dir, 'a.js'), { root: dir })).toThrow(/^a\.js:1:7: Unexpected reserved word 'await'/)
    // the same text in a package without a type is a CommonJS script there: instrumented as one
    const plain = project(undefined, { 'a.js': invalidAsModule })
    expect(transformSource(invalidAsModule, join(plain, 'a.js'), { root: plain, sourceMaps: false })!.code).toContain('require(')
  })
  it('.mjs and .mts are modules wherever they are; a declared sourceType wins over the package', () => {
    const dir = project(undefined, {})
    expect(() => transformSource(invalidAsModule, join(dir, 'a.mjs'), { root: dir })).toThrow(InstrumentError)
    expect(() => transformSource(invalidAsModule, join(dir, 'a.mts'), { root: dir })).toThrow(InstrumentError)
    expect(() => transformSource(invalidAsModule, join(dir, 'a.js'), { root: dir, sourceType: 'module' })).toThrow(/^a\.js:1:7: /)
    const typed = project('module', {})
    expect(transformSource('with ({}) {}', join(typed, 'a.js'), { root: typed, sourceType: 'script', sourceMaps: false })!.code).toContain('require(')
  })
  it('a module without import or export in a "type": "module" package imports the runtime (ES modules have no require)', () => {
    const dir = project('module', {})
    const code = instrumentAt(dir, 'main.js', 'function twice(x) { return 2 * x }\nconsole.log(twice(21))\n')
    expect(code).toMatch(/^\/\*\u2063pp\{\*\/import\{runtime as __ppr/)
    expect(code).not.toContain('require(')
  })
  it('the nearest package.json decides, as in Node: a dependency without a type inside a module project is a script', () => {
    const dir = project('module', {})
    mkdirSync(join(dir, 'node_modules/dep'), { recursive: true })
    writeFileSync(join(dir, 'node_modules/dep/package.json'), '{"name":"dep"}')
    expect(instrumentAt(dir, 'node_modules/dep/index.js', 'function f() {}\n')).toContain('require(')
  })
})

function instrumentAt(dir: string, name: string, code: string): string {
  return transformSource(code, join(dir, name), { root: dir, sourceMaps: false })!.code
}

/** The inserted text without the comments that mark it for Function.prototype.toString (marked-edits.ts). */
function withoutMarkers(code: string): string {
  return code.replace(/ ?\/\*(?:\u2063pp\{ ?|\}pp\u2063)\*\//g, '')
}
