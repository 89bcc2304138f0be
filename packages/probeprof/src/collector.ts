// The collector of page reports: a request handler for POST /__probeprof that `probeprof serve` and the Vite dev
// server (@probeprof/vite) both mount. A page built with `runtime: { collect: '/__probeprof' }` sends its report
// there when it is hidden or left (packages/runtime/src/collect.ts); each is validated by the report loader and
// written atomically to a file of its page load's own, and one line says where.

import { existsSync, mkdirSync, statSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { dirname, extname, isAbsolute, join, relative, resolve } from 'node:path'
import { writeOutput } from './commands/write-output.js'
import { ProbeprofError } from './errors.js'
import { parseReport } from './load.js'

/** The path pages post their reports to. */
export const COLLECT_PATH = '/__probeprof'

/** The file name pattern of reports when `out` names a directory, or nothing. */
export const K_DEFAULT_REPORT_PATTERN = 'probeprof-page-%t.json'

/** A report body past this is refused (413) before it is read to the end: no page's report comes near it. */
const K_MAX_REPORT_BYTES = 512 * 1024 * 1024

/** What a page load calls itself (`?load=`): the runtime sends `<base36 time>-<base36 random>`. */
const PAGE_LOAD_ID = /^[\w-]{1,64}$/

/** Names tried after the pattern's own, `-2` … before the extension, before giving up. */
const K_MAX_NAME_ATTEMPTS = 1000

export interface CollectorOptions {
  /**
   * Where reports go: a directory (existing, or ending in `/`), whose files are named `probeprof-page-%t.json`, or
   * a file name pattern: `%t` the time the page load's first report arrived (ms since the epoch), `%n` the page
   * load's number in this collector (1, 2, …), `%%` a `%`. A name that is taken gets `-2`, `-3`, … before its
   * extension: no report replaces a file that was there before, or another page load's.
   */
  out?: string
  /** Relative `out` paths and the printed paths are relative to it (default: the working directory). */
  cwd?: string
  /** One line per report written: `wrote <path> (N calls in M functions) from <page url>`. */
  onReport(line: string): void
  /** One line per request refused (a body that is not a report, a write that failed). */
  onRefused(line: string): void
}

export interface Collector {
  /**
   * Handles the request if it is for COLLECT_PATH (and returns true), else leaves it to the caller's other
   * routes (and returns false). The answer: 204 once the report is on disk, 400 with one line for a body that is
   * not a report, 405, 413, or 500 if the file cannot be written; CORS headers on each, so a page of another
   * origin may post (its reports are `text/plain`: no preflight is needed, and OPTIONS is answered anyway).
   */
  handle(request: IncomingMessage, response: ServerResponse): boolean
  /** Reports written so far (each page load's latest). */
  readonly written: number
}

interface PageLoad {
  path: string
  /** the `seq` of the report on disk: one arriving later with a lower one is older and is dropped */
  seq: number
}

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers': 'content-type',
}

