// How the runtime benchmarks build what they run: entry points bundled into Node ESM `.mjs` files, once plain and
// once with the probeprof plugin on, so both builds differ only by the plugin.
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import probeprof from '@probeprof/esbuild'
import * as esbuild from 'esbuild'

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..')

/**
 * Bundles `entryPoints` into `outdir` for Node (ESM, `.mjs`), with `probeprof({ enabled: true, ...pluginOptions })`
 * when `pluginOptions` is given, plain when it is `false`; `options` are added to (or override) the esbuild options.
 */
export async function buildForNode(entryPoints, outdir, pluginOptions, options = {}) {
  mkdirSync(outdir, { recursive: true })
  await esbuild.build({
    entryPoints,
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'warning',
    absWorkingDir: repoRoot,
    plugins: pluginOptions === false ? [] : [probeprof({ enabled: true, ...pluginOptions })],
    ...options,
  })
  return outdir
}
