// The server integration's other promises, on the real fixture servers: request bodies, errors, 404s and
// aborted requests; per-request profiles on demand (concurrent with unprofiled traffic); recording windows by
// signal and by API; a build without probes passing requests through; every clock mode.
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { ProfileReport } from '@probeprof/runtime/report'
import { beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/app.js'
import { expectedCalls, HEALTH_PATH, PRIMES_PATH, USER_PATH } from './expected.js'
import { abortedRequest, buildServers, load, routeCalls, routeStats, SERVER_APPS, serverReport, startServer, type RunningServer } from './server-helpers.js'

let dist: string
beforeAll(async () => {
  dist = await buildServers()
})

async function get(server: RunningServer, path: string, init: RequestInit = {}): Promise<{ status: number; body: string }> {
  const response = await fetch(`http://127.0.0.1:${server.port}${path}`, init)
  return { status: response.status, body: await response.text() }
}

function post(server: RunningServer, path: string, body: unknown): Promise<{ status: number; body: string }> {
  return get(server, path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })
}

function route(report: ProfileReport, name: string) {
  const found = report.routes?.find((r) => r.name === name)
  if (found === undefined) throw new Error(`no route ${name} in ${JSON.stringify(report.routes?.map((r) => r.name))}`)
  return found
}

describe.each(SERVER_APPS)('%s: bodies, errors, 404s, aborted requests', (app) => {
  it('counts each under its route, with its status', async () => {
    const out = join(tempDir(`features-${app}-`), 'report.json')
    const server = await startServer(join(dist, `${app}-app.mjs`), { PROBEPROF_OUT: out })
    // a body that arrives after the headers, in two packets: the handler runs from the body's 'end' event
    const echo = app === 'koa' ? undefined : await post(server, '/api/echo', { id: 5 })
    const fail = await get(server, '/fail')
    const missing = await get(server, '/no/such/route')
    await abortedRequest(server, USER_PATH)
    await sleep(50) // the aborted request's handler finishes on the server
    expect(await server.stop()).toEqual({ code: 0, signal: null })
    const report = serverReport(out)

    expect(fail.status).toBe(500)
    expect(route(report, 'GET /fail')).toMatchObject({ requests: 1, errors: 1, aborted: 0, statuses: { '500': 1 } })
    expect(routeCalls(report, 'GET /fail')).toMatchObject({ failRoute: 1, fail: 1 })
    expect(missing.status).toBe(404)
    expect(route(report, 'GET (unmatched)')).toMatchObject({ requests: 1, errors: 0, statuses: { '404': 1 } })
    expect(route(report, 'GET /api/users/:id')).toMatchObject({ requests: 1, errors: 1, aborted: 1, statuses: {} })
    // the aborted request still ran in full on the server, under its route
    expect(routeCalls(report, 'GET /api/users/:id')).toEqual(expectedCalls(app, 'GET /api/users/:id'))
    if (echo !== undefined) {
      expect(JSON.parse(echo.body)).toEqual({ id: 5, name: 'users.name', roles: 'users.role-a,users.role-b' })
      expect(route(report, 'POST /api/echo')).toMatchObject({ requests: 1, errors: 0, statuses: { '200': 1 } })
      expect(routeCalls(report, 'POST /api/echo')).toMatchObject({ echoRoute: 1, findUser: 1, query: 1, parseRow: 3, formatUser: 1 })
    }
  })
})

