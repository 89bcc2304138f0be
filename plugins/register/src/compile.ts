// What the ES module hooks and the CommonJS require hook share: the options a loader takes from the environment,
// and TypeScript's compile step (esbuild's transform, the instrumented code's inline map as its input map).

import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { declaredModuleFormat, type ModuleFormat } from '@probeprof/babel-plugin/source-type'
import type { ProbeprofOptions } from '@probeprof/plugin-core'
import { buildSync, transformSync, type Message, type TransformOptions } from 'esbuild'

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
export function moduleFormatOf(path: string): ModuleFormat {
  return declaredModuleFormat(path) ?? 'commonjs' // Node 20 loads an undeclared .ts as CommonJS
}

function compileOptions(path: string, format: 'esm' | 'cjs'): TransformOptions {
  return { loader: /x$/.test(path) ? 'tsx' : 'ts', format, sourcemap: 'inline', sourcefile: path, target: `node${process.versions.node}` }
}

/** esbuild's failure to compile a file as one line, `file:line:column: text`; undefined for any other error. */
export function compileFailure(error: unknown): string | undefined {
  const first = (error as { errors?: Message[] } | undefined)?.errors?.[0]
  if (first === undefined) return undefined
  const at = first.location === null ? '' : `${first.location.file}:${first.location.line}:${first.location.column}: `
  return at + first.text
}

/**
 * The module that stands for a file that does not compile: it throws the failure where the file would have run, so
 * the error names the file and its importers (as a syntax error in JavaScript does), not our hooks or esbuild.
 */
export function failingModule(failure: string): string {
  return `throw new SyntaxError(${JSON.stringify(failure)})\n`
}

// Synchronous: the require hook's files are compiled while require() waits, and one path serves both.
export function compileTypeScriptSync(code: string, path: string, format: 'esm' | 'cjs'): string {
  return transformSync(code, compileOptions(path, format)).code
}

/**
 * The CommonJS twin of the runtime file (`…/probeprof-runtime-<hash>.cjs` beside the `.mjs`), which instrumented
 * CommonJS files require: the `.mjs` bundled by esbuild, runtime included, as a CommonJS bundle holds it (Node 20
 * before 20.19 cannot require an ES module). Both install the realm's one profiler on globalThis.__probeprof, so
 * an app mixing ES modules and CommonJS writes one report. Written atomically (processes of one run race for it);
 * undefined when it cannot be written, and CommonJS files then run as written.
 */
export function commonJsRuntimeFile(runtimeFile: string): string | undefined {
  const file = runtimeFile.replace(/\.mjs$/, '.cjs')
  if (existsSync(file)) return file
  const temp = `${file}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`
  try {
    const bundle = buildSync({ entryPoints: [runtimeFile], bundle: true, format: 'cjs', platform: 'node', target: 'node20', write: false, logLevel: 'silent' })
    writeFileSync(temp, bundle.outputFiles[0]!.contents)
    renameSync(temp, file)
    return file
  } catch {
    rmSync(temp, { force: true })
    return undefined
  }
}
