// `probeprof export` on a real run (the primes app, built with the esbuild plugin, run in Node), spawned as a
// user runs it: the format comes from the output name, and each file is read back by its format's reader and
// checked against the report's own numbers. Bad input gets one line and exit status 2.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { Ajv } from 'ajv'
import { Profile } from 'pprof-format'
import { beforeAll, describe, expect, it } from 'vitest'
import { exportFolded, loadReport, type ProfileData } from 'probeprof'
import { repoRoot } from '../helpers/app.js'
import { BIN, recordPrimes } from './primes-run.js'
import { parseCallgrind, parseCsv, parseFolded, readCpuprofile, readTraceEvents, stackTotals } from './readers.js'

function probeprof(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: repoRoot, encoding: 'buffer', timeout: 60_000 })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.toString('utf8') }
}

describe('probeprof export on a real run', () => {
  let dir: string
  let report: string
  let profile: ProfileData
  const out = (name: string) => join(dir, name)
  const fn = (name: string) => profile.functions.find((f) => f.name === name)!
  const NS = 1e9

  beforeAll(async () => {
    ;({ dir, report } = await recordPrimes())
    profile = loadReport(report)
  })

  function exportTo(name: string, ...extra: string[]): Buffer {
    const result = probeprof('export', report, '-o', out(name), ...extra)
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    expect(result.stdout.toString()).toMatch(new RegExp(`^wrote .*${name.replace(/\./g, '\\.')} \\(\\w+, [\\d.]+ [KM]?B\\); open it with: `))
    return readFileSync(out(name))
  }

  it('pstats: python3 pstats reads our counts for every function', () => {
    exportTo('profile.prof')
    const script = 'import json,pstats,sys; print(json.dumps([[k[2], v[0], v[1], v[2]] for k, v in pstats.Stats(sys.argv[1]).stats.items()]))'
    const rows: [string, number, number, number][] = JSON.parse(spawnSync('python3', ['-c', script, out('profile.prof')], { encoding: 'utf8' }).stdout)
    expect(rows.length).toBe(profile.functions.length)
    const fib = rows.find(([name]) => name === 'fib')!
    expect(fib.slice(1, 3)).toEqual([fn('fib').primitiveCalls, fn('fib').calls])
    expect(fib[3]).toBeCloseTo(fn('fib').tottime, 12)
  })

  it("speedscope: valid against speedscope's schema; the calls profile gives isPrime's exact count", () => {
    const file = JSON.parse(exportTo('profile.speedscope.json').toString())
    const schema = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('speedscope/dist/release/file-format-schema.json'), 'utf8'))
    const validate = new Ajv({ strict: false }).compile(schema)
    expect(validate(file), JSON.stringify(validate.errors)).toBe(true)
    const calls = file.profiles[1]
    const isPrime = String(profile.functions.indexOf(fn('isPrime')))
    const totals = stackTotals(calls.samples.map((stack: number[], i: number) => ({ frames: stack.map(String), weight: calls.weights[i] })))
    expect(totals.get(isPrime)!.self).toBe(fn('isPrime').calls)
  })

  it('cpuprofile: self and total per function equal tottime and cumtime', () => {
    const { frames, zeroDeltas } = readCpuprofile(JSON.parse(exportTo('profile.cpuprofile').toString()))
    expect(zeroDeltas).toBe(0)
    // positions are quantized to 1/1024 µs per context: at most half of that off per context summed
    const tolerance = (profile.tree.fn.length * 0.5) / 1024 + 1e-9
    for (const f of profile.functions) {
      const frame = frames.get(`${f.name} ${f.file}:${f.line}:${f.column}`)
      expect(Math.abs((frame?.self ?? 0) - f.tottime * 1e6), f.name).toBeLessThan(tolerance)
      expect(Math.abs((frame?.total ?? 0) - f.cumtime * 1e6), f.name).toBeLessThan(tolerance)
    }
  })

  it('trace: nested X events whose self and total equal tottime and cumtime', () => {
    const trace = JSON.parse(exportTo('profile.trace.json').toString())
    const totals = readTraceEvents(trace.traceEvents)
    const isPrime = fn('isPrime')
    const frame = totals.get(`isPrime (${isPrime.file}:${isPrime.line})`)!
    const tolerance = (profile.tree.fn.length * 0.5) / 1024 + 1e-9 // µs: positions are in 1/1024 µs
    expect(Math.abs(frame.self - isPrime.tottime * 1e6)).toBeLessThan(tolerance)
    expect(Math.abs(frame.total - isPrime.cumtime * 1e6)).toBeLessThan(tolerance)
  })

  it('callgrind: calls= lines carry every edge with its exact count', () => {
    const { functions } = parseCallgrind(exportTo('callgrind.out.primes').toString())
    const label = (index: number) => {
      const f = profile.functions[index]
      return [...functions.keys()].find((key) => key.startsWith(`${f.name} (${f.file}:${f.line}`))!
    }
    for (const edge of profile.edges) {
      const call = functions.get(label(edge.caller))!.calls.find((c) => c.callee === label(edge.callee))
      expect(call?.count).toBe(edge.calls)
      expect(call?.inclusive).toBe(Math.round(edge.cumtime * NS))
    }
  })

  it("callgrind: valgrind's callgrind_annotate reads it: totals, own time per function, exact counts per caller", () => {
    exportTo('callgrind.out.annotate')
    const annotate = (...args: string[]) => spawnSync('callgrind_annotate', [...args, out('callgrind.out.annotate')], { encoding: 'utf8' })
    const flat = annotate('--auto=no')
    expect(flat.status, flat.stderr).toBe(0)
    const ns = (seconds: number) => Math.round(seconds * NS).toLocaleString('en-US')
    const totalTime = profile.functions.reduce((sum, f) => sum + f.tottime, 0)
    expect(flat.stdout).toMatch(new RegExp(`^${ns(totalTime)} \\(100\\.0%\\)\\s+PROGRAM TOTALS$`, 'm'))
    const isPrime = fn('isPrime')
    expect(flat.stdout).toContain(`${ns(isPrime.tottime)} `)
    expect(flat.stdout).toMatch(new RegExp(`${ns(isPrime.tottime)} \\([\\d. ]+%\\)\\s+${isPrime.file}:isPrime \\(`))
    const fibIndex = profile.functions.indexOf(fn('fib'))
    const recursive = profile.edges.find((edge) => edge.caller === fibIndex && edge.callee === fibIndex)!
    const tree = annotate('--auto=no', '--tree=caller')
    expect(tree.stdout).toContain(`fib (${fn('fib').file}:${fn('fib').line}) (${recursive.calls.toLocaleString('en-US')}x)`)
  })

  it('folded: stdout when no -o, identical to the library; --metric calls sums to the total calls', () => {
    const result = probeprof('export', report, '--format', 'folded')
    expect(result.status).toBe(0)
    expect(result.stdout.toString()).toBe(exportFolded(profile))
    const calls = probeprof('export', report, '--format', 'folded', '--metric', 'calls')
    const total = parseFolded(calls.stdout.toString()).reduce((sum, line) => sum + line.weight, 0)
    expect(total).toBe(profile.functions.reduce((sum, f) => sum + f.calls, 0))
  })

  it('pprof: decodes with pprof-format; the calls sample type sums to the total calls', () => {
    const decoded = Profile.decode(gunzipSync(exportTo('profile.pb.gz')))
    const total = decoded.sample.reduce((sum, sample) => sum + Number(sample.value[0]), 0)
    expect(total).toBe(profile.functions.reduce((sum, f) => sum + f.calls, 0))
  })

  it('csv: one row per function, sorted as asked', () => {
    const rows = parseCsv(exportTo('profile.csv', '--sort', 'calls').toString())
    expect(rows.length).toBe(profile.functions.length + 1)
    expect(rows[1][7]).toBe('fib')
    expect(Number(rows[1][0])).toBe(fn('fib').calls)
  })

  it('html: writes a self-contained page', () => {
    const result = probeprof('html', report, '-o', out('report.html'))
    expect(result.status).toBe(0)
    expect(result.stdout.toString()).toMatch(/^wrote .*report\.html \([\d.]+ KB, works offline\); open it in a browser: file:\/\//)
    const html = readFileSync(out('report.html'), 'utf8')
    expect(html).toContain('"name":"isPrime"')
    expect(html).not.toMatch(/<script[^>]+src=/)
  })

  it('bad input: one line, exit status 2, nothing written', () => {
    const cases: [string[], RegExp][] = [
      [['export', report, '-o', out('x.json')], /^probeprof: error: cannot tell the format from '.*x\.json'; pass --format \(choose from pstats, speedscope/],
      [['export', report, '--format', 'speedscoop', '-o', out('x.json')], /^probeprof: error: invalid format 'speedscoop' \(choose from /],
      [['export', report, '--format', 'folded', '--metric', 'weight'], /^probeprof: error: invalid --metric 'weight' \(choose from time, calls, bytes\)/],
      [['export', report, '--format', 'folded', '--metric', 'bytes'], /^probeprof: error: the profile has no memory data for --metric bytes; record it with PROBEPROF_MEMORY=1/],
      [['export', report, '--sort', 'cumtme', '-o', out('x.csv')], /^probeprof: error: invalid sort key 'cumtme'/],
      [['export', join(dir, 'missing.json'), '-o', out('x.csv')], /^probeprof: error: cannot read profile '.*missing\.json': no such file/],
      [['export', report, '-o', join(dir, 'no/such/dir/p.prof')], /^probeprof: error: cannot write '.*p\.prof': its directory does not exist/],
      [['export'], /^probeprof: error: export needs a report file/],
      [['html', report, '-o', report], /^probeprof: error: refusing to overwrite the report/],
      [['view', report, '--port', 'http'], /^probeprof: error: invalid --port 'http'/],
    ]
    const before = readdirSync(dir).sort()
    for (const [args, message] of cases) {
      const result = probeprof(...args)
      expect(result.status, args.join(' ')).toBe(2)
      expect(result.stderr, args.join(' ')).toMatch(message)
      expect(result.stderr.trim().split('\n').length, args.join(' ')).toBe(1)
    }
    expect(readdirSync(dir).sort()).toEqual(before)
    expect(existsSync(out('x.json'))).toBe(false)
  })

  it('counts-only runs: cpuprofile is refused with what to use instead; pprof still has the exact counts', async () => {
    const counts = await recordPrimes({ PROBEPROF_CLOCK: 'counts' })
    const refused = probeprof('export', counts.report, '-o', join(counts.dir, 'p.cpuprofile'))
    expect(refused.status).toBe(2)
    expect(refused.stderr).toMatch(/^probeprof: error: cannot export a \.cpuprofile: the profile has no times \(recorded with clock 'counts'\); export speedscope, pprof/)
    expect(existsSync(join(counts.dir, 'p.cpuprofile'))).toBe(false)
    const ok = probeprof('export', counts.report, '-o', join(counts.dir, 'p.pb.gz'))
    expect(ok.status).toBe(0)
    const decoded = Profile.decode(gunzipSync(readFileSync(join(counts.dir, 'p.pb.gz'))))
    expect(decoded.stringTable.strings[Number(decoded.defaultSampleType)]).toBe('calls')
    const calls = decoded.sample.reduce((sum, sample) => sum + Number(sample.value[0]), 0)
    expect(calls).toBe(loadReport(counts.report).functions.reduce((sum, f) => sum + f.calls, 0))
  })
})