export function createCollector(options: CollectorOptions): Collector {
  const cwd = options.cwd ?? process.cwd()
  const pattern = reportPattern(options.out ?? '.', cwd)
  const loads = new Map<string, PageLoad>()
  /** names given out in this collector: taken even before their file exists */
  const claimed = new Set<string>()
  let pageLoads = 0
  let written = 0

  const display = (path: string): string => {
    const inside = relative(cwd, path)
    return inside.startsWith('..') || isAbsolute(inside) ? path : inside
  }
  const claimName = (): string => {
    const base = expandPattern(pattern, Date.now(), ++pageLoads)
    const extension = extname(base)
    const stem = base.slice(0, base.length - extension.length)
    for (let attempt = 1; attempt <= K_MAX_NAME_ATTEMPTS; attempt++) {
      const candidate = attempt === 1 ? base : `${stem}-${attempt}${extension}`
      if (!claimed.has(candidate) && !existsSync(candidate)) {
        claimed.add(candidate)
        return candidate
      }
    }
    throw new ProbeprofError(`cannot name the report: ${display(base)} and the ${K_MAX_NAME_ATTEMPTS - 1} names after it are taken`)
  }
  const answer = (response: ServerResponse, status: number, line?: string) => {
    response.writeHead(status, line === undefined ? CORS_HEADERS : { ...CORS_HEADERS, 'content-type': 'text/plain; charset=utf-8' })
    response.end(line === undefined ? undefined : `${line}\n`)
  }

  const receive = (request: IncomingMessage, response: ServerResponse, text: string) => {
    const from = request.headers.referer ?? request.headers.origin ?? request.socket.remoteAddress ?? 'an unknown page'
    let report
    try {
      report = parseReport(text)
    } catch (error) {
      if (!(error instanceof ProbeprofError)) throw error
      options.onRefused(`refused a report from ${from}: ${error.message}`)
      answer(response, 400, error.message)
      return
    }
    const query = new URL(request.url ?? '/', 'http://collector').searchParams
    const loadId = query.get('load')
    const seq = Number(query.get('seq') ?? 0)
    const known = loadId !== null && PAGE_LOAD_ID.test(loadId) ? loads.get(loadId) : undefined
    if (known !== undefined && seq <= known.seq) {
      answer(response, 204) // an older report of this page load, overtaken by a newer one on the way
      return
    }
    let path: string
    try {
      path = known?.path ?? claimName()
      mkdirSync(dirname(path), { recursive: true })
      writeOutput(path, text)
    } catch (error) {
      const message = error instanceof ProbeprofError ? error.message : `cannot write the report: ${(error as Error).message}`
      options.onRefused(`could not keep a report from ${from}: ${message}`)
      answer(response, 500, message)
      return
    }
    if (known !== undefined) known.seq = seq
    else if (loadId !== null && PAGE_LOAD_ID.test(loadId)) loads.set(loadId, { path, seq })
    written++
    const calls = report.functions.reduce((sum, fn) => sum + fn.calls, 0)
    const page = report.sources[0]?.host.url ?? from
    options.onReport(
      `wrote ${display(path)} (${calls.toLocaleString('en-US')} calls in ${report.functions.length.toLocaleString('en-US')} functions) from ${page}`,
    )
    answer(response, 204)
  }

  return {
    get written() {
      return written
    },
    handle(request, response) {
      const url = new URL(request.url ?? '/', 'http://collector')
      if (url.pathname !== COLLECT_PATH) return false
      if (request.method === 'OPTIONS') {
        answer(response, 204)
        return true
      }
      if (request.method !== 'POST') {
        response.setHeader('allow', 'POST, OPTIONS')
        answer(response, 405, `${COLLECT_PATH} takes a report by POST (pages built with runtime: { collect: '${COLLECT_PATH}' } send theirs)`)
        return true
      }
      const declared = Number(request.headers['content-length'] ?? 0)
      if (declared > K_MAX_REPORT_BYTES) {
        answer(response, 413, `a report of ${declared} bytes is over the collector's ${K_MAX_REPORT_BYTES} bytes`)
        request.resume()
        return true
      }
      const chunks: Buffer[] = []
      let bytes = 0
      let refused = false
      request.on('data', (chunk: Buffer) => {
        bytes += chunk.length
        if (bytes > K_MAX_REPORT_BYTES && !refused) {
          refused = true
          answer(response, 413, `a report over the collector's ${K_MAX_REPORT_BYTES} bytes`)
        }
        if (!refused) chunks.push(chunk)
      })
      request.on('end', () => {
        if (refused) return
        try {
          receive(request, response, Buffer.concat(chunks).toString('utf8'))
        } catch (error) {
          // a bug of ours must not take the dev server or `probeprof serve` down with it
          const line = `internal error: ${(error as Error).message} (set PROBEPROF_DEBUG=1 and report it)`
          options.onRefused(`could not keep a report: ${line}`)
          if (!response.headersSent) answer(response, 500, line)
        }
      })
      request.on('error', () => {}) // a page unloaded mid-request: nothing arrived, nothing is written
      return true
    },
  }
}

/** `out` as an absolute file name pattern: a directory gets the default name inside it. */
function reportPattern(out: string, cwd: string): string {
  const path = resolve(cwd, out)
  const isDirectory = out.endsWith('/') || out.endsWith('\\') || (existsSync(path) && statSync(path).isDirectory())
  return isDirectory ? join(path, K_DEFAULT_REPORT_PATTERN) : path
}

function expandPattern(pattern: string, timeMs: number, ordinal: number): string {
  return pattern.replace(/%([tn%])/g, (_, token: string) => (token === 't' ? String(timeMs) : token === 'n' ? String(ordinal) : '%'))
}
