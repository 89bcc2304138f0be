// Inputs shared by the library drivers: files that `npm ci` puts in node_modules, read in a stable order.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

export const repoRoot = new URL('../../../', import.meta.url).pathname

/** Files under `dirs` (relative to the repo) whose name matches `pattern`, sorted, skipping nested node_modules. */
export function filesUnder(dirs, pattern) {
  const out = []
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) walk(path)
      else if (pattern.test(name)) out.push(path)
    }
  }
  for (const dir of dirs) walk(join(repoRoot, dir))
  return out.map((path) => ({ name: relative(repoRoot, path), text: readFileSync(path, 'utf8') }))
}
