// `probeprof view`: speedscope served from the speedscope npm package on 127.0.0.1, no network needed. The
// page loads our export through speedscope's own `#profileURL=` parameter, so what the user sees is exactly
// what speedscope makes of the file.

import { readFileSync, readdirSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRequire } from 'node:module'
import { dirname, extname, join } from 'node:path'
import { ProbeprofError } from '../errors.js'

/** Content types by extension, for the files the CLI's servers serve (speedscope's, and `probeprof serve --dir`). */
export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
}

export interface SpeedscopeServerOptions {
  /** default 127.0.0.1: the profile is not for the network */
  host?: string
  /** default 0: any free port */
  port?: number
  /** shown as the page title */
  title?: string
  /** the profile's file name, from which speedscope picks its importer (default profile.speedscope.json) */
  fileName?: string
}

export interface SpeedscopeServer {
  /** The URL that opens speedscope with the profile loaded. */
  url: string
  /** The profile's own URL. */
  profileUrl: string
  close(): Promise<void>
}

/** Where the speedscope package keeps its built web app. */
export function speedscopeDirectory(): string {
  try {
    return dirname(createRequire(import.meta.url).resolve('speedscope/dist/release/index.html'))
  } catch {
    throw new ProbeprofError("cannot find the 'speedscope' package; reinstall probeprof (npm install probeprof)")
  }
}

/** Serves speedscope and one profile (any format speedscope imports, named by `fileName`) until close(). */
export async function serveSpeedscope(profileText: string | Uint8Array, opts: SpeedscopeServerOptions = {}): Promise<SpeedscopeServer> {
  const directory = speedscopeDirectory()
  const files = new Set(readdirSync(directory)) // only the app's own files are served: no path ever reaches the disk
  const profile = Buffer.from(profileText)
  const profilePath = `/profile/${encodeURIComponent(opts.fileName ?? 'profile.speedscope.json')}`
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end()
      return
    }
    if (path === decodeURIComponent(profilePath)) {
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(profile)
      return
    }
    const name = path === '/' ? 'index.html' : path.slice(1)
    if (!files.has(name)) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n')
      return
    }
    response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(name)] ?? 'application/octet-stream' }).end(readFileSync(join(directory, name)))
  })
  const host = opts.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new ProbeprofError(`cannot serve speedscope on ${host}:${opts.port}: the port is in use; pick another with --port`) : error),
    )
    server.listen(opts.port ?? 0, host, resolve)
  })
  const { port } = server.address() as AddressInfo
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  const profileUrl = `${base}${profilePath}`
  const hash = [`profileURL=${encodeURIComponent(profileUrl)}`, ...(opts.title ? [`title=${encodeURIComponent(opts.title)}`] : [])].join('&')
  return {
    url: `${base}/#${hash}`,
    profileUrl,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
