// How instrumented files reach the runtime. The user installs nothing: the plugin supplies it.
//
// Bundled builds: every instrumented file imports a small module that installs the runtime with this build's
// options, so a bundle (or each chunk set of a split build) holds one copy. It is a real file (written once per
// set of options, next to the cache) and every file imports it by its absolute path: esbuild resolves that in Go,
// where a virtual module would cost a round trip to JavaScript for each of the build's modules (on three.js that
// made esbuild 1.6× slower than on the same files importing a real path; bench: build/instrumented-floor). Where
// no file can be written, the virtual module `probeprof:runtime` serves instead.
//
// Unbundled builds (`bundle: false`): esbuild resolves no imports, so the specifier must already work in the
// output. The plugin writes the runtime, bundled and with the build's options baked in, next to the output
// (`<outdir>/probeprof-runtime.mjs`, or `.cjs` for CommonJS output), and each instrumented file imports it by
// its path relative to that file's own output. Where a file's output goes is esbuild's business (outbase, glob
// entry points, entryNames), so the plugin asks esbuild: a build of the same entry points with empty contents
// and a metafile, which costs no parsing.
//
// Either way the runtime is the realm's one profiler on globalThis.__probeprof: two bundles on a page share it.

import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename, dirname, join, relative, resolve, sep } from 'node:path'
import type { BuildResult, OutputFile, PluginBuild } from 'esbuild'
import type { RuntimeOptions } from '@probeprof/runtime/install'

export const RUNTIME_SPECIFIER = 'probeprof:runtime'
const NAMESPACE = 'probeprof'
const RUNTIME_FILE = 'probeprof-runtime'

const require = createRequire(import.meta.url)
const runtimeInstall = require.resolve('@probeprof/runtime/install')
/** The runtime package's directory, with a trailing separator: its own files are never instrumented. */
export const runtimeDirectory = dirname(require.resolve('@probeprof/runtime/package.json')) + sep

function runtimeSource(options: Readonly<RuntimeOptions>): string {
  return (
    `import { install } from ${JSON.stringify(runtimeInstall)};\n` +
    `export const runtime = install(${JSON.stringify(options)});\n`
  )
}

/**
 * Bundled builds: the absolute path of `<directory>/probeprof-runtime-<hash>.mjs`, the module that installs the
 * runtime with these options (written if missing, atomically: concurrent builds may race for it), or undefined
 * when it cannot be written.
 */
export function bundledRuntimeFile(directory: string, options: Readonly<RuntimeOptions>): string | undefined {
  const source = runtimeSource(options)
  const file = join(directory, `${RUNTIME_FILE}-${createHash('sha256').update(source).digest('hex').slice(0, 16)}.mjs`)
  if (existsSync(file)) return file
  const temp = `${file}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`
  try {
    mkdirSync(directory, { recursive: true })
    writeFileSync(temp, source)
    renameSync(temp, file)
    return file
  } catch {
    try {
      rmSync(temp, { force: true })
    } catch {
      // the directory itself is unusable: there is no temporary file to remove
    }
    return undefined
  }
}

/** Bundled builds where no runtime file can be written: `probeprof:runtime` resolves to a virtual module. */
export function provideBundledRuntime(build: PluginBuild, options: Readonly<RuntimeOptions>, root: string): void {
  build.onResolve({ filter: /^probeprof:runtime$/ }, () => ({ path: RUNTIME_SPECIFIER, namespace: NAMESPACE }))
  build.onLoad({ filter: /^probeprof:runtime$/, namespace: NAMESPACE }, () => ({
    contents: runtimeSource(options),
    loader: 'js',
    resolveDir: root,
  }))
}

/** Unbundled builds: the runtime file in the output, and the specifier of it for each input file. */
export class UnbundledRuntime {
  /** absolute input path → absolute output path, for this build's entry points */
  private outputs = new Map<string, string>()
  private runtimeFile: string | undefined

  constructor(
    private readonly build: PluginBuild,
    private readonly options: Readonly<RuntimeOptions>,
  ) {}

  /** In onStart: where each entry point's output goes (entry globs may match new files on a rebuild). */
  async prepare(): Promise<string | undefined> {
    const initial = this.build.initialOptions
    const workingDir = initial.absWorkingDir ?? process.cwd()
    const outdir = initial.outdir ?? (initial.outfile === undefined ? undefined : dirname(initial.outfile))
    if (outdir === undefined) {
      return 'an unbundled build needs `outdir` or `outfile`: the probeprof runtime is written next to the output'
    }
    this.runtimeFile = resolve(workingDir, outdir, RUNTIME_FILE + this.extension())
    this.outputs = new Map()
    let layout: BuildResult<{ metafile: true }>
    try {
      layout = await this.build.esbuild.build({
        ...initial,
        plugins: [emptyContents],
        write: false,
        metafile: true,
        sourcemap: false,
        logLevel: 'silent',
        allowOverwrite: true,
      })
    } catch {
      return undefined // the build itself fails the same way, and reports why in its own words
    }
    for (const [output, meta] of Object.entries(layout.metafile.outputs)) {
      if (meta.entryPoint !== undefined) this.outputs.set(resolve(workingDir, meta.entryPoint), resolve(workingDir, output))
    }
    return undefined
  }

  /** `./probeprof-runtime.mjs`, `../../probeprof-runtime.cjs`…, or undefined for a file that is no entry point. */
  specifierFor(inputPath: string): string | undefined {
    const output = this.outputs.get(inputPath)
    if (output === undefined || this.runtimeFile === undefined) return undefined
    const path = relative(dirname(output), this.runtimeFile).split(sep).join('/')
    return path.startsWith('.') ? path : `./${path}`
  }

  /** In onEnd: writes the runtime file (or adds it to `outputFiles` when `write: false`). */
  async emit(result: BuildResult): Promise<void> {
    if (this.runtimeFile === undefined) return
    const initial = this.build.initialOptions
    const write = initial.write !== false
    const runtime = await this.build.esbuild.build({
      stdin: { contents: runtimeSource(this.options), resolveDir: dirname(runtimeInstall), sourcefile: basename(this.runtimeFile) },
      bundle: true,
      format: this.extension() === '.mjs' ? 'esm' : 'cjs',
      platform: initial.platform ?? 'node',
      target: initial.target,
      minify: initial.minify,
      charset: initial.charset,
      outfile: this.runtimeFile,
      write,
      logLevel: 'silent',
    })
    if (!write && result.outputFiles !== undefined) result.outputFiles.push(...(runtime.outputFiles as OutputFile[]))
  }

  /** ES module output gets an ES module runtime; CommonJS and IIFE output (which calls `require`) a CommonJS one. */
  private extension(): '.mjs' | '.cjs' {
    const { format, platform } = this.build.initialOptions
    if (format === 'esm') return '.mjs'
    if (format === 'cjs' || format === 'iife') return '.cjs'
    // format left as written: a CommonJS file with Node's export annotation serves import and require alike
    return (platform ?? 'browser') === 'node' ? '.cjs' : '.mjs'
  }
}

const emptyContents = {
  name: 'probeprof-layout',
  setup(build: PluginBuild) {
    build.onLoad({ filter: /\.(?:[cm]?[jt]s|[jt]sx)$/ }, () => ({ contents: '', loader: 'js' as const }))
  },
}

