// Build a fixture with esbuild (with or without the probeprof plugin) and run it in a real Node process.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import probeprof, { type ProbeprofEsbuildOptions } from '@probeprof/esbuild'
import * as esbuild from 'esbuild'
import type { ProfileReport } from '@probeprof/runtime/report'

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..')

export function tempDir(prefix = 'probeprof-test-'): string {
  const base = join(repoRoot, '.tmp')
  mkdirSync(base, { recursive: true })
  return mkdtempSync(join(base, prefix))
}

export interface BuildOptions {
  entryPoints: string[]
  outdir: string
  /** undefined: no plugin at all */
  plugin?: ProbeprofEsbuildOptions
  esbuild?: esbuild.BuildOptions
}

export async function buildApp(options: BuildOptions): Promise<esbuild.BuildResult> {
  return esbuild.build({
    entryPoints: options.entryPoints,
    outdir: options.outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'silent',
    absWorkingDir: repoRoot,
    plugins: options.plugin === undefined ? [] : [probeprof(options.plugin)],
    ...options.esbuild,
  })
}

export interface RunResult {
  status: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export function runNode(script: string, options: { env?: Record<string, string>; args?: string[]; cwd?: string; input?: string } = {}): RunResult {
  const result = spawnSync(process.execPath, [script, ...(options.args ?? [])], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, PROBEPROF: '', PROBEPROF_QUIET: '', PROBEPROF_OUT: '', ...options.env },
    input: options.input,
    encoding: 'utf8',
    timeout: 120_000,
  })
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr }
}

export function readReport(path: string): ProfileReport {
  return JSON.parse(readFileSync(path, 'utf8')) as ProfileReport
}

/** The row of a function by name (and file suffix when given); fails loudly when absent or ambiguous. */
export function functionRow(report: ProfileReport, name: string, file?: string) {
  const rows = report.functions.filter((fn) => fn.name === name && (file === undefined || fn.file.endsWith(file)))
  if (rows.length !== 1) throw new Error(`expected one function '${name}' in the report, found ${rows.length}`)
  return rows[0]
}
