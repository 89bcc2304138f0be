// `probeprof report --routes` and `--route NAME` on a real server's report, and their bad input.
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ProfileReport } from '@probeprof/runtime/report'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli, spawnCli } from '../helpers/cli.js'
import { buildApp, repoRoot, runNode, tempDir } from '../helpers/app.js'
import { HEALTH_PATH, PRIMES_N, PRIMES_PATH, USER_PATH } from './expected.js'
import { abortedRequest, buildServers, serverReport, startServer } from './server-helpers.js'

let dist: string
let dir: string
let out: string
let report: ProfileReport
const VISITS: [string, number][] = [[PRIMES_PATH, 5], [USER_PATH, 3], [HEALTH_PATH, 2], ['/fail', 1]]

beforeAll(async () => {
  dist = await buildServers()
  dir = tempDir('routes-cli-')
  out = join(dir, 'server.json')
  const server = await startServer(join(dist, 'express-app.mjs'), { PROBEPROF_OUT: out })
  for (const [path, count] of VISITS) for (let i = 0; i < count; i++) await (await fetch(`http://127.0.0.1:${server.port}${path}`)).text()
  await abortedRequest(server, USER_PATH) // hung up on, as a load generator does: aborted, not an error response
  await new Promise((resolve) => setTimeout(resolve, 50))
  await server.stop()
  report = serverReport(out)
})

describe('report --routes', () => {
  it('lists every route with its requests, error responses, aborted requests, latency, time in instrumented code and top functions', async () => {
    const result = await runCli(['report', out, '--routes', '--sort', 'requests'])
    expect(result).toMatchObject({ status: 0, stderr: '' })
    const lines = result.stdout.split('\n')
    expect(result.stdout).toMatch(/^ {9}12 requests to 4 routes \(1 errors, 1 aborted\) in [\d.]+ m?s; [\d.]+ [mµ]?s in instrumented code$/m)
    expect(lines).toContain(' requests   errors  aborted      p50      p95      max  cumtime  percall route')
    expect(lines).toContain('   Ordered by: requests')
    const rows = lines.filter((line) => /^ {0,8}\d+ +\d+ /.test(line)).map((line) => line.trim().split(/\s+/))
    expect(rows.map((cells) => [cells[0], cells[1], cells[2], cells.slice(8).join(' ')])).toEqual([
      ['5', '0', '0', 'GET /primes/:n'],
      ['4', '0', '1', 'GET /api/users/:id'],
      ['2', '0', '0', 'GET /health'],
      ['1', '1', '0', 'GET /fail'],
    ])
    // max latency is the report's own, exactly (auto unit: 4 significant digits)
    const users = report.routes!.find((r) => r.name === 'GET /api/users/:id')!
    expect(rows[1][5]).toMatch(/^\d+(\.\d+)?(ms|µs|s)$/)
    expect(toSeconds(rows[1][5])).toBeCloseTo(users.latency.max, 4)
    expect(toSeconds(rows[1][5])).toBeGreaterThanOrEqual(0.003) // two 1 ms timers and a 1 ms spin
    const top = lines[lines.findIndex((line) => line.endsWith('GET /primes/:n')) + 1]
    expect(top).toMatch(/^ {10}top own time: \w+ \([\w.-]+\.ts:\d+\) [\d.]+ [mµn]?s, \w+ \([\w.-]+\.ts:\d+\) [\d.]+ [mµn]?s, \w+ /)
  })

  it('--json gives the same numbers, with percentiles and the top functions', async () => {
    const result = await runCli(['report', out, '--routes', '--json'])
    const parsed = JSON.parse(result.stdout) as { order: string; routes: { name: string; requests: number; calls: number; latency: { p50: number; max: number }; top: { name: string }[] }[] }
    expect(parsed.order).toBe('cumulative time')
    const primes = parsed.routes.find((route) => route.name === 'GET /primes/:n')!
    expect(primes.requests).toBe(5)
    expect(primes.calls).toBe(5 * (3 + PRIMES_N - 1)) // tagRequest, primesRoute, countPrimes, isPrime × 1999
    expect(primes.latency.p50).toBeLessThanOrEqual(primes.latency.max)
    // the top functions are the route's own, by own time: what `report --route` ranks first
    const ranked = JSON.parse((await runCli(['report', out, '--route', 'GET /primes/:n', '--sort', 'tottime', '--limit', '3', '--json'])).stdout) as { functions: { name: string }[] }
    expect(primes.top.map((fn) => fn.name)).toEqual(ranked.functions.map((fn) => fn.name))
  })

  it('--json ranks ties in own time as `report --route --sort tottime` does (a counts-only run: every own time 0)', async () => {
    const countsOut = join(dir, 'counts.json')
    const server = await startServer(join(dist, 'express-app.mjs'), { PROBEPROF_OUT: countsOut, PROBEPROF_CLOCK: 'counts' })
    await (await fetch(`http://127.0.0.1:${server.port}${PRIMES_PATH}`)).text()
    await server.stop()
    const parsed = JSON.parse((await runCli(['report', countsOut, '--routes', '--json'])).stdout) as { routes: { name: string; top: { name: string; tottime: number }[] }[] }
    const primes = parsed.routes.find((route) => route.name === 'GET /primes/:n')!
    expect(primes.top.map((fn) => fn.tottime)).toEqual([0, 0, 0])
    const ranked = JSON.parse((await runCli(['report', countsOut, '--route', 'GET /primes/:n', '--sort', 'tottime', '--limit', '3', '--json'])).stdout) as { functions: { name: string }[] }
    expect(primes.top.map((fn) => fn.name)).toEqual(ranked.functions.map((fn) => fn.name))
  })

  it('merges several reports: requests add up per route', async () => {
    const copy = join(dir, 'copy.json')
    copyFileSync(out, copy)
    const parsed = JSON.parse((await runCli(['report', out, copy, '--routes', '--json'])).stdout) as { routes: { name: string; requests: number }[] }
    expect(parsed.routes.find((route) => route.name === 'GET /api/users/:id')!.requests).toBe(8)
  })

  it('restricts the routes like pstats restricts rows', async () => {
    const result = await runCli(['report', out, '--routes', '--filter', 'users'])
    expect(result.stdout).toContain("   List reduced from 4 to 1 due to restriction <'users'>")
    expect(result.stdout).toContain('GET /api/users/:id')
    expect(result.stdout).not.toContain('GET /health')
  })
})

