// The .cpuprofile export read by Chrome DevTools' own profile model (CPUProfileDataModel from the DevTools
// trace engine, as packaged for Lighthouse): the frames its flame chart draws must carry each function's
// tottime as self time and cumtime as total time (once per stack, so recursion is not counted twice).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as CpuProfile from '@paulirish/trace_engine/models/cpu_profile/cpu_profile.js'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadReport, type ProfileData } from 'probeprof'
import { BIN, recordPrimes } from './primes-run.js'
import { spawnSync } from 'node:child_process'

interface FrameNode {
  functionName: string
  url: string
  lineNumber: number
  columnNumber: number
}

describe('cpuprofile in the DevTools profile model', () => {
  let profile: ProfileData
  let cpuprofile: unknown

  beforeAll(async () => {
    const { dir, report } = await recordPrimes()
    profile = loadReport(report)
    const out = join(dir, 'p.cpuprofile')
    expect(spawnSync(process.execPath, [BIN, 'export', report, '-o', out]).status).toBe(0)
    cpuprofile = JSON.parse(readFileSync(out, 'utf8'))
  })

  it("gives every function its tottime as self and its cumtime as total in DevTools' flame chart", () => {
    const model = new CpuProfile.CPUProfileDataModel.CPUProfileDataModel(cpuprofile as never)
    const key = (node: FrameNode) => `${node.functionName} ${node.url}:${node.lineNumber + 1}:${node.columnNumber}`
    const self = new Map<string, number>()
    const total = new Map<string, number>()
    const open: string[] = []
    model.forEachFrame(
      (_depth, node) => {
        open.push(key(node as unknown as FrameNode))
      },
      (_depth, node, _sample, _timestamp, duration, selfTime) => {
        const name = key(node as unknown as FrameNode)
        open.pop()
        self.set(name, (self.get(name) ?? 0) + selfTime)
        if (!open.includes(name)) total.set(name, (total.get(name) ?? 0) + duration) // outermost only, as cumtime
      },
    )
    // ms; positions are quantized to 1/1024 µs per context
    const tolerance = (profile.tree.fn.length * 0.5) / 1024 / 1000 + 1e-9
    for (const fn of profile.functions) {
      const name = `${fn.name} ${fn.file}:${fn.line}:${fn.column}`
      expect(Math.abs((self.get(name) ?? 0) - fn.tottime * 1e3), `${fn.name} self`).toBeLessThan(tolerance)
      expect(Math.abs((total.get(name) ?? 0) - fn.cumtime * 1e3), `${fn.name} total`).toBeLessThan(tolerance)
    }
  })
})
