// What one request of each fixture route calls, read off the fixture's code (fixtures/servers/src), independently
// of any profiler: a request's count × these = the route's counts in the report.
import type { ServerApp } from './server-helpers.js'

export const PRIMES_N = 2000
export const PRIMES_PATH = `/primes/${PRIMES_N}`
export const USER_PATH = '/api/users/7'
export const HEALTH_PATH = '/health'

export const ROUTE_OF_PATH: Record<string, string> = {
  [PRIMES_PATH]: 'GET /primes/:n',
  [USER_PATH]: 'GET /api/users/:id',
  [HEALTH_PATH]: 'GET /health',
}

/** Calls per request of the shared work (work.ts, data.ts), per route. */
const WORK: Record<string, Record<string, number>> = {
  'GET /primes/:n': { primesRoute: 1, countPrimes: 1, isPrime: PRIMES_N - 1 },
  'GET /api/users/:id': {
    userRoute: 1,
    loadUser: 1,
    sleep: 2, // loadUser's and query's
    'sleep.<anonymous>': 2, // the Promise executors
    findUser: 1,
    query: 1,
    'query.<anonymous>': 3, // the map callback over 3 columns
    makeRow: 3,
    parseRow: 3,
    spinFor: 1,
    formatUser: 1,
    'loadUser.<anonymous>': 1, // the timer callback, run after the response
    audit: 1,
  },
  'GET /health': { healthRoute: 1, health: 1 },
}

/** Each app's own functions on every request: middleware written in the app (and the node:http app's router). */
const PER_APP: Record<ServerApp, Record<string, number>> = {
  express: { tagRequest: 1 },
  fastify: {},
  koa: { errorHandler: 1 },
  http: { handle: 1, match: 1 },
}

export function expectedCalls(app: ServerApp, route: string): Record<string, number> {
  return { ...PER_APP[app], ...WORK[route] }
}
