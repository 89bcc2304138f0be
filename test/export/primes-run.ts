// A real report to export: the primes app built with the esbuild plugin and run in a Node process.
import { join } from 'node:path'
import { buildApp, repoRoot, runNode, tempDir } from '../helpers/app.js'

export const BIN = join(repoRoot, 'packages/probeprof/bin/probeprof.js')

export async function recordPrimes(env: Record<string, string> = {}): Promise<{ dir: string; report: string }> {
  const dir = tempDir('primes-export-')
  await buildApp({ entryPoints: [join(repoRoot, 'fixtures/primes/src/slow.ts')], outdir: dir, plugin: { enabled: true } })
  const report = join(dir, 'probeprof.json')
  // precise unless asked otherwise: the exports are checked function by function, and precise gives every
  // function a measured time (the default, sampled, gives a function shorter than its interval 0 or one sample)
  const run = runNode(join(dir, 'slow.mjs'), { env: { PROBEPROF_OUT: report, PROBEPROF_QUIET: '1', PROBEPROF_CLOCK: 'precise', ...env } })
  if (run.status !== 0) throw new Error(`primes failed: ${run.stderr}`)
  return { dir, report }
}
