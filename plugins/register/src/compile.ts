// What the ES module hooks and the CommonJS require hook share: the options a loader takes from the environment,
// and TypeScript's compile step (esbuild's transform, the instrumented code's inline map as its input map).

import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { ProbeprofOptions } from '@probeprof/plugin-core'
import { transformSync, type TransformOptions } from 'esbuild'

export const TYPESCRIPT = /\.(c|m)?tsx?$/

/**
 * The options of a run: there is no build script to hold them, so they come from the environment.
 * PROBEPROF_NODE_MODULES=1 (or `three,lodash`) instruments dependencies too; the rest as the bundler plugins.
 */
export function registerOptions(env: Record<string, string | undefined>): ProbeprofOptions {
  const nodeModules = env.PROBEPROF_NODE_MODULES
  return {
    enabled: true,
    workers: 0,
    nodeModules: nodeModules === undefined || nodeModules === '' || nodeModules === '0' ? false : nodeModules === '1' ? true : nodeModules.split(','),
  }
}

/** `.mts` is an ES module, `.cts` CommonJS, `.ts` what the nearest package.json's `type` says (default CommonJS, as Node). */
export function moduleFormatOf(path: string): 'module' | 'commonjs' {
  if (/\.mtsx?$/.test(path)) return 'module'
  if (/\.ctsx?$/.test(path)) return 'commonjs'
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    try {
      const type = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { type?: string }).type
      return type === 'module' ? 'module' : 'commonjs'
    } catch {
      if (dirname(dir) === dir) return 'commonjs'
    }
  }
}

function compileOptions(path: string, format: 'esm' | 'cjs'): TransformOptions {
  return { loader: /x$/.test(path) ? 'tsx' : 'ts', format, sourcemap: 'inline', sourcefile: path, target: `node${process.versions.node}` }
}

// Synchronous: a require hook (CommonJS, still to come) can only compile synchronously, and one path serves both.
export function compileTypeScriptSync(code: string, path: string, format: 'esm' | 'cjs'): string {
  return transformSync(code, compileOptions(path, format)).code
}