describe('Express routing tables', () => {
  it('names a route mounted at a parameterized path by its patterns; a sub-application once Express routes it', async () => {
    const out = join(tempDir('express-mounts-'), 'report.json')
    const server = await startServer(join(dist, 'express-app.mjs'), { PROBEPROF_OUT: out })
    expect(JSON.parse((await get(server, '/orgs/acme/members/9')).body)).toEqual({ org: 'acme', member: '9', status: true })
    await get(server, '/orgs/initech/members/3')
    await get(server, '/legacy/ping')
    await server.stop()
    const report = serverReport(out)
    expect(route(report, 'GET /orgs/:org/members/:member').requests).toBe(2) // not one route per org
    expect(routeCalls(report, 'GET /orgs/:org/members/:member')).toEqual({ tagRequest: 2, memberRoute: 2, health: 2 })
    // the sub-application's table is out of sight: the request counts under its route once Express has routed
    // it, but its calls started before that (nested in the middleware in front) count under (before routing)
    expect(route(report, 'GET /legacy/ping')).toMatchObject({ requests: 1, statuses: { '200': 1 } })
    expect(routeCalls(report, 'GET /legacy/ping')).toEqual({})
    expect(routeCalls(report, '(before routing)')).toEqual({ tagRequest: 1, pingRoute: 1, health: 1 })
  })
})

describe('per-request profiles', () => {
  it('a request with the query flag gets its own report, exact amid concurrent unprofiled requests; its route still counts it', async () => {
    const dir = tempDir('request-profiles-')
    const out = join(dir, 'report.json')
    const profiles = join(dir, 'profiles')
    const server = await startServer(join(dist, 'express-app.mjs'), { PROBEPROF_OUT: out, FIXTURE_PROFILES: profiles })
    const plain = Array.from({ length: 20 }, () => get(server, USER_PATH))
    const profiled = [get(server, '/api/users/8?profile=1'), get(server, `${PRIMES_PATH}?profile=1`)]
    const responses = await Promise.all([...plain, ...profiled])
    expect(responses.every((response) => response.status === 200)).toBe(true)
    await sleep(50) // the audit timers of the last requests
    expect(await server.stop()).toEqual({ code: 0, signal: null })

    const files = readdirSync(profiles).sort()
    expect(files).toHaveLength(2)
    expect(files[0]).toMatch(/^GET\.api\.users\.8\.\d+ms\.\d+-\d\.json$/) // Werkzeug's naming: method.path.elapsed.time
    expect(files[1]).toMatch(/^GET\.primes\.2000\.\d+ms\.\d+-\d\.json$/)
    const userReport = serverReport(join(profiles, files[0]))
    expect(userReport.routes).toHaveLength(1)
    expect(userReport.routes![0]).toMatchObject({ name: 'GET /api/users/:id', requests: 1, statuses: { '200': 1 } })
    expect(userReport.functions[userReport.routes![0].function]).toMatchObject({ file: '<request>', name: 'GET /api/users/8?profile=1 #1', calls: 1 })
    // one request's calls exactly: the 20 concurrent others are not in it; the audit timer runs after the response
    const { audit: _audit, 'loadUser.<anonymous>': _timer, ...beforeResponse } = expectedCalls('express', 'GET /api/users/:id')
    expect(callsByName(userReport)).toEqual({ 'GET /api/users/8?profile=1 #1': 1, ...beforeResponse })
    const primesReport = serverReport(join(profiles, files[1]))
    expect(callsByName(primesReport)).toEqual({ 'GET /primes/2000?profile=1 #2': 1, ...expectedCalls('express', 'GET /primes/:n') })

    // the whole report: the routes count every request, profiled ones included, calls after the response too
    const report = serverReport(out)
    expect(route(report, 'GET /api/users/:id').requests).toBe(21)
    expect(routeCalls(report, 'GET /api/users/:id')).toEqual(times(expectedCalls('express', 'GET /api/users/:id'), 21))
    expect(routeCalls(report, 'GET /primes/:n')).toEqual(times(expectedCalls('express', 'GET /primes/:n'), 1))
  })

  it('PROBEPROF_REQUEST_PROFILES turns them on with the x-probeprof header; with a token, only the right value counts', async () => {
    const dir = tempDir('request-header-')
    const profiles = join(dir, 'profiles')
    const server = await startServer(join(dist, 'fastify-app.mjs'), {
      PROBEPROF_OUT: join(dir, 'report.json'),
      PROBEPROF_REQUEST_PROFILES: profiles,
      PROBEPROF_REQUEST_TOKEN: 's3cret',
    })
    await get(server, HEALTH_PATH, { headers: { 'x-probeprof': 'guess' } })
    await get(server, HEALTH_PATH, { headers: { 'x-probeprof': 's3cret' } })
    await get(server, HEALTH_PATH)
    await server.stop()
    const files = readdirSync(profiles)
    expect(files).toHaveLength(1)
    expect(callsByName(serverReport(join(profiles, files[0])))).toEqual({ 'GET /health #1': 1, healthRoute: 1, health: 1 })
  })

  it('are off by default: the header does nothing', async () => {
    const dir = tempDir('request-off-')
    const server = await startServer(join(dist, 'fastify-app.mjs'), { PROBEPROF_OUT: join(dir, 'report.json') })
    await get(server, HEALTH_PATH, { headers: { 'x-probeprof': '1' } })
    await get(server, `${HEALTH_PATH}?probeprof=1`)
    await server.stop()
    expect(readdirSync(dir)).toEqual(['report.json'])
    expect(route(serverReport(join(dir, 'report.json')), 'GET /health').requests).toBe(2)
  })
})

