import picomatch from 'picomatch'
import { describe, expect, it } from 'vitest'
import { globToGoRegExp } from './glob-regexp.js'

const PATHS = [
  'src/main.ts',
  'src/a/b/c.tsx',
  'src/.hidden/x.ts',
  'lib/x.js',
  'lib/x.jsx',
  'lib/sub/x.js',
  'test/a.test.ts',
  'src/generated/table.ts',
  'node_modules/three/src/math/Vector3.js',
  'a.b/c{d}.ts',
  'src/[id].ts',
]

describe('globToGoRegExp', () => {
  for (const glob of ['src/**', 'src/**/*.ts', '**/*.{ts,tsx}', 'lib/*.js', 'lib/?.js', 'src/[ab]*.ts', '**/*.test.ts', '{src,lib}/**/*.{js,jsx}', 'a.b/c\\{d\\}.ts', './src/main.ts']) {
    it(`matches at least what picomatch matches: ${glob}`, () => {
      const source = globToGoRegExp(glob)
      expect(source).toBeDefined()
      const re = new RegExp(`^(?:${source})$`)
      const exact = picomatch(glob, { dot: true })
      for (const path of PATHS) if (exact(path)) expect(re.test(path), `${glob} should let ${path} through`).toBe(true)
    })
  }

  it('keeps files out that no glob could match', () => {
    const re = new RegExp(`^(?:${globToGoRegExp('src/**/*.ts')})$`)
    expect(re.test('lib/x.ts')).toBe(false)
    expect(re.test('src/x.js')).toBe(false)
  })

  it('uses only syntax Go understands: no lookaround, no backreferences', () => {
    for (const glob of ['src/**', '**/*.{ts,tsx}', 'src/[!a]*.ts', '{a,{b,c}}/*.js']) {
      expect(globToGoRegExp(glob)).not.toMatch(/\(\?[=!<]|\\\d/)
    }
  })

  it('gives up on what it cannot translate, so the caller falls back to a coarse filter', () => {
    expect(globToGoRegExp('!src/**')).toBeUndefined()
    expect(globToGoRegExp('src/!(generated)/**')).toBeUndefined()
    expect(globToGoRegExp('src/{a,b')).toBeUndefined()
  })
})
