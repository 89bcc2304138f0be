import { describe, expect, it } from 'vitest'
import { defaultRuntimeOptions, resolveRuntimeOptions } from './options.js'

function resolve(options: object, env: Record<string, string> = {}) {
  const warnings: string[] = []
  const resolved = resolveRuntimeOptions(options, env, (message) => warnings.push(message))
  return { resolved, warnings }
}

describe('resolveRuntimeOptions', () => {
  it('takes the build-time clock, and PROBEPROF_CLOCK over it', () => {
    expect(resolve({ clock: 'counts' }).resolved.clock).toBe('counts')
    expect(resolve({ clock: 'counts' }, { PROBEPROF_CLOCK: 'sampled' }).resolved.clock).toBe('sampled')
    expect(resolve({}, { PROBEPROF_CLOCK: 'fast' }).resolved.clock).toBe('fast')
  })

  it('never throws inside the app: a bad value is one warning line naming the choices, and the default is used', () => {
    const { resolved, warnings } = resolve({}, { PROBEPROF_CLOCK: 'fastest' })
    expect(resolved.clock).toBe('auto')
    expect(warnings).toEqual(["unknown clock 'fastest' (PROBEPROF_CLOCK or the clock option), using 'auto'; choose from auto, precise, fast, sampled, counts"])
    expect(resolve({}, { PROBEPROF_SAMPLE_US: '1' }).warnings[0]).toMatch(/^PROBEPROF_SAMPLE_US must be/)
    expect(resolve({}, { PROBEPROF_CLOCK_TICK_US: 'x' }).warnings[0]).toMatch(/^PROBEPROF_CLOCK_TICK_US must be/)
    expect(resolve({}, { PROBEPROF_MAX_NODES: '1' }).warnings[0]).toMatch(/^PROBEPROF_MAX_NODES must be/)
    expect(resolve({ colour: 'red' }).warnings).toEqual(["unknown runtime option 'colour' ignored"])
  })

  it('reads the run-time switches', () => {
    const { resolved } = resolve({}, { PROBEPROF: '0', PROBEPROF_QUIET: '1', PROBEPROF_SIGNALS: '0', PROBEPROF_SAMPLE_US: '250', PROBEPROF_OUT: 'x-%p.json' })
    expect(resolved).toMatchObject({ enabled: false, quiet: true, signals: false, sampleUs: 250, out: 'x-%p.json' })
    expect(resolve({}).resolved).toEqual(defaultRuntimeOptions)
  })

  it("memory: off unless asked (memory option or PROBEPROF_MEMORY=1), V8's 512 KiB interval unless told; a bad interval warns", () => {
    expect([defaultRuntimeOptions.memory, defaultRuntimeOptions.memoryInterval]).toEqual([false, 524288])
    expect(resolve({ memory: true }).resolved.memory).toBe(true)
    expect(resolve({ memory: true }, { PROBEPROF_MEMORY: '0' }).resolved.memory).toBe(false)
    expect(resolve({}, { PROBEPROF_MEMORY: '1', PROBEPROF_MEMORY_INTERVAL: '16384' }).resolved).toMatchObject({ memory: true, memoryInterval: 16384 })
    const { resolved, warnings } = resolve({}, { PROBEPROF_MEMORY_INTERVAL: '1.5kB' })
    expect(resolved.memoryInterval).toBe(524288)
    expect(warnings).toEqual([`PROBEPROF_MEMORY_INTERVAL must be an integer number of bytes from 1 to ${2 ** 30}, using 524288`])
  })

  it('takes flushMs from the build and PROBEPROF_FLUSH_MS over it; off (0) unless asked, a bad value is off with a warning', () => {
    expect(defaultRuntimeOptions.flushMs).toBe(0)
    expect(resolve({ flushMs: 500 }).resolved.flushMs).toBe(500)
    expect(resolve({ flushMs: 500 }, { PROBEPROF_FLUSH_MS: '250' }).resolved.flushMs).toBe(250)
    for (const bad of ['5', '1.5', 'soon', '-100']) {
      const { resolved, warnings } = resolve({}, { PROBEPROF_FLUSH_MS: bad })
      expect(resolved.flushMs).toBe(0)
      expect(warnings).toEqual(['PROBEPROF_FLUSH_MS must be 0 (no periodic snapshots) or an integer of at least 10 milliseconds, using 0'])
    }
  })
})