describe('recording windows', () => {
  it('SIGUSR2 starts a window in a server started with PROBEPROF=0, the next one writes it; nothing else is recorded', async () => {
    const dir = tempDir('window-signal-')
    const server = await startServer(join(dist, 'express-app.mjs'), {
      PROBEPROF: '0',
      PROBEPROF_OUT: join(dir, 'exit.json'),
      PROBEPROF_WINDOW_SIGNAL: 'SIGUSR2',
      PROBEPROF_WINDOW_OUT: join(dir, 'window-%t.json'),
    })
    await load(server.port, [HEALTH_PATH], 120, 50) // before the window: not recorded
    server.child.kill('SIGUSR2')
    await sleep(200)
    const seen = await load(server.port, [HEALTH_PATH, USER_PATH], 300, 50)
    server.child.kill('SIGUSR2')
    const window = await waitForFile(dir, /^window-\d+\.json$/)
    await load(server.port, [HEALTH_PATH], 120, 50) // after the window: not recorded
    expect(await server.stop()).toEqual({ code: 0, signal: null })
    expect(server.stderr()).toBe('')

    const report = serverReport(join(dir, window))
    expect(route(report, 'GET /health').requests).toBe(seen.responses.get(HEALTH_PATH))
    expect(route(report, 'GET /api/users/:id').requests).toBe(seen.responses.get(USER_PATH))
    expect(routeCalls(report, 'GET /health')).toEqual(times(expectedCalls('express', 'GET /health'), seen.responses.get(HEALTH_PATH)!))
    expect(existsSync(join(dir, 'exit.json'))).toBe(false) // the window was written and forgotten: nothing new at exit
  })

  it('a timed window (PROBEPROF_WINDOW_SECONDS) ends and writes by itself', async () => {
    const dir = tempDir('window-timed-')
    const server = await startServer(join(dist, 'fastify-app.mjs'), {
      PROBEPROF: '0',
      PROBEPROF_OUT: join(dir, 'exit.json'),
      PROBEPROF_WINDOW_SIGNAL: 'SIGUSR2',
      PROBEPROF_WINDOW_SECONDS: '1',
      PROBEPROF_WINDOW_OUT: join(dir, 'window.json'),
    })
    server.child.kill('SIGUSR2')
    await sleep(200)
    await get(server, HEALTH_PATH)
    await get(server, HEALTH_PATH)
    await waitForFile(dir, /^window\.json$/)
    await get(server, HEALTH_PATH) // the window has ended
    await server.stop()
    expect(route(serverReport(join(dir, 'window.json')), 'GET /health').requests).toBe(2)
  })

  it('startWindow() and stopWindow() from the app: the report path comes back', async () => {
    const dir = tempDir('window-api-')
    const server = await startServer(join(dist, 'window-app.mjs'), { PROBEPROF: '0', PROBEPROF_OUT: join(dir, 'probeprof.json') })
    await get(server, '/work')
    expect(JSON.parse((await get(server, '/admin/window/start')).body)).toEqual({ started: true })
    await get(server, '/work')
    await get(server, '/work')
    const { written } = JSON.parse((await get(server, '/admin/window/stop')).body) as { written: string }
    expect(written).toMatch(/probeprof\.\d+\.json$/) // the report path with a timestamp: one file per window
    expect(JSON.parse((await get(server, '/admin/window/stop')).body)).toEqual({ written: null }) // nothing recording
    await server.stop()
    const report = serverReport(join(dir, written.split('/').pop()!))
    // the two /work requests in the window; the admin requests began before it or ended after it
    expect(report.routes!.map((r) => [r.name, r.requests])).toEqual([['GET /work', 2]])
    expect(routeCalls(report, 'GET /work')).toEqual({ handle: 2, countPrimes: 2, isPrime: 2 * 99 })
  })
})

