// An unbundled Express 5 server profiled with `node --import @probeprof/register` (no build: the fixture's
// TypeScript sources through the loader hooks, Express and its dependencies through the require hook, left
// unprofiled), loaded by autocannon on 127.0.0.1: every route's requests equal the responses autocannon counted,
// every function's calls in a route equal requests × its calls per request (read off the code, expected.ts), and
// `probeprof report --routes` lists the routes with those requests. The same for a CommonJS server, whose files all
// come through the require hook.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot, tempDir } from '../helpers/app.js'
import { runCli } from '../helpers/cli.js'
import { expectedCalls, HEALTH_PATH, PRIMES_PATH, ROUTE_OF_PATH, USER_PATH } from '../servers/expected.js'
import { load, routeCalls, serverReport, startServer } from '../servers/server-helpers.js'

const CONNECTIONS = 20
const REQUESTS = 600
const PATHS = [PRIMES_PATH, USER_PATH, HEALTH_PATH]

describe('node --import @probeprof/register: an unbundled Express server under load', () => {
  it(`${REQUESTS} requests over ${CONNECTIONS} connections: exact per-route requests and calls, and report --routes`, async () => {
    const out = join(tempDir('register-express-'), 'server.json')
    const script = join(repoRoot, 'fixtures/servers/src/express-app.ts')
    const server = await startServer(script, { PROBEPROF: '1', PROBEPROF_OUT: out }, ['--import', '@probeprof/register'])
    const seen = await load(server.port, PATHS, REQUESTS, CONNECTIONS)
    const exit = await server.stop()
    expect(server.stderr()).toBe('')
    expect(exit).toEqual({ code: 0, signal: null })
    expect(seen.errors).toBe(0)
    expect(seen.statuses).toEqual(new Map([[200, REQUESTS]]))
    const report = serverReport(out)

    for (const path of PATHS) {
      const name = ROUTE_OF_PATH[path]
      const requests = seen.responses.get(path)!
      expect(requests).toBeGreaterThan(REQUESTS / 4) // each connection cycles through the three paths
      const route = report.routes!.find((r) => r.name === name)!
      expect({ name, requests: route.requests, errors: route.errors, statuses: route.statuses }).toEqual({ name, requests, errors: 0, statuses: { '200': requests } })
      const expected = Object.fromEntries(Object.entries(expectedCalls('express', name)).map(([fn, calls]) => [fn, calls * requests]))
      expect(routeCalls(report, name)).toEqual(expected)
    }
    expect(report.routes!.map((r) => r.name).sort()).toEqual(Object.values(ROUTE_OF_PATH).sort())
    // the rows are the TypeScript sources', and no dependency was instrumented
    expect(report.functions.find((fn) => fn.name === 'isPrime')!.file).toBe('fixtures/servers/src/work.ts')
    expect(report.functions.filter((fn) => fn.file.includes('node_modules'))).toEqual([])

    const routes = await runCli(['report', out, '--routes', '--sort', 'requests'])
    expect(routes).toMatchObject({ status: 0, stderr: '' })
    expect(routes.stdout).toMatch(new RegExp(`^ {9}${REQUESTS} requests to 3 routes \\(0 errors, 0 aborted\\) in `, 'm'))
    const rows = routes.stdout.split('\n').filter((line) => /^ {0,8}\d+ +\d+ /.test(line)).map((line) => line.trim().split(/\s+/))
    const byRoute = Object.fromEntries(rows.map((cells) => [cells.slice(8).join(' '), Number(cells[0])]))
    expect(byRoute).toEqual(Object.fromEntries(PATHS.map((path) => [ROUTE_OF_PATH[path], seen.responses.get(path)])))
  })

  it('a CommonJS Express server (require all the way down, fixtures/node-cjs): exact per-route requests and calls', async () => {
    const out = join(tempDir('register-express-cjs-'), 'server.json')
    const server = await startServer(join(repoRoot, 'fixtures/node-cjs/express-server.cjs'), { PROBEPROF: '1', PROBEPROF_OUT: out }, ['--import', '@probeprof/register'])
    const paths = ['/primes/500', '/health']
    const seen = await load(server.port, paths, 300, 10)
    const exit = await server.stop()
    expect(server.stderr()).toBe('')
    expect(exit).toEqual({ code: 0, signal: null })
    expect(seen.statuses).toEqual(new Map([[200, 300]]))
    const report = serverReport(out)
    const primes = seen.responses.get('/primes/500')!
    const healthy = seen.responses.get('/health')!
    expect(primes + healthy).toBe(300)
    expect(report.routes!.map((r) => [r.name, r.requests]).sort()).toEqual([['GET /health', healthy], ['GET /primes/:n', primes]])
    // read off work.js: countPrimes(500) calls isPrime for 2..500
    expect(routeCalls(report, 'GET /primes/:n')).toEqual({ primesRoute: primes, countPrimes: primes, isPrime: 499 * primes })
    expect(routeCalls(report, 'GET /health')).toEqual({ healthRoute: healthy, health: healthy })
    expect(report.functions.find((fn) => fn.name === 'isPrime')!.file).toBe('fixtures/node-cjs/work.js')
    expect(report.functions.filter((fn) => fn.file.includes('node_modules'))).toEqual([])
  })
})
