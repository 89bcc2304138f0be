import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

/** Runs `tsc -b` so tests always see dist/ built from the current sources, then bundles the HTML report's page. */
export default function setup(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
  execFileSync(process.execPath, [tsc, '-b'], { stdio: 'inherit' })
  execFileSync(process.execPath, [fileURLToPath(new URL('../../packages/probeprof/scripts/build-page.mjs', import.meta.url))], { stdio: 'inherit' })
}
