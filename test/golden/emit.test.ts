// What the Babel plugin emits, as a file to read: test/golden/emit/kinds.ts (one simple function of each kind)
// through transformSource must give test/golden/emit/kinds.instrumented.ts byte for byte, and
// packages/babel-plugin/README.md shows both files as they are. A change to the probes shows here as a diff of
// the golden file; regenerate it with PROBEPROF_UPDATE_GOLDEN=1 and read the diff before committing it.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { transformSource } from '@probeprof/babel-plugin'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../helpers/app.js'

const INPUT = 'test/golden/emit/kinds.ts'
const GOLDEN = 'test/golden/emit/kinds.instrumented.ts'

function emitted(): string {
  return transformSource(readFileSync(join(repoRoot, INPUT), 'utf8'), INPUT, { root: repoRoot, sourceMaps: false }).code
}

describe('what the Babel plugin emits for each kind of function', () => {
  it('equals the golden file', () => {
    const code = emitted()
    if (process.env.PROBEPROF_UPDATE_GOLDEN === '1') writeFileSync(join(repoRoot, GOLDEN), code)
    expect(code).toBe(readFileSync(join(repoRoot, GOLDEN), 'utf8'))
  })

  it('wraps each of the seven functions and the module, and nothing else', () => {
    const code = emitted()
    // e: a plain enter; ea: an async function's; eg: a generator's (they suspend, and exit with xa)
    expect(code.match(/\.(e|ea|eg)\(\d+\)/g)).toEqual(['.e(0)', '.e(1)', '.e(2)', '.e(3)', '.e(4)', '.e(5)', '.ea(6)', '.eg(7)'])
    expect(code).toContain('["<module>",1,0,"declaration",4,7,"arrow",9,21,"Point.constructor",13,2,"Point.method",16,2,"Point.get getter",21,2,"asyncFunction",27,7,"generator",33,7]')
  })

  it('is what packages/babel-plugin/README.md shows', () => {
    const readme = readFileSync(join(repoRoot, 'packages/babel-plugin/README.md'), 'utf8')
    expect(readme).toContain('```ts\n' + readFileSync(join(repoRoot, INPUT), 'utf8') + '```')
    expect(readme).toContain('```ts\n' + readFileSync(join(repoRoot, GOLDEN), 'utf8') + '\n```')
  })
})
