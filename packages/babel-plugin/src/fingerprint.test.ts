import { describe, expect, it } from 'vitest'
import { transformSource } from './transform.js'

/** The local ids of the functions whose entry passes their arguments (`.f(id,…)`), with what they pass. */
function fingerprinted(code: string): string[] {
  const out = transformSource(code, '/src/a.ts', { root: '/', sourceMaps: false, args: true })!.code
  return [...out.matchAll(/\(\)\.f\((\d+),([^)]*)\)/g)].map((match) => `${match[1]}:${match[2]}`)
}

describe('which functions the args option fingerprints', () => {
  it('plain identifier parameters of sync functions and arrows, typed or not', () => {
    expect(fingerprinted('function fib(n: number) { return n }\nconst sq = (x, y?: number) => x * (y ?? 1)')).toEqual(['1:n', '2:x,y'])
  })

  it('not defaults, rest, destructuring, no parameters, `this: T`, async functions, generators or methods', () => {
    const code = [
      'function a(x = 1) { return x }',
      'function b(...xs) { return xs }',
      'function c({ x }) { return x }',
      'function d() { return 1 }',
      'function e(this: Window, x) { return x }',
      'async function f(x) { return x }',
      'function* g(x) { yield x }',
      'const o = { m(x) { return x } }',
      'class K { m(x) { return x } }',
    ].join('\n')
    expect(fingerprinted(code)).toEqual([])
  })

  it('not a function whose result may depend on this, arguments, new.target, super or a direct eval, unless a nested function has them', () => {
    const code = [
      'function z(x) { return eval("arguments[1]") }',
      'function a(x) { return this.y + x }',
      'function b(x) { return arguments.length }',
      'function c(x) { return new.target ? 1 : x }',
      'const d = (x) => this',
      'function e(x) { const inner = function () { return this }; return x }',
    ].join('\n')
    expect(fingerprinted(code)).toEqual(['6:x'])
  })

  it('wraps each return value of the function itself, not those of the functions inside it', () => {
    const out = transformSource('function f(x) { if (x) return x + 1; const g = () => { return 2 }; return g() }', '/src/a.ts', { root: '/', sourceMaps: false, args: true })!.code
    expect(out.match(/\.fr\(__ppk,\(/g)).toHaveLength(2)
    expect(out).toContain('return /*⁣pp{*/__pp')
  })

  it('changes nothing without the option', () => {
    const code = 'function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2) }'
    expect(transformSource(code, '/src/a.ts', { root: '/', sourceMaps: false, args: false })!.code).toBe(
      transformSource(code, '/src/a.ts', { root: '/', sourceMaps: false })!.code,
    )
  })
})
