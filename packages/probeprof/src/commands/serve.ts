// `probeprof serve [--port N] [--out DIR|pattern] [--coop-coep] [--dir STATIC_DIR]`: a collector on 127.0.0.1 for
// pages built with `runtime: { collect: '/__probeprof' }` (collector.ts writes each report and says where), and,
// with --dir, the pages themselves, with --coop-coep cross-origin isolated (performance.now() at 5 µs instead of
// 100 µs, and the `fast` and `sampled` clocks). Serves until Ctrl-C.

import { createReadStream, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, resolve, sep } from 'node:path'
import { defineCommand, HELP_OPTION } from '../cli/command.js'
import { COLLECT_PATH, createCollector } from '../collector.js'
import { ProbeprofError } from '../errors.js'
import { CONTENT_TYPES } from '../html/speedscope-server.js'
import type { Output } from '../stats.js'
import { parsePort, stopSignal } from './view.js'

export const SERVE_OPTIONS = {
  port: { type: 'string', short: 'p', value: 'N', description: 'port to listen on, on 127.0.0.1 (default: any free port)' },
  out: {
    type: 'string',
    short: 'o',
    value: 'DIR|PATTERN',
    description: 'where reports go: a directory, or a file name pattern (%t: arrival time in ms, %n: page load number, %%: a %)',
    defaultText: 'probeprof-page-%t.json in the working directory',
  },
  'coop-coep': {
    type: 'boolean',
    description: 'serve --dir with Cross-Origin-Opener-Policy and -Embedder-Policy: the page is cross-origin isolated (performance.now() in 5 µs steps instead of 100 µs)',
  },
  dir: { type: 'string', value: 'STATIC_DIR', description: 'also serve the files of this directory (index.html for a directory)' },
  help: HELP_OPTION,
} as const

/** Headers that make a page cross-origin isolated (its subresources must then be same-origin, or CORP/CORS-enabled). */
const ISOLATION_HEADERS = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'same-origin',
}

export interface ServeCommandOptions {
  port?: string
  out?: string
  coopCoep?: boolean
  dir?: string
}

export interface ServeIO {
  stdout: Output
  stderr: Output
  /** Resolves when the user wants to stop (default: SIGINT or SIGTERM). */
  stopped?: Promise<unknown>
}

export async function runServe(options: ServeCommandOptions, io: ServeIO): Promise<number> {
  const port = options.port === undefined ? 0 : parsePort(options.port)
  const staticRoot = options.dir === undefined ? undefined : staticDirectory(options.dir)
  if (options.coopCoep && staticRoot === undefined) {
    throw new ProbeprofError('--coop-coep needs --dir: the headers isolate the pages serve serves, e.g. probeprof serve --dir dist --coop-coep')
  }
  const collector = createCollector({
    out: options.out,
    onReport: (line) => io.stdout.write(`${line}\n`),
    onRefused: (line) => io.stderr.write(`probeprof: ${line}\n`),
  })
  const isolation = options.coopCoep ? ISOLATION_HEADERS : {}
  const server = createServer((request, response) => {
    if (collector.handle(request, response)) return
    if (staticRoot === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`this collector takes reports at POST ${COLLECT_PATH}; start it with --dir to serve pages too\n`)
      return
    }
    serveStatic(staticRoot, request, response, isolation)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new ProbeprofError(`cannot listen on 127.0.0.1:${port}: the port is in use; pick another with --port`) : error),
    )
    server.listen(port, '127.0.0.1', resolve)
  })
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  io.stdout.write(`collecting reports at ${base}${COLLECT_PATH} (pages built with runtime: { collect: '${COLLECT_PATH}' })\n`)
  if (staticRoot !== undefined) io.stdout.write(`serving ${options.dir} at ${base}/${options.coopCoep ? ' (cross-origin isolated)' : ''}\n`)
  io.stdout.write('press Ctrl-C to stop\n')
  await (io.stopped ?? stopSignal())
  await new Promise<void>((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
  return 0
}

function staticDirectory(dir: string): string {
  const root = resolve(dir)
  let isDirectory: boolean
  try {
    isDirectory = statSync(root).isDirectory()
  } catch {
    throw new ProbeprofError(`cannot serve --dir '${dir}': no such directory`)
  }
  if (!isDirectory) throw new ProbeprofError(`cannot serve --dir '${dir}': it is a file, not a directory`)
  return root
}

/** GET/HEAD of a file under `root` (a directory: its index.html); nothing outside `root` is ever read. */
function serveStatic(root: string, request: IncomingMessage, response: ServerResponse, headers: Record<string, string>): void {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD', ...headers }).end()
    return
  }
  let path: string
  try {
    path = resolve(root, '.' + decodeURIComponent(new URL(request.url ?? '/', 'http://serve').pathname))
  } catch {
    response.writeHead(400, headers).end()
    return
  }
  if (path !== root && !path.startsWith(root + sep)) {
    response.writeHead(404, headers).end()
    return
  }
  let file = path
  try {
    if (statSync(file).isDirectory()) file = join(file, 'index.html')
    statSync(file)
  } catch {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end('not found\n')
    return
  }
  response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store', ...headers })
  if (request.method === 'HEAD') response.end()
  else createReadStream(file).on('error', () => response.destroy()).pipe(response)
}

export const command = defineCommand({
  summary: 'collect the reports of pages (POST /__probeprof) and write each to a file; optionally serve the pages, cross-origin isolated',
  usage: 'probeprof serve [--port N] [--out DIR|PATTERN] [--dir STATIC_DIR [--coop-coep]]',
  options: SERVE_OPTIONS,
  details: [
    "pages built with runtime: { collect: '/__probeprof' } send their report when hidden or left; e.g.",
    '  PROBEPROF=1 node build.mjs && probeprof serve --dir dist --coop-coep --out reports/',
  ],
  run: ({ values }, io) => runServe({ port: values.port, out: values.out, coopCoep: values['coop-coep'] === true, dir: values.dir }, io),
})
