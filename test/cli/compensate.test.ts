// `probeprof report --compensate` on a program whose measured time is mostly the probes' own: 300,000 calls
// of a function that adds one. The uninstrumented build of the same program is the ground truth.
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ProfileReport } from '@probeprof/runtime/report'
import { buildApp, repoRoot, runNode, tempDir } from '../helpers/app.js'
import { runCli } from '../helpers/cli.js'
import { profileFixture } from '../helpers/reports.js'

const CALLS = 300_000 // as in fixtures/tiny-calls.ts

let report: ProfileReport
let path: string
let plainMs: number

beforeAll(async () => {
  // precise: the clock whose probe cost the runtime calibrates, and so the one --compensate takes off
  const profiled = await profileFixture('test/cli/fixtures/tiny-calls.ts', { env: { PROBEPROF_CLOCK: 'precise' } })
  report = profiled.report
  path = profiled.path
  const dir = tempDir('plain-')
  await buildApp({ entryPoints: [join(repoRoot, 'test/cli/fixtures/tiny-calls.ts')], outdir: dir })
  const plain = runNode(join(dir, 'tiny-calls.mjs'))
  expect(plain.status).toBe(0)
  plainMs = (JSON.parse(plain.stdout) as { ms: number }).ms
  expect(JSON.parse(profiled.stdout).sum).toBe(JSON.parse(plain.stdout).sum)
})

interface JsonRow {
  name: string
  calls: number
  tottime: number
  cumtime: number
}

async function rows(extra: string[]): Promise<Map<string, JsonRow>> {
  const { status, stdout } = await runCli(['report', path, '--json', ...extra])
  expect(status).toBe(0)
  return new Map((JSON.parse(stdout) as { functions: JsonRow[] }).functions.map((row) => [row.name, row]))
}

describe('probeprof report --compensate', () => {
  it('takes the calibrated cost of every call off a near-empty function, and keeps every count', async () => {
    const raw = await rows([])
    const compensated = await rows(['--compensate'])
    const tiny = raw.get('tiny')!
    expect(tiny.calls).toBe(CALLS + 1000)
    // tiny calls nothing and runs in one calling context: it loses exactly calls × the callee-side cost
    const cost = tiny.calls * report.meta.overhead!.calleeNsPerCall * 1e-9
    expect(compensated.get('tiny')!.tottime).toBeCloseTo(Math.max(0, tiny.tottime - cost), 12)
    expect(compensated.get('tiny')!.tottime).toBeLessThan(tiny.tottime)
    for (const [name, row] of raw) {
      expect(compensated.get(name)!.calls).toBe(row.calls)
      expect(compensated.get(name)!.tottime).toBeGreaterThanOrEqual(0)
    }
  })

  it('brings the loop\'s time closer to the uninstrumented run\'s', async () => {
    // the loop is called twice (warm-up + measured); the measured call is CALLS / (CALLS + 1000) of its time
    const share = CALLS / (CALLS + 1000)
    const rawMs = (await rows([])).get('loop')!.cumtime * 1e3 * share
    const compensatedMs = (await rows(['--compensate'])).get('loop')!.cumtime * 1e3 * share
    expect(Math.abs(compensatedMs - plainMs)).toBeLessThan(Math.abs(rawMs - plainMs))
  })

  it('says in the header how much it subtracted', async () => {
    const { stdout } = await runCli(['report', path, '--compensate', '--unit', 'ms'])
    const subtracted = /; --compensate subtracted (\d+\.\d{3}) milliseconds/.exec(stdout)
    expect(subtracted).not.toBeNull()
    const { calleeNsPerCall, callerNsPerCall } = report.meta.overhead!
    // never more than every call's full estimated cost
    expect(Number(subtracted![1])).toBeLessThanOrEqual((report.meta.totalCalls * (calleeNsPerCall + callerNsPerCall)) / 1e6 + 0.001)
    expect(Number(subtracted![1])).toBeGreaterThan(0)
  })
})
