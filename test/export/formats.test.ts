// Every exporter on a profile with hand-computed answers, each file read back by an independent reader of its
// format (readers.ts, pprof-format's decoder, speedscope's published JSON schema): what a viewer computes
// from the file must be the profile's exact calls, own time and cumulative time.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { gunzipSync } from 'node:zlib'
import { Ajv } from 'ajv'
import { Profile } from 'pprof-format'
import { describe, expect, it } from 'vitest'
import {
  exportCallgrind,
  exportCpuprofile,
  exportCsv,
  exportFolded,
  exportPprof,
  exportSpeedscope,
  exportTrace,
  formatForFile,
  resolveFormat,
  exportProfile,
  type SpeedscopeFile,
} from 'probeprof'
import { EXPECTED, FUNCTION_KEYS, indexOf, sampleProfile } from './sample-profile.js'
import { parseCallgrind, parseCsv, parseFolded, readCpuprofile, readTraceEvents, stackTotals } from './readers.js'

const profile = sampleProfile()
const NS = 1e9
const US = 1e6
const located = (key: string) => {
  const fn = profile.functions[indexOf(profile, key)]
  return key.startsWith('anon') ? `${fn.name} (${fn.file}:${fn.line}:${fn.column})` : `${fn.name} (${fn.file}:${fn.line})`
}

describe('speedscope', () => {
  const file = JSON.parse(exportSpeedscope(profile)) as SpeedscopeFile
  const schemaPath = createRequire(import.meta.url).resolve('speedscope/dist/release/file-format-schema.json')

  it("validates against speedscope's published JSON schema (from the speedscope package)", () => {
    const ajv = new Ajv({ allErrors: true, strict: false })
    const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')))
    expect(validate(file), JSON.stringify(validate.errors)).toBe(true)
  })

  it('gives exact own and total time per function in the time profile, and exact calls in the calls profile', () => {
    expect(file.profiles.map((p) => [p.unit, p.name])).toEqual([
      ['seconds', 'probeprof — own time'],
      ['none', 'probeprof — calls (exact counts)'],
    ])
    const [time, calls] = file.profiles.map((p) =>
      stackTotals(p.samples.map((stack, i) => ({ frames: stack.map((frame) => String(frame)), weight: p.weights[i] }))),
    )
    for (const key of FUNCTION_KEYS) {
      const frame = String(indexOf(profile, key))
      const expected = EXPECTED[key]
      expect(time.get(frame)?.self ?? 0, key).toBeCloseTo(expected.tottime, 12)
      expect(time.get(frame)?.total ?? 0, key).toBeCloseTo(expected.cumtime, 12)
      expect(calls.get(frame)?.self, key).toBe(expected.calls)
    }
    const program = file.shared.frames.findIndex((frame) => frame.name === '(program)')
    expect(time.get(String(program))!.self).toBeCloseTo(EXPECTED.programTime, 12)
  })

  it('keeps file, 1-based line and column on every frame', () => {
    const anon = file.shared.frames[indexOf(profile, 'anon25')]
    expect(anon).toEqual({ name: '<anonymous>', file: 'src/app.ts', line: 30, col: 26 })
  })

  it('exports only calls for a counts-only profile', () => {
    const counts = JSON.parse(exportSpeedscope(sampleProfile({ counts: true }))) as SpeedscopeFile
    expect(counts.profiles.map((p) => p.unit)).toEqual(['none'])
  })
})

