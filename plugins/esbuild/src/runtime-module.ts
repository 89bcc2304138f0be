// How instrumented files reach the runtime in an esbuild build. The user installs nothing: the plugin supplies it.
//
// Bundled builds: every instrumented file imports the runtime file of @probeprof/plugin-core (`bundledRuntimeFile`)
// by its absolute path. Where no file can be written, the virtual module `probeprof:runtime` serves instead.
//
// Unbundled builds (`bundle: false`): esbuild resolves no imports, so the specifier must already work in the
// output. The plugin writes the runtime, bundled and with the build's options baked in, next to the output
// (`<outdir>/probeprof-runtime.mjs`, or `.cjs` for CommonJS output), and each instrumented file imports it by
// its path relative to that file's own output. Where a file's output goes is esbuild's business (outbase, glob
// entry points, entryNames), so the plugin asks esbuild: a build of the same entry points with empty contents
// and a metafile, which costs no parsing.

import { basename, dirname, relative, resolve, sep } from 'node:path'
import type { BuildResult, OutputFile, PluginBuild } from 'esbuild'
import { runtimeInstall, runtimeSource } from '@probeprof/plugin-core'
import type { RuntimeOptions } from '@probeprof/runtime/install'

export const RUNTIME_SPECIFIER = 'probeprof:runtime'
const NAMESPACE = 'probeprof'
const RUNTIME_FILE = 'probeprof-runtime'

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

