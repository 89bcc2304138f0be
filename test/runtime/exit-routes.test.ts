// Never lose the report: every way a Node process (or thread) ends, in a real child process, leaves a complete,
// parseable report with the calls made before the end, and the process still ends the way it would have.
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ProfileReport } from '@probeprof/runtime/report'
import { functionRow, readReport, runNode, tempDir } from '../helpers/app.js'
import { buildPrograms, type BuiltPrograms } from './build-programs.js'

let built: BuiltPrograms
beforeAll(async () => {
  built = await buildPrograms(['exit-routes', 'workers', 'children', 'big-writes', 'busy', 'thread-count'])
})

function expectCompleteReport(report: ProfileReport): void {
  expect(report.$schema).toMatch(/report-v1\.json$/)
  expect(functionRow(report, 'work').calls).toBeGreaterThanOrEqual(1)
  expect(edgeCalls(report, 'work', 'leaf')).toBeGreaterThanOrEqual(100)
}

function edgeCalls(report: ProfileReport, caller: string, callee: string): number {
  const index = (name: string) => report.functions.findIndex((fn) => fn.name === name)
  return report.edges.find((edge) => edge.caller === index(caller) && edge.callee === index(callee))?.calls ?? 0
}

describe('process exit routes', () => {
  it.each([
    ['normal', 0, ''],
    ['exit', 3, ''],
    ['uncaught', 1, 'uncaught on purpose'],
    ['rejection', 1, 'rejected on purpose'],
  ])('%s: report written, exit code %i kept', (route, code, message) => {
    const dir = tempDir('exit-')
    const out = join(dir, 'report.json')
    const run = runNode(built.instrumented('exit-routes'), { args: [route], env: { PROBEPROF_OUT: out } })
    expect(run.status).toBe(code)
    expect(run.stderr).toContain(message)
    expect(run.stderr).toMatch(/probeprof: wrote .*report\.json/)
    const report = readReport(out)
    expectCompleteReport(report)
    if (route === 'exit') {
      // process.exit() ran four frames deep: they were closed at that moment and counted as open
      expect(functionRow(report, 'exitFromDeep').calls).toBe(4)
      expect(report.meta.openFrames).toBeGreaterThanOrEqual(5)
    }
    if (route === 'uncaught') expect(functionRow(report, 'throwFromDeep').calls).toBe(4)
    if (route === 'rejection') expect(functionRow(report, 'rejectLater').calls).toBe(1)
  })

  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('%s: report written, then the process dies by the signal', async (signal) => {
    const dir = tempDir('signal-')
    const out = join(dir, 'report.json')
    const child = spawn(process.execPath, [built.instrumented('exit-routes'), 'signal'], {
      env: { ...process.env, PROBEPROF: '', PROBEPROF_QUIET: '1', PROBEPROF_OUT: out },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    await new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve()))
    await new Promise((resolve) => setTimeout(resolve, 30)) // a few ticks of the interval
    child.kill(signal)
    const [code, endedBy] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (c, s) => resolve([c, s])))
    expect({ code, endedBy }).toEqual({ code: null, endedBy: signal })
    const report = readReport(out)
    expectCompleteReport(report)
    expect(edgeCalls(report, 'tick', 'work')).toBeGreaterThanOrEqual(1)
  })

  it('a signal pending when the program ends still ends it by that signal, report written', () => {
    const dir = tempDir('self-signal-')
    const out = join(dir, 'report.json')
    const run = runNode(built.instrumented('exit-routes'), { args: ['self-signal'], env: { PROBEPROF_OUT: out, PROBEPROF_QUIET: '1' } })
    expect({ status: run.status, signal: run.signal }).toEqual({ status: null, signal: 'SIGTERM' })
    expectCompleteReport(readReport(out))
  })

  it.each([
    ['on (default)', '', true],
    ['off (PROBEPROF_SIGNALS=0)', '0', false],
  ])('signals %s, during a synchronous loop: handled when the loop ends / at once without a report', async (_, setting, listens) => {
    const dir = tempDir('busy-')
    const out = join(dir, 'report.json')
    const loopMs = 1500
    const child = spawn(process.execPath, [built.instrumented('busy'), String(loopMs)], {
      env: { ...process.env, PROBEPROF: '', PROBEPROF_QUIET: '1', PROBEPROF_OUT: out, PROBEPROF_SIGNALS: setting },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    await new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve()))
    const sentAt = performance.now()
    child.kill('SIGTERM')
    const endedBy = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)))
    const tookMs = performance.now() - sentAt
    expect(endedBy).toBe('SIGTERM')
    if (listens) {
      expect(tookMs).toBeGreaterThan(loopMs / 2) // Node ran our listener only once the loop returned…
      expect(tookMs).toBeLessThan(loopMs + 1500) // …at once then, not when the 2 s timer fired
      expect(functionRow(readReport(out), 'busyFor').calls).toBe(1)
    } else {
      expect(tookMs).toBeLessThan(loopMs / 2) // the default action: at once
      expect(existsSync(out)).toBe(false)
    }
  })

  it('a crash mid-write never leaves a truncated report (temp file + rename)', async () => {
    const dir = tempDir('atomic-')
    const out = join(dir, 'report.json')
    for (let attempt = 0; attempt < 8; attempt++) {
      const child = spawn(process.execPath, [built.instrumented('big-writes'), out], {
        env: { ...process.env, PROBEPROF: '', PROBEPROF_QUIET: '1', PROBEPROF_OUT: join(dir, 'exit.json') },
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      await new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve()))
      await new Promise((resolve) => setTimeout(resolve, 5 + attempt * 7)) // a different moment of the write loop each time
      child.kill('SIGKILL')
      await new Promise((resolve) => child.on('exit', resolve))
      const text = readFileSync(out, 'utf8')
      expect(text.length).toBeGreaterThan(1_000_000) // large enough that a write takes many milliseconds
      expect(() => JSON.parse(text), `attempt ${attempt}: the report is not complete JSON`).not.toThrow()
    }
  })
})

