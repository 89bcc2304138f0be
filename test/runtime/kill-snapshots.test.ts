// PROBEPROF_FLUSH_MS: a process killed by a signal it cannot catch (a real SIGKILL here, as the OOM killer sends)
// leaves its last periodic snapshot, complete, marked partial, with the exact counts of the calls made before it;
// each worker thread leaves its own. A normal exit replaces the snapshot with the final, unmarked report. Off
// (the default), nothing is written before the end.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ProfileReport } from '@probeprof/runtime/report'
import { buildApp, functionRow, tempDir } from '../helpers/app.js'
import { spawnCli } from '../helpers/cli.js'
import { buildPrograms, programsDir, type BuiltPrograms } from './build-programs.js'
import { MAIN_LEAF_CALLS, WORKER_LEAF_CALLS } from './programs/killed.js'

const K_FLUSH_MS = 100

let built: BuiltPrograms
/** The same program with `runtime: { flushMs }` baked in by the esbuild plugin instead of the environment variable. */
let baked: string
beforeAll(async () => {
  built = await buildPrograms(['killed'])
  const outdir = join(built.dir, 'baked')
  await buildApp({ entryPoints: [join(programsDir, 'killed.ts')], outdir, plugin: { enabled: true, runtime: { flushMs: K_FLUSH_MS } } })
  baked = join(outdir, 'killed.mjs')
})

interface Started {
  child: ChildProcess
  /** the program's Date.now() once every instrumented call was made */
  readyMs: number
  workerIds: number[]
  ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

async function start(out: string, env: Record<string, string>, workers: number, end = 'stay', script = built.instrumented('killed')): Promise<Started> {
  const child = spawn(process.execPath, [script, String(workers), end], {
    env: { ...process.env, PROBEPROF: '', PROBEPROF_QUIET: '1', PROBEPROF_OUT: out, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
  const line = await new Promise<string>((resolve) => {
    let text = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString()
      const ready = /^ready .*$/m.exec(text)
      if (ready !== null) resolve(ready[0])
    })
  })
  const [, readyMs, ids] = line.split(' ')
  return { child, readyMs: Number(readyMs), workerIds: JSON.parse(ids) as number[], ended }
}

function read(path: string): ProfileReport | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as ProfileReport
  } catch {
    return null // not written yet
  }
}

/** Waits until each file holds a snapshot taken after `afterMs` (the files are replaced atomically: always whole). */
async function snapshotsAfter(paths: string[], afterMs: number): Promise<void> {
  const deadline = Date.now() + 20 * K_FLUSH_MS + 10_000
  for (;;) {
    const pending = paths.filter((path) => {
      const takenAt = read(path)?.meta.partial?.takenAt
      return takenAt === undefined || Date.parse(takenAt) <= afterMs
    })
    if (pending.length === 0) return
    if (Date.now() > deadline) throw new Error(`no snapshot after the program was ready in ${pending.join(', ')}`)
    await new Promise((resolve) => setTimeout(resolve, K_FLUSH_MS / 4))
  }
}

function workerFile(out: string, pid: number, threadId: number): string {
  return out.replace(/\.json$/, `.${pid}-w${threadId}.json`)
}

