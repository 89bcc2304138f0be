// Function.prototype.toString() of instrumented code shows the source as written: the transform marks what it
// inserts, the runtime's toString strips it. Checked on every file of the semantic corpus (the whole file,
// stripped, is the original byte for byte) and, per function kind, on functions running instrumented in a
// realm of their own, whose text must be the original and must run as the original elsewhere.

import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import vm from 'node:vm'
import * as esbuild from 'esbuild'
import { describe, expect, it } from 'vitest'
import { transformSource } from '@probeprof/babel-plugin'
import { hideProbesFromToString, install, stripProbeText } from '@probeprof/runtime/install'
import { programsDir } from '../semantics/corpus.js'

// fixHoisting (visitor.ts) removes or moves duplicate function declarations: not insertions, not restored
const MOVED_DECLARATIONS = ['sem-eval-var-shadows-function/input.cjs', 'sem-hoisting-duplicate-functions/input.cjs', 'sem-hoisting-var-and-function/input.cjs']

function corpusFiles(): string[] {
  const files: string[] = []
  for (const program of readdirSync(programsDir)) {
    for (const file of readdirSync(join(programsDir, program))) {
      if (/\.[cm]?[jt]sx?$/.test(file)) files.push(`${program}/${file}`)
    }
  }
  return files.sort()
}

describe('the inserted text is marked', () => {
  it('every corpus file, instrumented then stripped, is the original byte for byte', () => {
    const mismatched: string[] = []
    let instrumented = 0
    for (const file of corpusFiles()) {
      const code = readFileSync(join(programsDir, file), 'utf8')
      const result = transformSource(code, join(programsDir, file), { sourceMaps: false })
      if (result === null) continue
      instrumented++
      expect(result.code).not.toBe(code)
      if (stripProbeText(result.code) !== code) mismatched.push(file)
    }
    expect(instrumented).toBeGreaterThan(230)
    // the only files that differ are those where declarations were moved, not only inserted into
    expect(mismatched).toEqual(MOVED_DECLARATIONS)
  })

  it('a probe inserted right after a regex literal or a division stays code, not a line comment', () => {
    const code = 'const re = () => /a/\nconst half = async (x) => x/await 2\nglobalThis.out = [re().source, typeof half]\n'
    const result = transformSource(code, 'slash.js', { sourceMaps: false, runtime: 'global' })!
    expect(stripProbeText(result.code)).toBe(code)
    const realm = instrumentedRealm()
    vm.runInContext(result.code, realm)
    expect(vm.runInContext('out', realm)).toEqual(['a', 'function'])
  })
})

// One function of each kind (fixtures/programs/kind-*), the text each must show, and what calling it returns.
const KINDS = `
function declared(a, b = 2) { return a + b }
const expression = function named(x) { return x * 2 }
const arrowBlock = (x) => { return x + 1 }
const arrowExpression = (x) => x - 1
const arrowObject = (x) => ({ x })
async function asyncFunction(x) { const y = await x; return y + 1 }
const asyncArrow = async (x) => (await x) * 3
function* generator(n) { for (let i = 0; i < n; i++) yield i }
async function* asyncGenerator(n) { for (let i = 0; i < n; i++) yield await i }
const object = { method(x) { return x + 10 }, get getter() { return 5 }, set setter(v) { this.v = v }, async asyncMethod() { return 7 }, *generatorMethod() { yield 8 }, ['comp' + 'uted'](x) { return x } }
class Base { constructor(v) { this.v = v } method() { return this.v } static staticMethod() { return 'static' } get value() { return this.v } #secret() { return 42 } callSecret() { return this.#secret() } field = () => this.v }
class Derived extends Base { constructor() { super(9) } method() { return super.method() * 2 } }
function defaults(a, b = a * 2, c = String(b)) { return [a, b, c] }
const asyncDefaults = async (x = [1].map((v) => v + 1), ...rest) => [x, rest.length]
class WithFields { cache = new Map([[1, 'one']]); static made = String(1); #hidden = [1].map((v) => v * 2); read() { return [this.cache.get(1), WithFields.made, this.#hidden] } }
globalThis.kinds = { declared, expression, arrowBlock, arrowExpression, arrowObject, asyncFunction, asyncArrow, generator, asyncGenerator,
  method: object.method, getter: Object.getOwnPropertyDescriptor(object, 'getter').get, setter: Object.getOwnPropertyDescriptor(object, 'setter').set,
  asyncMethod: object.asyncMethod, generatorMethod: object.generatorMethod, computed: object.computed,
  Base, Derived, classMethod: Base.prototype.method, staticMethod: Base.staticMethod, classGetter: Object.getOwnPropertyDescriptor(Base.prototype, 'value').get,
  callSecret: Base.prototype.callSecret, field: new Base(1).field, derivedMethod: Derived.prototype.method, defaults, asyncDefaults, WithFields }
`