describe('cpuprofile', () => {
  const cpuprofile = JSON.parse(exportCpuprofile(profile))

  it('is a structurally valid V8 profile whose samples give exact self and total (forward convention)', () => {
    const { frames, zeroDeltas } = readCpuprofile(cpuprofile)
    expect(zeroDeltas).toBe(0) // no ties: DevTools misattributes time across equal timestamps
    for (const key of FUNCTION_KEYS) {
      const fn = profile.functions[indexOf(profile, key)]
      const frame = frames.get(`${fn.name} ${fn.file}:${fn.line}:${fn.column}`)
      expect(frame?.self ?? 0, key).toBeCloseTo(EXPECTED[key].tottime * US, 6)
      expect(frame?.total ?? 0, key).toBeCloseTo(EXPECTED[key].cumtime * US, 6)
    }
    expect(frames.get('(program)')!.self).toBeCloseTo(EXPECTED.programTime * US, 6)
    expect(cpuprofile.endTime - cpuprofile.startTime).toBeCloseTo((EXPECTED.totalTime + EXPECTED.programTime) * US, 6)
  })

  it('keeps fractional microseconds', () => {
    const withFraction = sampleProfile()
    withFraction.tree.self[3] = 0.0400005 // 40000.5 µs
    const deltas: number[] = JSON.parse(exportCpuprofile(withFraction)).timeDeltas
    expect(deltas).toContainEqual(expect.closeTo(40000.5, 6))
  })

  it('refuses a counts-only profile with one clear line', () => {
    expect(() => exportCpuprofile(sampleProfile({ counts: true }))).toThrow(/no times \(recorded with clock 'counts'\)/)
  })
})

describe('trace events', () => {
  const trace = JSON.parse(exportTrace(profile))

  it('lays the tree out as nested X events with exact self and total per function', () => {
    expect(trace.traceEvents.every((event: { ph: string }) => event.ph === 'X' || event.ph === 'M')).toBe(true)
    const totals = readTraceEvents(trace.traceEvents)
    for (const key of FUNCTION_KEYS) {
      expect(totals.get(located(key))?.self ?? 0, key).toBeCloseTo(EXPECTED[key].tottime * US, 6)
      expect(totals.get(located(key))?.total ?? 0, key).toBeCloseTo(EXPECTED[key].cumtime * US, 6)
    }
  })

  it('carries only per-function data in args (speedscope keys frames by name + args)', () => {
    const parses = trace.traceEvents.filter((event: { name: string }) => event.name === located('parse'))
    expect(parses.length).toBe(2)
    expect(new Set(parses.map((event: { args: unknown }) => JSON.stringify(event.args))).size).toBe(1)
  })
})

describe('callgrind', () => {
  const { header, functions } = parseCallgrind(exportCallgrind(profile))

  it('has the required header and a total equal to Σ tottime', () => {
    expect(header.get('events')).toBe('ns')
    expect(Number(header.get('summary'))).toBe(Math.round(EXPECTED.totalTime * NS))
  })

  it('writes own time per function and exact calls with inclusive time per edge', () => {
    for (const key of FUNCTION_KEYS) expect(functions.get(located(key))?.self, key).toBe(Math.round(EXPECTED[key].tottime * NS))
    const fib = functions.get(located('fib'))!
    expect(fib.calls).toEqual([{ callee: located('fib'), count: EXPECTED.fibEdge.calls, inclusive: Math.round(EXPECTED.fibEdge.cumtime * NS) }])
    const main = functions.get(located('main'))!
    expect(main.calls.find((call) => call.callee === located('parse'))).toEqual({
      callee: located('parse'),
      count: EXPECTED.mainParseEdge.calls,
      inclusive: Math.round(EXPECTED.mainParseEdge.cumtime * NS),
    })
    expect(functions.get(located('anon25'))!.calls).toEqual([{ callee: located('tokenize'), count: 1, inclusive: Math.round(0.004 * NS) }])
  })

  it('gives the two anonymous functions on one line distinct names', () => {
    expect(located('anon10')).not.toBe(located('anon25'))
    expect(functions.has(located('anon10')) && functions.has(located('anon25'))).toBe(true)
  })
})

describe('folded stacks', () => {
  it('weights each context by own nanoseconds: flame graphs give exact self and total', () => {
    const totals = stackTotals(parseFolded(exportFolded(profile)))
    for (const key of FUNCTION_KEYS) {
      expect(totals.get(located(key))?.self ?? 0, key).toBe(Math.round(EXPECTED[key].tottime * NS))
      expect(totals.get(located(key))?.total ?? 0, key).toBeCloseTo(EXPECTED[key].cumtime * NS, -1)
    }
    expect(totals.get('(program)')!.self).toBe(Math.round(EXPECTED.programTime * NS))
  })

  it('weights each context by its exact calls with metric calls', () => {
    const totals = stackTotals(parseFolded(exportFolded(profile, { metric: 'calls' })))
    for (const key of FUNCTION_KEYS) expect(totals.get(located(key))?.self, key).toBe(EXPECTED[key].calls)
    expect(totals.has('(truncated)')).toBe(true)
  })
})

