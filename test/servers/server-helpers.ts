// Real servers for the server tests: the fixtures in fixtures/servers built with the esbuild plugin (frameworks
// left in node_modules, as servers are bundled), started as Node processes on 127.0.0.1, loaded by autocannon,
// stopped with SIGTERM (they close and exit normally, so the runtime writes its report at exit).
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import autocannon from 'autocannon'
import type { ProfileReport } from '@probeprof/runtime/report'
import { Stats } from '../../packages/probeprof/dist/index.js'
import { buildApp, readReport, repoRoot, tempDir } from '../helpers/app.js'

export const SERVER_APPS = ['express', 'fastify', 'koa', 'http'] as const
/** Fixtures built with the servers but not loaded in every test. */
const OTHER_APPS = ['window']
export type ServerApp = (typeof SERVER_APPS)[number]

/** Builds the four fixture servers once per test file; `instrumented: false` is the plain build. */
export async function buildServers(instrumented = true): Promise<string> {
  const outdir = tempDir(instrumented ? 'servers-' : 'servers-plain-')
  await buildApp({
    entryPoints: [...SERVER_APPS, ...OTHER_APPS].map((app) => join(repoRoot, `fixtures/servers/src/${app}-app.ts`)),
    outdir,
    plugin: instrumented ? { enabled: true, cache: false } : undefined,
    esbuild: { packages: 'external', target: 'node20' },
  })
  return outdir
}

export interface RunningServer {
  port: number
  pid: number
  child: ChildProcess
  stderr(): string
  /** SIGTERM, then waits for the exit; the report (when the server writes one). */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** `nodeArgs`: Node's own options before the script (`--import @probeprof/register` runs a fixture from its sources). */
export async function startServer(script: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<RunningServer> {
  const child = spawn(process.execPath, [...nodeArgs, script], {
    cwd: repoRoot,
    env: { ...process.env, PROBEPROF: '', PROBEPROF_QUIET: '1', PROBEPROF_OUT: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
  const started = await new Promise<{ port: number; pid: number }>((resolve, reject) => {
    let stdout = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk
      const line = stdout.split('\n')[0]
      if (stdout.includes('\n')) resolve(JSON.parse(line) as { port: number; pid: number })
    })
    void exited.then(({ code, signal }) => reject(new Error(`${script} exited (${code ?? signal}) before listening: ${stderr}`)))
  })
  return {
    ...started,
    child,
    stderr: () => stderr,
    async stop() {
      child.kill('SIGTERM')
      return exited
    },
  }
}

export interface LoadResult {
  /** responses autocannon received, per path */
  responses: Map<string, number>
  statuses: Map<number, number>
  errors: number
  timeouts: number
  durationMs: number
}

/**
 * Sends `amount` requests over `connections` keep-alive connections, each cycling through `paths`, and counts
 * every response per path on the client side. `amount` bounds the run (autocannon stops each connection after
 * its share), and every request it sends gets its response counted: the server's counts must equal these.
 */
export async function load(port: number, paths: string[], amount: number, connections: number): Promise<LoadResult> {
  const responses = new Map<string, number>(paths.map((path) => [path, 0]))
  const statuses = new Map<number, number>()
  const started = performance.now()
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    amount,
    timeout: 30,
    requests: paths.map((path) => ({
      method: 'GET',
      path,
      onResponse: (status: number) => {
        responses.set(path, responses.get(path)! + 1)
        statuses.set(status, (statuses.get(status) ?? 0) + 1)
      },
    })),
  })
  return { responses, statuses, errors: result.errors, timeouts: result.timeouts, durationMs: performance.now() - started }
}

/** The report a stopped server wrote. */
/**
 * Sends a request and closes the connection before the response can come (the async route takes ≥ 3 ms): at once
 * when the request is written, since TCP delivers it before the close (a timer here fired after the response
 * on a loaded machine).
 */
export function abortedRequest(server: RunningServer, path: string): Promise<void> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port: server.port, path })
    req.on('error', () => resolve())
    req.end(() => req.destroy())
    req.on('close', () => resolve())
  })
}

export function serverReport(path: string): ProfileReport {
  if (!existsSync(path)) throw new Error(`the server wrote no report at ${path}`)
  return readReport(path)
}

/** Calls per function name in one route's profile (through the report library, as `report --route` reads it). */
export function routeCalls(report: ProfileReport, route: string): Record<string, number> {
  const stats = new Stats(report).route(route)
  const calls: Record<string, number> = {}
  for (const fn of stats.profile.functions) calls[fn.name] = (calls[fn.name] ?? 0) + fn.calls
  return calls
}

/** One route's profile as the report library derives it. */
export function routeStats(report: ProfileReport, route: string): Stats {
  return new Stats(report).route(route)
}
