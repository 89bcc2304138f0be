import { describe, expect, it } from 'vitest'
import { fileFilter, onLoadFilter, type FilterOptions } from './file-filter.js'

const ROOT = '/home/dev/app'
const PATHS = [
  `${ROOT}/src/main.ts`,
  `${ROOT}/src/view.tsx`,
  `${ROOT}/src/types.d.ts`,
  `${ROOT}/src/style.css`,
  `${ROOT}/scripts/build.mjs`,
  `${ROOT}/src/generated/table.ts`,
  `${ROOT}/node_modules/three/src/math/Vector3.js`,
  `${ROOT}/node_modules/@scope/pkg/index.cjs`,
  `${ROOT}/node_modules/three/node_modules/other/index.js`,
  `${ROOT}/node_modules/.pnpm/three@0.187.0/node_modules/three/src/core/Object3D.js`,
  `${ROOT}/node_modules_old/x.js`,
  `${ROOT}/node_modules/@probeprof/runtime/dist/recorder.js`,
  '/home/dev/other/src/main.ts',
]

function accepted(options: Partial<FilterOptions>): string[] {
  const full: FilterOptions = { root: ROOT, include: [], exclude: [], nodeModules: false, neverInstrument: [`${ROOT}/node_modules/@probeprof/runtime/`], ...options }
  const goSide = onLoadFilter(full)
  const exact = fileFilter(full)
  const result = PATHS.filter((path) => exact(path))
  for (const path of result) expect(goSide.test(path), `the Go filter must let ${path} through`).toBe(true)
  return result.map((path) => path.slice(ROOT.length + 1))
}

describe('file filter', () => {
  it('default: project sources only, no declarations, nothing outside the root or in node_modules', () => {
    expect(accepted({})).toEqual(['src/main.ts', 'src/view.tsx', 'scripts/build.mjs', 'src/generated/table.ts', 'node_modules_old/x.js'])
    expect(onLoadFilter({ root: ROOT, include: [], exclude: [], nodeModules: false, neverInstrument: [] }).test(`${ROOT}/node_modules/three/src/math/Vector3.js`)).toBe(false)
  })

  it('include and exclude globs, relative to the root', () => {
    expect(accepted({ include: ['src/**'], exclude: ['src/generated/**'] })).toEqual(['src/main.ts', 'src/view.tsx'])
    const goSide = onLoadFilter({ root: ROOT, include: ['src/**'], exclude: [], nodeModules: false, neverInstrument: [] })
    expect(goSide.test(`${ROOT}/scripts/build.mjs`)).toBe(false)
  })

  it('nodeModules: true takes every package (pnpm layout too), never the runtime', () => {
    expect(accepted({ nodeModules: true, include: ['src/main.ts'] })).toEqual([
      'src/main.ts',
      'node_modules/three/src/math/Vector3.js',
      'node_modules/@scope/pkg/index.cjs',
      'node_modules/three/node_modules/other/index.js',
      'node_modules/.pnpm/three@0.187.0/node_modules/three/src/core/Object3D.js',
    ])
  })

  it('nodeModules: [names] takes those packages, decided by the innermost node_modules', () => {
    expect(accepted({ nodeModules: ['three', '@scope/pkg'], include: ['src/main.ts'] })).toEqual([
      'src/main.ts',
      'node_modules/three/src/math/Vector3.js',
      'node_modules/@scope/pkg/index.cjs',
      'node_modules/.pnpm/three@0.187.0/node_modules/three/src/core/Object3D.js',
    ])
    expect(accepted({ nodeModules: ['other'], include: ['src/main.ts'] })).toEqual(['src/main.ts', 'node_modules/three/node_modules/other/index.js'])
  })

  it('exclude applies to dependencies, from the root or from node_modules/', () => {
    expect(accepted({ nodeModules: ['three'], include: ['none'], exclude: ['node_modules/three/src/math/**'] })).toEqual([
      'node_modules/.pnpm/three@0.187.0/node_modules/three/src/core/Object3D.js',
    ])
  })
})
