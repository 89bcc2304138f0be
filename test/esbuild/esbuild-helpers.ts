// Shared by the esbuild plugin's tests: fixtures copied to a scratch directory (tests may edit them), real
// esbuild builds with or without the plugin, and the exact call counts of a report.
import { cpSync } from 'node:fs'
import { join } from 'node:path'
import probeprof, { type ProbeprofEsbuildOptions } from '@probeprof/esbuild'
import * as esbuild from 'esbuild'
import type { ProfileReport } from '@probeprof/runtime/report'
import { repoRoot, tempDir } from '../helpers/app.js'

export const fixturesDir = join(repoRoot, 'test/esbuild/fixtures')

/** A fresh copy of `test/esbuild/fixtures/<name>` under .tmp/, with the directory it is in. */
export function copyFixture(name: string): string {
  const dir = join(tempDir(`${name}-`), name)
  cpSync(join(fixturesDir, name), dir, { recursive: true })
  return dir
}

/** A build with the plugin on (plugin options given) or without it (plugin: undefined); errors are returned, not thrown. */
export async function build(
  options: esbuild.BuildOptions,
  plugin: ProbeprofEsbuildOptions | undefined,
): Promise<esbuild.BuildResult> {
  return esbuild.build({
    logLevel: 'silent',
    ...options,
    plugins: [...(plugin === undefined ? [] : [probeprof({ enabled: true, ...plugin })]), ...(options.plugins ?? [])],
  })
}

/** `{ name: calls }` of every function in the report whose file ends with `fileSuffix` (if given). */
export function callCounts(report: ProfileReport, fileSuffix = ''): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const fn of report.functions) if (fn.file.endsWith(fileSuffix)) counts[`${fn.file.split('/').pop()}:${fn.name}`] = fn.calls
  return counts
}
