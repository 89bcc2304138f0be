// @probeprof/esbuild: `plugins: [probeprof()]`. With PROBEPROF=1 (or `enabled: true`) every function of the
// project's sources (and, with `nodeModules: true`, of its dependencies) gets probes, and the runtime is
// bundled in; otherwise the plugin registers no hooks at all and the build is byte-identical to one without it.

import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, extname, resolve } from 'node:path'
import { InstrumentError, transformSource } from '@probeprof/babel-plugin'
import type { Loader, Plugin, PluginBuild } from 'esbuild'
import { fileFilter, onLoadFilter } from './file-filter.js'
import { resolveEsbuildOptions, type ProbeprofEsbuildOptions, type ResolvedEsbuildOptions } from './options.js'

export type { ProbeprofEsbuildOptions } from './options.js'

const RUNTIME_SPECIFIER = 'probeprof:runtime'
const NAMESPACE = 'probeprof'
const DEFAULT_LOADERS: Record<string, Loader> = {
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.tsx': 'tsx',
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
  '.jsx': 'jsx',
}

const require = createRequire(import.meta.url)
const runtimeInstall = require.resolve('@probeprof/runtime/install')
const runtimeDir = dirname(require.resolve('@probeprof/runtime/package.json'))

export default function probeprof(options?: ProbeprofEsbuildOptions): Plugin {
  const resolved = resolveEsbuildOptions(options, process.env)
  if (typeof resolved === 'string') {
    return {
      name: 'probeprof',
      setup(build) {
        build.onStart(() => ({ errors: [{ text: `@probeprof/esbuild: ${resolved}` }] }))
      },
    }
  }
  if (!resolved.enabled) return { name: 'probeprof', setup() {} }
  return { name: 'probeprof', setup: (build) => setupInstrumentation(build, resolved) }
}

function setupInstrumentation(build: PluginBuild, options: ResolvedEsbuildOptions): void {
  const root = resolve(options.root ?? build.initialOptions.absWorkingDir ?? process.cwd())
  const shouldInstrument = fileFilter({
    root,
    include: options.include,
    exclude: options.exclude,
    neverInstrument: [runtimeDir + '/'],
  })
  const sourceMaps = Boolean(build.initialOptions.sourcemap)
  const userLoaders = build.initialOptions.loader ?? {}

  // The runtime, with this build's defaults baked in; every instrumented file imports it, so a bundle holds one copy.
  build.onResolve({ filter: /^probeprof:runtime$/ }, () => ({ path: RUNTIME_SPECIFIER, namespace: NAMESPACE }))
  build.onLoad({ filter: /^probeprof:runtime$/, namespace: NAMESPACE }, () => ({
    contents:
      `import { install } from ${JSON.stringify(runtimeInstall)};\n` +
      `export const runtime = install(${JSON.stringify({ out: options.out, clock: options.clock })});\n`,
    loader: 'js',
    resolveDir: root,
  }))

  build.onLoad({ filter: onLoadFilter(root, options.nodeModules), namespace: 'file' }, async (args) => {
    if (!shouldInstrument(args.path)) return undefined
    const code = await readFile(args.path, 'utf8')
    const loader = userLoaders[extname(args.path)] ?? DEFAULT_LOADERS[extname(args.path)] ?? 'js'
    try {
      const result = transformSource(code, args.path, { root, runtimeModule: RUNTIME_SPECIFIER, sourceMaps })
      if (result === null) return undefined
      const map = result.map ? `\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(result.map)).toString('base64')}` : ''
      return { contents: result.code + map, loader, resolveDir: dirname(args.path) }
    } catch (error) {
      if (!(error instanceof InstrumentError)) throw error
      // Babel cannot parse it: bundle it as written, uninstrumented, and say so once.
      return {
        contents: code,
        loader,
        resolveDir: dirname(args.path),
        warnings: [{ text: `probeprof: not instrumented: ${error.message}` }],
      }
    }
  })
}
