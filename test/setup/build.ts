import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'

/** Runs `tsc -b` so tests always see dist/ built from the current sources. */
export default function setup(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
  execFileSync(process.execPath, [tsc, '-b'], { stdio: 'inherit' })
}