describe('worker threads: each worker writes its own report, also when stopped from outside', () => {
  it.each(['natural', 'exit', 'terminate', 'crash'])('%s', (route) => {
    const dir = tempDir('workers-')
    const out = join(dir, 'report.json')
    const run = runNode(built.instrumented('workers'), { args: [route], env: { PROBEPROF_OUT: out, PROBEPROF_QUIET: '1' } })
    expect(run.status).toBe(0)
    const threadIds = JSON.parse(run.stdout.trim()) as number[]
    expect(threadIds.length).toBeGreaterThan(0)
    const main = readReport(out)
    expect(main.meta.host.threadId).toBe(0)
    for (const threadId of threadIds) {
      const file = readdirSync(dir).find((name) => name.endsWith(`-w${threadId}.json`))
      expect(file, `report of worker ${threadId} in ${readdirSync(dir).join(', ')}`).toBeDefined()
      const report = readReport(join(dir, file!))
      expect(report.meta.host.threadId).toBe(threadId)
      expect(functionRow(report, 'workerTask').calls).toBeGreaterThanOrEqual(1)
      expect(edgeCalls(report, 'workerTask', 'workerLeaf')).toBeGreaterThanOrEqual(50)
    }
  })
})

describe('child processes', () => {
  it('by default a child writes next to the parent, with its pid in the name', () => {
    const dir = tempDir('children-')
    const out = join(dir, 'report.json')
    const run = runNode(built.instrumented('children'), { env: { PROBEPROF_OUT: out, PROBEPROF_QUIET: '1' } })
    expect(run.status).toBe(0)
    const [parent, ...children] = JSON.parse(run.stdout.trim().split('\n').pop()!) as number[]
    expect(readReport(out).meta.host.pid).toBe(parent)
    for (const pid of children) {
      const report = readReport(join(dir, `report.${pid}.json`))
      expect(report.meta.host.pid).toBe(pid)
      expect(functionRow(report, 'childTask').calls).toBe(1)
    }
  })

  it('%p in PROBEPROF_OUT gives every process its own file', () => {
    const dir = tempDir('children-p-')
    const run = runNode(built.instrumented('children'), { env: { PROBEPROF_OUT: join(dir, 'prof-%p.json'), PROBEPROF_QUIET: '1' } })
    expect(run.status).toBe(0)
    const pids = JSON.parse(run.stdout.trim().split('\n').pop()!) as number[]
    expect(pids).toHaveLength(3)
    for (const pid of pids) {
      expect(existsSync(join(dir, `prof-${pid}.json`)), `prof-${pid}.json`).toBe(true)
      expect(functionRow(readReport(join(dir, `prof-${pid}.json`)), 'childTask').calls).toBe(1)
    }
  })
})

describe('helper threads', () => {
  it.each(['fast', 'sampled'])('%s starts its thread only when recording starts, not under PROBEPROF=0', (clock) => {
    const dir = tempDir('threads-')
    const env = { PROBEPROF_CLOCK: clock, PROBEPROF_OUT: join(dir, 'report.json'), PROBEPROF_QUIET: '1' }
    const recording = runNode(built.instrumented('thread-count'), { env })
    const off = runNode(built.instrumented('thread-count'), { env: { ...env, PROBEPROF: '0' } })
    expect([recording.status, off.status]).toEqual([0, 0])
    expect(Number(recording.stdout)).toBe(2) // our helper thread took id 1
    expect(Number(off.stdout)).toBe(1)
    expect(existsSync(join(dir, 'report.json'))).toBe(true) // from the recording run only
  })
})
