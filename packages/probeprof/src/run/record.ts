// A script built once with probes in memory, then run as `node script` would run it, as many times as asked:
// `probeprof run` runs it once, `probeprof baseline --runs N` N times. Each run writes its report to `out`.

import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { ClockChoice } from '@probeprof/runtime/report'
import type { CliIO } from '../cli/command.js'
import { ProbeprofError } from '../errors.js'
import { bundleScript } from './bundle.js'
import { runChild, type ChildEnd } from './child.js'
import { writeRunConfig } from './config.js'

export interface PreparedScript {
  /** a temporary directory, removed by dispose() */
  work: string
  /** runs the script with `args`; its report goes to `out` (quiet: no stderr line about it) */
  run(args: readonly string[], out: string, quiet: boolean): Promise<ChildEnd>
  dispose(): void
}

export async function prepareScript(
  scriptArg: string,
  options: { cwd: string; nodeModules: boolean; clock: ClockChoice },
  io: CliIO,
): Promise<PreparedScript> {
  const { cwd, clock } = options
  const script = resolve(cwd, scriptArg)
  assertRunnable(scriptArg, script)
  const bundle = await bundleScript({ script, cwd, nodeModules: options.nodeModules })
  for (const warning of bundle.warnings) io.stderr.write(`probeprof: warning: ${warning}\n`)
  const work = mkdtempSync(join(tmpdir(), 'probeprof-run-'))
  const bundlePath = join(work, bundle.format === 'module' ? 'bundle.mjs' : 'bundle.cjs')
  writeFileSync(bundlePath, bundle.code)
  let runs = 0
  return {
    work,
    run(args, out, quiet) {
      const config = join(work, `run-${runs++}.json`)
      const preload = writeRunConfig(new URL('./preload.js', import.meta.url), config, { script, bundle: bundlePath, format: bundle.format, out, quiet, clock })
      return runChild(process.execPath, ['--import', preload, script, ...args], {
        cwd,
        streams: {
          stdin: io.stdin === undefined || io.stdin === process.stdin ? null : io.stdin,
          stdout: io.stdout === process.stdout ? null : io.stdout,
          stderr: io.stderr === process.stderr ? null : io.stderr,
        },
      })
    },
    dispose: () => rmSync(work, { recursive: true, force: true }),
  }
}

function assertRunnable(given: string, script: string): void {
  let isDirectory: boolean
  try {
    isDirectory = statSync(script).isDirectory()
  } catch {
    throw new ProbeprofError(`cannot run '${given}': no such file`)
  }
  if (isDirectory) throw new ProbeprofError(`cannot run '${given}': it is a directory; give the script to run, e.g. probeprof run ${given.replace(/\/$/, '')}/main.ts`)
}
