// Real reports for CLI tests: a fixture built with the esbuild plugin on, run in a real Node process.
import { join } from 'node:path'
import type { ProfileReport } from '@probeprof/runtime/report'
import { buildApp, readReport, repoRoot, runNode, tempDir } from './app.js'

export interface ProfiledRun {
  dir: string
  report: ProfileReport
  /** path of the report file */
  path: string
  stdout: string
}

/** Builds `entry` (relative to the repo root) with probes, runs it and returns its report. */
export async function profileFixture(entry: string, options: { env?: Record<string, string>; args?: string[] } = {}): Promise<ProfiledRun> {
  const dir = tempDir('cli-')
  await buildApp({ entryPoints: [join(repoRoot, entry)], outdir: dir, plugin: { enabled: true } })
  const path = join(dir, 'report.json')
  const script = join(dir, entry.replace(/^.*\//, '').replace(/\.[cm]?[jt]s$/, '.mjs'))
  const run = runNode(script, { env: { PROBEPROF_OUT: path, PROBEPROF_QUIET: '1', ...options.env }, args: options.args })
  if (run.status !== 0) throw new Error(`${entry} failed (${run.status}): ${run.stderr}`)
  return { dir, report: readReport(path), path, stdout: run.stdout }
}

/** The table rows of a printed report: ncalls, the four times as printed, and the name. */
export interface PrintedRow {
  ncalls: string
  cells: string[]
  name: string
}

export function tableRows(text: string): PrintedRow[] {
  const lines = text.split('\n')
  const start = lines.findIndex((line) => line.startsWith('   ncalls'))
  if (start < 0) return []
  const rows: PrintedRow[] = []
  for (const line of lines.slice(start + 1)) {
    if (line === '') break
    const parts = line.trim().split(/ +/)
    rows.push({ ncalls: parts[0], cells: parts.slice(1, -1), name: parts[parts.length - 1] })
  }
  return rows
}

/** One function of a printed --callers / --callees table: its name, and each edge's ncalls and other end. */
export interface PrintedCallRow {
  name: string
  links: { ncalls: string; other: string }[]
}

export function callTableRows(text: string): PrintedCallRow[] {
  const lines = text.split('\n')
  const start = lines.findIndex((line) => /^ +ncalls  tottime  cumtime$/.test(line))
  if (start < 0) return []
  const rows: PrintedCallRow[] = []
  for (const line of lines.slice(start + 1)) {
    if (line === '') break
    const head = /^(\S+) +(?:<-|->)(?: +(\S+) +\S+ +\S+  (\S+))? ?$/.exec(line)
    const more = /^ +(\S+) +\S+ +\S+  (\S+)$/.exec(line)
    if (head) rows.push({ name: head[1], links: head[2] === undefined ? [] : [{ ncalls: head[2], other: head[3] }] })
    else if (more && rows.length > 0) rows[rows.length - 1].links.push({ ncalls: more[1], other: more[2] })
    else throw new Error(`not a call table line: ${JSON.stringify(line)}`)
  }
  return rows
}