describe('periodic snapshots (PROBEPROF_FLUSH_MS)', () => {
  it('kill -9: the last snapshot is there, complete, says partial and when, with the exact counts up to it', async () => {
    const out = join(tempDir('kill9-'), 'report.json')
    const { child, readyMs, ended } = await start(out, { PROBEPROF_FLUSH_MS: String(K_FLUSH_MS) }, 0)
    await snapshotsAfter([out], readyMs)
    child.kill('SIGKILL')
    expect(await ended).toEqual({ code: null, signal: 'SIGKILL' })

    const report = JSON.parse(readFileSync(out, 'utf8')) as ProfileReport
    const takenAt = Date.parse(report.meta.partial!.takenAt)
    expect(takenAt).toBeGreaterThan(readyMs)
    expect(takenAt).toBeLessThan(Date.now())
    expect(functionRow(report, '<module>').calls).toBe(1)
    expect(functionRow(report, 'main').calls).toBe(1)
    expect(functionRow(report, 'work').calls).toBe(1)
    expect(functionRow(report, 'leaf').calls).toBe(MAIN_LEAF_CALLS)
    expect(report.meta.totalCalls).toBe(MAIN_LEAF_CALLS + 3)

    const cli = spawnCli(['report', out])
    expect(cli.status).toBe(0)
    const header = stripVTControlCharacters(cli.stdout).split('\n').slice(0, 4).join('\n')
    expect(header).toContain('partial snapshot taken at ')
    expect(header).toContain('(the process did not exit normally)')
    expect(header).toMatch(new RegExp(`${new Date(takenAt).getFullYear()}\\s+\\(the process`))
    expect(stripVTControlCharacters(cli.stdout)).toMatch(/^\s+1003 function calls in /m)

    // merged with a complete report, the result stays partial: it holds calls of a process that did not finish
    const merged = join(out, '..', 'merged.json')
    const finished = join(out, '..', 'finished.json')
    writeFileSync(finished, JSON.stringify({ ...report, meta: { ...report.meta, partial: undefined } }))
    expect(spawnCli(['merge', out, finished, '-o', merged]).status).toBe(0)
    const mergedReport = JSON.parse(readFileSync(merged, 'utf8')) as ProfileReport
    expect(mergedReport.meta.partial).toEqual(report.meta.partial)
    expect(mergedReport.meta.totalCalls).toBe(2 * (MAIN_LEAF_CALLS + 3))
  })

  it('kill -9 with worker threads: each thread leaves its own snapshot with its exact counts', async () => {
    const out = join(tempDir('kill9-workers-'), 'report.json')
    const { child, readyMs, workerIds, ended } = await start(out, { PROBEPROF_FLUSH_MS: String(K_FLUSH_MS) }, 2)
    expect(workerIds).toHaveLength(2)
    const workerFiles = workerIds.map((id) => workerFile(out, child.pid!, id))
    await snapshotsAfter([out, ...workerFiles], readyMs)
    child.kill('SIGKILL')
    expect((await ended).signal).toBe('SIGKILL')

    const main = JSON.parse(readFileSync(out, 'utf8')) as ProfileReport
    expect(main.meta.partial).toBeDefined()
    expect(functionRow(main, 'startWorker').calls).toBe(2)
    expect(functionRow(main, 'leaf').calls).toBe(MAIN_LEAF_CALLS)
    for (const file of workerFiles) {
      const worker = JSON.parse(readFileSync(file, 'utf8')) as ProfileReport
      expect(worker.meta.partial).toBeDefined()
      expect(worker.meta.host.threadId).toBe(workerIds[workerFiles.indexOf(file)])
      expect(functionRow(worker, 'work').calls).toBe(1)
      expect(functionRow(worker, 'leaf').calls).toBe(WORKER_LEAF_CALLS)
      expect(worker.meta.totalCalls).toBe(WORKER_LEAF_CALLS + 2) // with the worker's <module>
    }
  })

  it('a normal exit replaces the snapshots with the final reports, not marked partial, no file left behind', async () => {
    const dir = tempDir('flush-exit-')
    const out = join(dir, 'report-%t.json') // one name for the run's snapshots and its report, however often it writes
    const { child, workerIds, ended } = await start(out, { PROBEPROF_FLUSH_MS: String(K_FLUSH_MS / 2) }, 1, 'exit')
    expect(await ended).toEqual({ code: 0, signal: null })
    const files = readdirSync(dir).sort()
    expect(files).toHaveLength(2)
    const [mainFile, workerFileName] = files.map((name) => join(dir, name)).sort((a, b) => a.length - b.length)
    expect(workerFileName.endsWith(`.${child.pid!}-w${workerIds[0]}.json`)).toBe(true) // each thread expands %t once
    const main = JSON.parse(readFileSync(mainFile, 'utf8')) as ProfileReport
    expect(main.meta.partial).toBeUndefined()
    expect(main.meta.wallTime * 1000).toBeGreaterThan(300) // written at the end, after the 300 ms wait
    expect(functionRow(main, 'leaf').calls).toBe(MAIN_LEAF_CALLS)
    const worker = JSON.parse(readFileSync(workerFileName, 'utf8')) as ProfileReport
    expect(worker.meta.partial).toBeUndefined()
    expect(functionRow(worker, 'leaf').calls).toBe(WORKER_LEAF_CALLS)
    const cli = spawnCli(['report', mainFile])
    expect(stripVTControlCharacters(cli.stdout)).not.toContain('partial snapshot')
  })

  it('the esbuild plugin bakes it in: runtime: { flushMs } snapshots without the environment variable', async () => {
    const out = join(tempDir('kill9-baked-'), 'report.json')
    const { child, readyMs, ended } = await start(out, {}, 0, 'stay', baked)
    await snapshotsAfter([out], readyMs)
    child.kill('SIGKILL')
    expect((await ended).signal).toBe('SIGKILL')
    const report = JSON.parse(readFileSync(out, 'utf8')) as ProfileReport
    expect(Date.parse(report.meta.partial!.takenAt)).toBeGreaterThan(readyMs)
    expect(functionRow(report, 'leaf').calls).toBe(MAIN_LEAF_CALLS)
  })

  it('off by default: nothing is written before the end, so kill -9 leaves no report', async () => {
    const out = join(tempDir('kill9-off-'), 'report.json')
    const { child, ended } = await start(out, {}, 1)
    await new Promise((resolve) => setTimeout(resolve, 5 * K_FLUSH_MS))
    expect(existsSync(out)).toBe(false)
    child.kill('SIGKILL')
    await ended
    expect(readdirSync(join(out, '..'))).toEqual([])
  })
})