function instrumentedRealm(): vm.Context {
  const realm = vm.createContext({})
  const global = vm.runInContext('globalThis', realm) as Record<string, unknown>
  Object.defineProperty(global, '__probeprof', { value: install({ writeOnExit: false, quiet: true }), enumerable: false })
  hideProbesFromToString(global as never)
  return realm
}

function originalText(name: string): string {
  const plain = vm.createContext({})
  vm.runInContext(KINDS, plain)
  return vm.runInContext(`String(kinds.${name})`, plain) as string
}

describe('toString per function kind, in a realm of its own', () => {
  const result = transformSource(KINDS, 'kinds.js', { sourceMaps: false, runtime: 'global' })!
  const realm = instrumentedRealm()
  vm.runInContext(result.code, realm)
  const names = Object.keys(vm.runInContext('kinds', realm) as object)

  it.each(names)('%s shows its source as written', (name) => {
    const text = vm.runInContext(`String(kinds.${name})`, realm) as string
    expect(text).not.toContain('__pp')
    expect(text).toBe(originalText(name))
    expect(KINDS).toContain(text)
  })

  it('the functions ran instrumented: the probes are in the code, not in its text', () => {
    expect(result.code).toContain('__pp')
    vm.runInContext('kinds.declared(1); kinds.classMethod.call({ v: 1 })', realm)
    const report = (vm.runInContext('globalThis.__probeprof', realm) as { snapshot(): { functions: { name: string; calls: number }[] } }).snapshot()
    expect(report.functions.find((row) => row.name === 'declared')?.calls).toBeGreaterThanOrEqual(1)
  })

  it('new Function(String(fn)) in a realm without the runtime runs the original code', () => {
    const bare = vm.createContext({})
    const source = vm.runInContext('String(kinds.declared)', realm) as string
    expect(vm.runInContext(`new Function(${JSON.stringify(`return (${source})(3)`)})()`, bare)).toBe(5)
    const arrow = vm.runInContext('String(kinds.arrowObject)', realm) as string
    expect(vm.runInContext(`(${arrow})(4).x`, bare)).toBe(4)
    const classText = vm.runInContext('String(kinds.Base)', realm) as string
    expect(vm.runInContext(`new (${classText})(6).callSecret()`, bare)).toBe(42)
  })

  it('reprinted by esbuild with the markers left in (it keeps some, drops others): no probe in any text, and the text runs', () => {
    const reprinted = esbuild.transformSync(result.code, { loader: 'js' }).code
    const again = instrumentedRealm()
    vm.runInContext(reprinted, again)
    const bare = vm.createContext({})
    for (const name of names) {
      const text = vm.runInContext(`String(kinds.${name})`, again) as string
      expect(text, name).not.toContain('__pp')
      expect(text, name).not.toContain('\u2063')
    }
    expect(vm.runInContext(`(${vm.runInContext('String(kinds.defaults)', again) as string})(2)`, bare)).toEqual([2, 4, '4'])
    expect(vm.runInContext(`new (${vm.runInContext('String(kinds.WithFields)', again) as string})().read()`, bare)).toEqual(['one', '1', [2]])
  })

  it('the wrapper looks native: text, name, length, attributes, realm, no prototype', () => {
    const check = vm.runInContext(
      `(() => { const t = Function.prototype.toString; const d = Object.getOwnPropertyDescriptor(Function.prototype, 'toString');
        return [t.toString(), String(t), t.name, t.length, d.enumerable, d.writable, d.configurable, Object.getPrototypeOf(t) === Function.prototype,
          'prototype' in t, (() => { try { new t(); return 'constructed' } catch (e) { return e instanceof TypeError } })(),
          (() => { try { t.call({}); return 'no error' } catch (e) { return e instanceof TypeError } })(), String(Math.max)] })()`,
      realm,
    )
    expect(check).toEqual([
      'function toString() { [native code] }', 'function toString() { [native code] }', 'toString', 0, false, true, true, true,
      false, true, true, 'function max() { [native code] }',
    ])
  })
})
