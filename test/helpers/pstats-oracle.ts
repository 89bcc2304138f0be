// python3's own pstats, fed the numbers of a probeprof Stats: what it prints is the expected layout.
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import type { Stats } from 'probeprof'
import { repoRoot } from './app.js'

export interface PrintOp {
  sort: (string | number)[]
  strip?: boolean
  reverse?: boolean
  print: 'stats' | 'callers' | 'callees'
  restrictions: (number | string)[]
}

export interface BrowseOp {
  /** command lines typed into `python -m pstats <file>` */
  browse: string[]
  file: string
}

export type OracleOp = PrintOp | BrowseOp

/**
 * Runs the ops in python3 on the statistics of `stats`, listed in its current order (pstats keeps insertion
 * order, so a stats sorted by stdname makes pstats' ties break the way ours do).
 */
export function pstatsOracle(stats: Stats, ops: OracleOp[]): string[] {
  const input = {
    functions: stats.functions.map((fn) => ({
      file: fn.file,
      line: fn.line,
      name: fn.name,
      cc: fn.primitiveCalls,
      nc: fn.calls,
      tt: fn.tottime,
      ct: fn.cumtime,
      callers: stats.callersOf(fn).map((link) => ({
        file: link.other.file,
        line: link.other.line,
        name: link.other.name,
        nc: link.calls,
        cc: link.primitiveCalls,
        tt: link.tottime,
        ct: link.cumtime,
      })),
    })),
    ops,
  }
  const output = execFileSync('python3', [join(repoRoot, 'test/helpers/pstats_oracle.py')], { input: JSON.stringify(input), encoding: 'utf8' })
  return output.split('=== end ===\n').slice(0, ops.length)
}
