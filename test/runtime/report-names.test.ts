// No report ever overwrites another: with every placeholder combination of PROBEPROF_OUT, each writer of a run (main
// thread, worker threads, fork and cluster children and their workers, a process that does not know it belongs to
// the run) leaves a report of its own, in real processes.
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { functionRow, readReport, runNode, tempDir } from '../helpers/app.js'
import { buildPrograms, type BuiltPrograms } from './build-programs.js'

type WriterId = [pid: number, threadId: number]

let built: BuiltPrograms
beforeAll(async () => {
  built = await buildPrograms(['many-writers'])
})

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => statSync(join(dir, name)).isFile())
    .sort()
}

/** Each report's writer and path, checking its counts are that writer's one writerTask() call. */
function reportsUnder(dir: string): Map<string, string> {
  const byWriter = new Map<string, string>()
  for (const file of filesUnder(dir)) {
    const report = readReport(join(dir, file))
    const writer = `${report.meta.host.pid}/${report.meta.host.threadId}`
    expect(byWriter.has(writer), `${writer} wrote ${byWriter.get(writer)} and ${file}`).toBe(false)
    byWriter.set(writer, file)
    expect(functionRow(report, 'writerTask').calls, file).toBe(1)
    expect(functionRow(report, 'leaf').calls, file).toBe(10)
  }
  return byWriter
}

describe('every writer of a run keeps its report', () => {
  it.each([
    'report.json', // the first process's main thread takes the name; everyone else adds their tag
    'report.%p.json', // the pid names a process; a worker adds -w<thread>, as it shares its process's pid
    'report.%t.json',
    'report.%p.%t.json',
    '%p/report.json',
    'report-%%p.json', // %% is a literal %: no pid in the name
    'report', // no .json
  ])('PROBEPROF_OUT=%s', (pattern) => {
    const dir = tempDir('writers-')
    const run = runNode(built.instrumented('many-writers'), { cwd: dir, env: { PROBEPROF_OUT: join(dir, pattern) } })
    expect(run.status, run.stderr).toBe(0)
    const writers = JSON.parse(run.stdout.trim().split('\n').pop()!) as WriterId[]
    expect(writers).toHaveLength(1 + 2 + 2 * 3 + 1) // main + 2 workers, fork and 2 cluster children with a worker each, one outsider
    const reports = reportsUnder(dir)
    expect([...reports.keys()].sort()).toEqual(writers.map(([pid, thread]) => `${pid}/${thread}`).sort())
    const wrote = [...run.stderr.matchAll(/probeprof: wrote (\S+)/g)].map((match) => match[1]!)
    expect(wrote.sort(), 'one "wrote" line per report, naming its file').toEqual([...reports.values()].sort())
    expect(filesUnder(dir).filter((name) => name.endsWith('.tmp'))).toEqual([])

    const [[mainPid]] = writers
    const workerFile = reports.get(`${mainPid}/${writers[1]![1]}`)!
    expect(workerFile).toContain(`${mainPid}-w${writers[1]![1]}`)
    if (pattern === 'report.json') {
      // the outsider wrote report.json first; the main thread, ending last, found it taken and said so
      const outsider = writers.at(-1)!
      expect(reports.get(`${outsider[0]}/0`)).toBe('report.json')
      expect(reports.get(`${mainPid}/0`)).toBe(`report.${mainPid}.json`)
      expect(run.stderr).toContain(`wrote report.${mainPid}.json instead of report.json, which another process or thread of this run wrote (`)
    }
    if (pattern === 'report.%p.json') expect(workerFile).toBe(`report.${mainPid}-w${writers[1]![1]}.json`)
  })

  it('profiler.write() to one path from two threads keeps both; writing it again replaces only its own', () => {
    const dir = tempDir('same-path-')
    const run = runNode(built.instrumented('many-writers'), { cwd: dir, args: ['same-path', 'snapshot.json'], env: { PROBEPROF_OUT: 'at-exit.json', PROBEPROF_QUIET: '1' } })
    expect(run.status, run.stderr).toBe(0)
    const [first, fromWorker, again, workerThread] = JSON.parse(run.stdout.trim()) as [string, string, string, number]
    const main = readReport(join(dir, 'snapshot.json')).meta.host
    expect(workerThread).toBeGreaterThan(0)
    expect([first, fromWorker, again]).toEqual(['snapshot.json', `snapshot.${main.pid}-w${workerThread}.json`, 'snapshot.json'])
    expect(main.threadId).toBe(0)
    expect(readReport(join(dir, fromWorker)).meta.host.threadId).toBe(workerThread)
    expect(filesUnder(dir)).toEqual(['at-exit.json', `at-exit.${main.pid}-w${workerThread}.json`, `snapshot.${main.pid}-w${workerThread}.json`, 'snapshot.json'].sort())
  })

  it("a previous run's report is replaced, as a rerun is expected to", () => {
    const dir = tempDir('rerun-')
    const out = join(dir, 'report.json')
    for (let rerun = 0; rerun < 2; rerun++) {
      const run = runNode(built.instrumented('many-writers'), { args: ['separate'], env: { PROBEPROF_OUT: out, PROBEPROF_QUIET: '1' } })
      expect(run.status, run.stderr).toBe(0)
      expect(readReport(out).meta.host.pid).toBe(Number(run.stdout.trim()))
      expect(filesUnder(dir)).toEqual(['report.json'])
    }
  })
})
