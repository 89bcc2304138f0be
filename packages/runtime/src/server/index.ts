// @probeprof/runtime/server: profile a web server per route and per request. Node only; no dependency on any
// framework (each adapter reads the framework's objects structurally).
//
//   app.use(profileExpress())                          // Express: first middleware
//   await app.register(profileFastify())               // Fastify
//   app.use(profileKoa())                              // Koa (+ @koa/router)
//   http.createServer(profileHttp(listener))           // node:http
//
// In a build without probes every adapter passes requests through untouched.

import type { Profiler } from '../profiler.js'
import type { WindowOptions } from './window.js'
import { serverState } from './server-state.js'

export { profileHttp, type HttpProfileOptions } from './adapters/http.js'
export { profileExpress, type ExpressRequest } from './adapters/express.js'
export { profileFastify, type FastifyPlugin } from './adapters/fastify.js'
export { profileKoa, type KoaContextLike } from './adapters/koa.js'
export type { ServerOptions, RequestProfileOptions } from './options.js'
export type { WindowOptions } from './window.js'

/**
 * Starts a recording window now: everything recorded so far is forgotten, recording starts, and with
 * `seconds` it ends by itself and writes its report. False when nothing in this process is instrumented.
 */
export function startWindow(options: WindowOptions = {}): boolean {
  const server = serverState()
  if (server === undefined) return false
  server.windows.start(options)
  return true
}

/** Ends the recording: writes its report, then stops. The report's path, or null when nothing was recording. */
export function stopWindow(): string | null {
  return serverState()?.windows.stop() ?? null
}

/** The profiler the server integration records into, or undefined in a build without probes. */
export function serverProfiler(): Profiler | undefined {
  return serverState()?.profiler
}
