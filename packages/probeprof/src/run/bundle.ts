// `probeprof run`'s build: the script and its local imports bundled in memory with esbuild and the probeprof
// plugin on, in the module format Node would give the script, with a source map so stack traces point at the
// original lines.

import { existsSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import probeprof from '@probeprof/esbuild'
import type { BuildFailure, Message } from 'esbuild'
import { ProbeprofError } from '../errors.js'
import { declaredModuleFormat, type ModuleFormat } from '@probeprof/babel-plugin/source-type'

export interface BundleOptions {
  /** absolute path of the script */
  script: string
  /** the directory report paths are relative to, and esbuild's working directory */
  cwd: string
  /** instrument (and so bundle) node_modules too; otherwise dependencies stay external, loaded by Node */
  nodeModules: boolean
}

export interface Bundle {
  code: string
  format: ModuleFormat
  /** one line per warning, e.g. a file Babel could not parse and that runs uninstrumented */
  warnings: string[]
}

/**
 * esbuild's ES module output turns `require()` of bundled CommonJS code into a helper that fails on Node's
 * built-ins; a real `require` at the top makes it work as it does unbundled (esbuild renames user code's own
 * `require` bindings away from this name).
 */
const ESM_BANNER = "import { createRequire as __probeprofCreateRequire } from 'node:module'; const require = __probeprofCreateRequire(import.meta.url);"
const TOP_LEVEL_AWAIT_IN_CJS = /Top-level await is currently not supported with the "cjs" output format/

export async function bundleScript(options: BundleOptions): Promise<Bundle> {
  const declared = declaredModuleFormat(options.script)
  try {
    const bundle = await build(options, declared ?? 'commonjs')
    // no declared format and import/export in the script: Node runs it as an ES module
    if (declared === null && bundle.entryFormat === 'esm') return await build(options, 'module')
    return bundle
  } catch (error) {
    // top-level await in a script without a declared format: an ES module too (as tsx and Node see it)
    if (declared !== 'commonjs' && isBuildFailure(error) && error.errors.some((message) => TOP_LEVEL_AWAIT_IN_CJS.test(message.text))) {
      try {
        return await build(options, 'module')
      } catch (second) {
        throw explainBuildError(second, options)
      }
    }
    throw explainBuildError(error, options)
  }
}

async function build(options: BundleOptions, format: ModuleFormat): Promise<Bundle & { entryFormat: string | undefined }> {
  const esbuild = (await import('esbuild')) as typeof import('esbuild')
  const result = await esbuild.build({
    entryPoints: [options.script],
    absWorkingDir: options.cwd,
    bundle: true,
    write: false,
    outfile: options.script.replace(/\.[^./]*$/, '') + (format === 'module' ? '.mjs' : '.cjs'),
    platform: 'node',
    target: `node${process.versions.node}`,
    format: format === 'module' ? 'esm' : 'cjs',
    packages: options.nodeModules ? 'bundle' : 'external',
    sourcemap: 'inline',
    logLevel: 'silent',
    ...(format === 'module' ? { banner: { js: ESM_BANNER } } : {}),
    metafile: true,
    plugins: [probeprof({ enabled: true, nodeModules: options.nodeModules, root: instrumentedRoot(options.script, options.cwd) })],
  })
  const [output] = result.outputFiles
  const entry = Object.entries(result.metafile.inputs).find(([path]) => resolve(options.cwd, path) === options.script)
  return {
    code: output.text,
    format,
    warnings: result.warnings.map((warning) => describeMessage(warning)),
    entryFormat: entry?.[1].format,
  }
}

/**
 * The files the probes go into: those under the working directory, as a build run there would take them; a
 * script outside it (`probeprof run ../other/app.ts`) gets its own project's, the nearest directory above it with
 * a package.json (else its own directory), since nothing under the working directory would run.
 */
export function instrumentedRoot(script: string, cwd: string): string {
  const fromCwd = relative(cwd, script)
  if (!fromCwd.startsWith('..') && resolve(cwd, fromCwd) === script) return cwd
  for (let dir = dirname(script); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir
    if (dirname(dir) === dir) return dirname(script)
  }
}

function isBuildFailure(error: unknown): error is BuildFailure {
  return error instanceof Error && Array.isArray((error as Partial<BuildFailure>).errors)
}

function explainBuildError(error: unknown, options: BundleOptions): Error {
  if (!isBuildFailure(error) || error.errors.length === 0) return error instanceof Error ? error : new Error(String(error))
  const [first, ...more] = error.errors
  const others = more.length > 0 ? ` (and ${more.length} more error${more.length > 1 ? 's' : ''})` : ''
  return new ProbeprofError(`cannot build '${relativeTo(options.cwd, options.script)}': ${describeMessage(first)}${others}`)
}

/** `file:line:column: text`, esbuild's message on one line. */
export function describeMessage(message: Message): string {
  const where = message.location ? `${message.location.file}:${message.location.line}:${message.location.column}: ` : ''
  return `${where}${message.text}`
}

function relativeTo(cwd: string, path: string): string {
  return path.startsWith(cwd + '/') ? path.slice(cwd.length + 1) : path
}