describe('pprof', () => {
  const decoded = Profile.decode(gunzipSync(exportPprof(profile)))
  const text = (index: number | bigint) => decoded.stringTable.strings[Number(index)]

  it('decodes with pprof-format and declares calls/count and wall/nanoseconds (default wall)', () => {
    expect(decoded.sampleType.map((type) => `${text(type.type)}/${text(type.unit)}`)).toEqual(['calls/count', 'wall/nanoseconds'])
    expect(text(decoded.defaultSampleType)).toBe('wall')
    expect(Number(decoded.durationNanos)).toBe(0.2 * NS)
  })

  it("gives pprof's flat and cum equal to tottime and cumtime, and flat calls equal to ncalls", () => {
    const functionName = new Map(decoded.function.map((fn) => [Number(fn.id), text(fn.name)]))
    const locationName = new Map(decoded.location.map((loc) => [Number(loc.id), functionName.get(Number(loc.line[0].functionId))!]))
    const stacks = (valueIndex: number) =>
      decoded.sample.map((sample) => ({
        frames: sample.locationId.map((id) => locationName.get(Number(id))!).reverse(),
        weight: Number(sample.value[valueIndex]),
      }))
    const calls = stackTotals(stacks(0))
    const wall = stackTotals(stacks(1))
    for (const key of FUNCTION_KEYS) {
      const name = key.startsWith('anon') ? located(key) : key // names are bare unless shared
      expect(calls.get(name)?.self, key).toBe(EXPECTED[key].calls)
      expect(wall.get(name)?.self ?? 0, key).toBe(Math.round(EXPECTED[key].tottime * NS))
      expect(wall.get(name)?.total ?? 0, key).toBeCloseTo(EXPECTED[key].cumtime * NS, -1)
    }
  })
})

describe('csv', () => {
  it('writes the table, sorted by own time, with a header row', () => {
    const rows = parseCsv(exportCsv(profile))
    expect(rows[0].slice(0, 8)).toEqual(['ncalls', 'primitive_calls', 'tottime', 'tottime_percall', 'cumtime', 'cumtime_percall', 'tottime_share', 'function'])
    const byName = rows.slice(1)
    expect(byName.map((row) => row[7]).slice(0, 2)).toEqual(['tokenize', 'main'])
    const fib = byName.find((row) => row[7] === 'fib')!
    expect(fib.slice(0, 2).map(Number)).toEqual([5, 1])
    expect(Number(fib[2])).toBeCloseTo(0.004, 12)
    expect(Number(fib[5])).toBeCloseTo(0.004, 12)
    expect(Number(byName.find((row) => row[7] === 'tokenize')![6])).toBeCloseTo(0.044 / 0.113, 12)
  })

  it('quotes fields with commas and quotes', () => {
    const odd = sampleProfile()
    odd.functions[0].name = 'say "hi", world'
    const rows = parseCsv(exportCsv(odd))
    expect(rows.some((row) => row[7] === 'say "hi", world')).toBe(true)
  })
})

describe('format dispatch', () => {
  it('infers the format from the output file name', () => {
    expect(
      ['a.prof', 'a.pstats', 'a.speedscope.json', 'x/a.cpuprofile', 'a.trace.json', 'callgrind.out.123', 'a.callgrind', 'a.folded', 'a.collapsed', 'a.pb.gz', 'a.csv'].map(formatForFile),
    ).toEqual(['pstats', 'pstats', 'speedscope', 'cpuprofile', 'trace', 'callgrind', 'callgrind', 'folded', 'folded', 'pprof', 'csv'])
    expect(formatForFile('a.json')).toBeUndefined()
  })

  it('accepts unique prefixes and names the choices otherwise', () => {
    expect(resolveFormat('speed')).toBe('speedscope')
    expect(() => resolveFormat('c')).toThrow("invalid format 'c' (choose from pstats, speedscope, cpuprofile, trace, callgrind, folded, pprof, csv)")
    expect(exportProfile(profile, 'folded')).toBe(exportFolded(profile))
  })
})