describe('report --route NAME', () => {
  it("prints that route's cProfile table, every count exact for its requests", async () => {
    const result = await runCli(['report', out, '--route', 'GET /primes/:n', '--sort', 'calls'])
    expect(result).toMatchObject({ status: 0, stderr: '' })
    expect(result.stdout).toMatch(/^ {3}route GET \/primes\/:n: 5 requests, 0 errors; latency p50 .+, p95 .+, max .+$/m)
    expect(result.stdout).toContain(`         ${5 * (3 + PRIMES_N - 1)} function calls in `)
    expect(result.stdout).toMatch(new RegExp(`^ +${5 * (PRIMES_N - 1)} .* fixtures/servers/src/work\\.ts:\\d+\\(isPrime\\)$`, 'm'))
    expect(result.stdout).not.toContain('loadUser') // another route's function
  })

  it('works with --callers, --json and the other options', async () => {
    const callers = await runCli(['report', out, '--route', 'GET /primes/:n', '--callers', 'isPrime'])
    expect(callers.stdout).toMatch(new RegExp(`work\\.ts:\\d+\\(isPrime\\) +<- +${5 * (PRIMES_N - 1)} .*work\\.ts:\\d+\\(countPrimes\\)`))
    const json = JSON.parse((await runCli(['report', out, '--route', 'GET /api/users/:id', '--json'])).stdout) as { functions: { name: string; calls: number }[] }
    expect(json.functions.find((fn) => fn.name === 'spinFor')!.calls).toBe(4) // 3 answered, 1 aborted: its handler still ran in full
  })
})

describe('bad input', () => {
  it('an unknown route names the closest one; exit 2, one line', () => {
    const result = spawnCli(['report', out, '--route', 'GET /prime/:n'])
    expect(result.status).toBe(2)
    expect(result.stderr).toBe(
      "probeprof: error: no route 'GET /prime/:n' in this report, maybe you meant 'GET /primes/:n'? (routes: 'GET /api/users/:id', 'GET /fail', 'GET /health', 'GET /primes/:n')\n",
    )
  })

  it('a report without routes says where routes come from', async () => {
    const programDir = tempDir('routes-none-')
    await buildApp({ entryPoints: [join(repoRoot, 'fixtures/primes/src/fast.ts')], outdir: programDir, plugin: { enabled: true } })
    const plain = join(programDir, 'fast.json')
    runNode(join(programDir, 'fast.mjs'), { env: { PROBEPROF_OUT: plain, PROBEPROF_QUIET: '1' } })
    const result = spawnCli(['report', plain, '--routes'])
    expect(result.status).toBe(2)
    expect(result.stderr).toMatch(/^probeprof: error: this report has no routes: it was not written by a server profiled through @probeprof\/runtime\/server .*\n$/)
  })

  it.each([
    [['--routes', '--callers'], '--routes cannot be used with --route, --async, --callers or --callees'],
    [['--route', 'GET /health', '--async'], '--async cannot be used with --route'],
    [['--routes', '--sort', 'tottime'], "invalid route sort key 'tottime'"],
  ])('%j is refused before any file is read', async (args, message) => {
    const result = await runCli(['report', join(dir, 'missing.json'), ...args])
    expect(result.status).toBe(2)
    expect(result.stderr).toContain(message)
  })
})

function toSeconds(cell: string): number {
  const [, value, unit] = /^([\d.]+)(ms|µs|ns|s)$/.exec(cell)!
  return Number(value) * { s: 1, ms: 1e-3, µs: 1e-6, ns: 1e-9 }[unit as 's']
}
