// Runs the probeprof CLI two ways: in process through main(argv, io) with buffers, and spawned as a real
// process through bin/probeprof.js (exit codes, signals, stdin, the streams a user's shell sees).
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { main, type ExitStatus } from '../../packages/probeprof/dist/cli.js'
import { repoRoot } from './app.js'

export const probeprofBin = join(repoRoot, 'packages/probeprof/bin/probeprof.js')

export interface CliResult {
  status: ExitStatus
  stdout: string
  stderr: string
}

export async function runCli(argv: string[], options: { stdin?: string } = {}): Promise<CliResult> {
  let stdout = ''
  let stderr = ''
  const status = await main(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
  })
  return { status, stdout, stderr }
}

export interface SpawnResult {
  status: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export function spawnCli(argv: string[], options: { cwd?: string; input?: string; env?: Record<string, string | undefined> } = {}): SpawnResult {
  const result = spawnSync(process.execPath, [probeprofBin, ...argv], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, PROBEPROF: '', PROBEPROF_QUIET: '', PROBEPROF_OUT: '', ...options.env },
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 120_000,
  })
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr }
}