describe('a build without probes', () => {
  it('passes every request through: same responses, no report, no output', async () => {
    const plain = await buildServers(false)
    for (const app of SERVER_APPS) {
      const dir = tempDir(`plain-${app}-`)
      const server = await startServer(join(plain, `${app}-app.mjs`), { PROBEPROF_OUT: join(dir, 'report.json'), PROBEPROF_REQUEST_PROFILES: join(dir, 'profiles') })
      expect(JSON.parse((await get(server, PRIMES_PATH, { headers: { 'x-probeprof': '1' } })).body)).toEqual({ count: 303 })
      expect(JSON.parse((await get(server, USER_PATH)).body)).toEqual({ id: 7, name: 'users.name', roles: 'users.role-a,users.role-b' })
      expect(await server.stop()).toEqual({ code: 0, signal: null })
      expect(server.stderr()).toBe('')
      expect(readdirSync(dir)).toEqual([])
    }
  })
})

describe.each(['counts', 'sampled', 'fast'])('clock %s', (clock) => {
  it('per-route requests and calls are exact; times where the mode has them', async () => {
    const out = join(tempDir(`mode-${clock}-`), 'report.json')
    const server = await startServer(join(dist, 'express-app.mjs'), { PROBEPROF_OUT: out, PROBEPROF_CLOCK: clock })
    const seen = await load(server.port, [PRIMES_PATH, USER_PATH, HEALTH_PATH], 300, 50)
    expect(await server.stop()).toEqual({ code: 0, signal: null })
    const report = serverReport(out)
    for (const [path, name] of [[PRIMES_PATH, 'GET /primes/:n'], [USER_PATH, 'GET /api/users/:id'], [HEALTH_PATH, 'GET /health']]) {
      const requests = seen.responses.get(path)!
      expect(route(report, name).requests).toBe(requests)
      expect(routeCalls(report, name)).toEqual(times(expectedCalls('express', name), requests))
    }
    const userTime = routeStats(report, 'GET /api/users/:id').profile.tree.self.reduce((sum, self) => sum + self, 0)
    const spinTotal = seen.responses.get(USER_PATH)! * 1e-3
    if (clock === 'counts') expect(userTime).toBe(0)
    else if (clock === 'fast') expect(userTime).toBeGreaterThanOrEqual(spinTotal * 0.95) // a clock thread: exact to its tick
    else expect(userTime).toBeGreaterThan(spinTotal * 0.5) // sampled: an estimate, from ~1000 samples of the spins
  })
})

function callsByName(report: ProfileReport): Record<string, number> {
  const calls: Record<string, number> = {}
  for (const fn of report.functions) calls[fn.name] = (calls[fn.name] ?? 0) + fn.calls
  return calls
}

function times(perRequest: Record<string, number>, requests: number): Record<string, number> {
  return Object.fromEntries(Object.entries(perRequest).map(([name, calls]) => [name, calls * requests]))
}

async function waitForFile(dir: string, name: RegExp, timeoutMs = 10_000): Promise<string> {
  const deadline = performance.now() + timeoutMs
  while (performance.now() < deadline) {
    const found = readdirSync(dir).find((file) => name.test(file))
    if (found !== undefined) return found
    await sleep(50)
  }
  throw new Error(`no file matching ${name} in ${dir} after ${timeoutMs} ms`)
}
