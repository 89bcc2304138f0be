// Per-request profiles on demand, like Werkzeug's ProfilerMiddleware: a request that carries the configured
// header (or query parameter) records under a pseudo-function of its own (file `<request>`), from its first
// call to its last, whatever runs concurrently; when it ends, that subtree is written as a report of its own
// and then joins its route's, so the route's statistics still count it.
//
// Memory: the calling contexts of a profiled request stay in the tree (emptied), so profiles are capped
// (`limit`). What the request left to run after its response is not in its report: calls from the event loop
// (a timer) then count under its route, and an async function still running resumes under the emptied
// `<request>` node, where the whole report shows it.

import type { Profiler } from '../profiler.js'
import type { IncomingRequest, NodeProcess } from './node-types.js'
import type { ResolvedRequestProfiles } from './options.js'
import type { RequestContext } from './request-context.js'
import { REQUEST_FILE, RouteTally } from './routes.js'

/** Longest URL part of a report's file name. */
const K_MAX_NAME_PATH = 80

export class RequestProfiles {
  private claimed: number
  private sequence: number
  private written = 0

  constructor(
    private readonly options: ResolvedRequestProfiles,
    private readonly profiler: Profiler,
    private readonly proc: NodeProcess,
    /** the previous configuration's counters carry over: the limit is per process */
    previous?: RequestProfiles,
  ) {
    this.claimed = previous?.claimed ?? 0
    this.sequence = previous?.sequence ?? 0
  }

  /** The pseudo-function of a request that asks for a profile (and may have one), or -1. */
  claim(req: IncomingRequest, method: string): number {
    const value = this.askedWith(req)
    if (value === undefined) return -1
    if (this.options.token !== undefined && value !== this.options.token) return -1
    if (this.claimed >= this.options.limit) return -1
    this.claimed++
    return this.profiler.pseudoFunction(REQUEST_FILE, `${method} ${req.url ?? '/'} #${++this.sequence}`)
  }

  /** Writes the report of a profiled request that just ended, and says where on stderr. */
  write(context: RequestContext, route: string, status: number | null, seconds: number): void {
    const tally = new RouteTally(route, context.requestFn)
    tally.record(status, seconds)
    const startedAt = new Date(performance.timeOrigin + context.startMs)
    const report = this.profiler.snapshotUnder(context.requestFn, startedAt, seconds * 1000, [tally.toRecord()])
    const file = `${this.options.dir}/${fileName(context.method, context.url, seconds, ++this.written)}`
    try {
      const written = this.profiler.writeReport(report, file)
      if (!this.profiler.options.quiet) {
        this.proc.stderr.write(`probeprof: wrote ${written} (${route}, ${(seconds * 1000).toFixed(1)} ms); read it with: npx probeprof report ${written}\n`)
      }
    } catch (error) {
      this.proc.stderr.write(`probeprof: could not write the request's profile: ${(error as Error).message}\n`)
    }
  }

  private askedWith(req: IncomingRequest): string | undefined {
    const { header, query } = this.options
    if (header !== false) {
      const value = req.headers[header]
      if (value !== undefined) return Array.isArray(value) ? value[0] : value
    }
    if (query !== false && req.url !== undefined) {
      const start = req.url.indexOf('?')
      if (start >= 0) return new URLSearchParams(req.url.slice(start + 1)).get(query) ?? undefined
    }
    return undefined
  }
}

/** Werkzeug's `{method}.{path}.{elapsed}ms.{time}` naming, plus a sequence number: `GET.users.42.12ms.1732550000123-3.json`. */
function fileName(method: string, url: string, seconds: number, sequence: number): string {
  const path = url.split('?')[0].replace(/^\/+|\/+$/g, '').replace(/\//g, '.').replace(/[^\w.-]/g, '_').slice(0, K_MAX_NAME_PATH) || 'root'
  return `${method}.${path}.${Math.round(seconds * 1000)}ms.${Date.now()}-${sequence}.json`
}
