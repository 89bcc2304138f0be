// Builds test/runtime/programs/*.ts twice, plain and with the esbuild plugin, and runs them in real Node processes.
import { join } from 'node:path'
import type { ProfileReport } from '@probeprof/runtime/report'
import { buildApp, readReport, repoRoot, runNode, tempDir, type RunResult } from '../helpers/app.js'

export const programsDir = join(repoRoot, 'test/runtime/programs')

export interface BuiltPrograms {
  dir: string
  plain(name: string): string
  instrumented(name: string): string
}

export async function buildPrograms(names: string[]): Promise<BuiltPrograms> {
  const dir = tempDir('runtime-')
  const entryPoints = names.map((name) => join(programsDir, `${name}.ts`))
  await buildApp({ entryPoints, outdir: join(dir, 'plain') })
  await buildApp({ entryPoints, outdir: join(dir, 'instrumented'), plugin: { enabled: true } })
  return {
    dir,
    plain: (name) => join(dir, 'plain', `${name}.mjs`),
    instrumented: (name) => join(dir, 'instrumented', `${name}.mjs`),
  }
}

export interface ProfiledRun extends RunResult {
  report: ProfileReport
  reportPath: string
}

/** Runs an instrumented program with its report in a fresh file; `env` adds PROBEPROF_* settings. */
export function runProfiled(built: BuiltPrograms, name: string, env: Record<string, string> = {}, args: string[] = []): ProfiledRun {
  const reportPath = join(built.dir, `${name}-${Object.values(env).join('-') || 'default'}.json`)
  const run = runNode(built.instrumented(name), { env: { PROBEPROF_OUT: reportPath, PROBEPROF_QUIET: '1', ...env }, args })
  if (run.status !== 0) throw new Error(`${name} exited with ${run.status ?? run.signal}: ${run.stderr}`)
  return { ...run, report: readReport(reportPath), reportPath }
}

/** The edge caller → callee by function names, or undefined. */
export function edgeBetween(report: ProfileReport, caller: string, callee: string) {
  const index = (name: string) => report.functions.findIndex((fn) => fn.name === name)
  return report.edges.find((edge) => edge.caller === index(caller) && edge.callee === index(callee))
}
