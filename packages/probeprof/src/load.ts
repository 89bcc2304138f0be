// Report file → ProfileData, with one clear line for every way a file can be wrong.

import { readFileSync, statSync } from 'node:fs'
import { REPORT_VERSION, type ArgumentRecord, type ProfileReport, type RouteRecord } from '@probeprof/runtime/report'
import { ProbeprofError } from './errors.js'
import { compensateProfile } from './compensate.js'
import { copyRoute, recordFields, type ProfileData } from './model.js'
import { fieldTypeProblem } from './report-shape.js'
import { withMemoryStats } from './memory.js'

export interface LoadOptions {
  /** Subtract the probes' calibrated cost from the times (compensate.ts). Default: false. */
  compensate?: boolean
}

/** Reads and validates a report file written by the runtime (or by `Stats.dump`). */
export function loadReport(path: string, options: LoadOptions = {}): ProfileData {
  let text: string
  try {
    if (statSync(path).isDirectory()) throw new ProbeprofError(`cannot read profile '${path}': it is a directory; pass a report file such as probeprof.json`)
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if (error instanceof ProbeprofError) throw error
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new ProbeprofError(`cannot read profile '${path}': no such file; run the instrumented app first (it writes probeprof.json)`)
    throw new ProbeprofError(`cannot read profile '${path}': ${(error as Error).message}`)
  }
  return parseReport(text, path, options)
}

export function parseReport(text: string, path: string | null = null, options: LoadOptions = {}): ProfileData {
  const where = path === null ? 'profile' : `profile '${path}'`
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    // V8 quotes the start of the text in its message; the quote can span lines and says nothing more
    const detail = (error as Error).message.replace(/, ".*" is not valid JSON$/s, '')
    const reason = text.trim() === '' ? 'the file is empty' : `not valid JSON (${detail}); the file may be truncated or not a probeprof report`
    throw new ProbeprofError(`cannot read ${where}: ${reason}`)
  }
  return fromReport(value, path, options)
}

/** Validates an in-memory report object (from `profiler.snapshot()` or JSON.parse). */
export function fromReport(value: unknown, path: string | null = null, options: LoadOptions = {}): ProfileData {
  const where = path === null ? 'profile' : `profile '${path}'`
  const fail = (reason: string): never => {
    throw new ProbeprofError(`cannot read ${where}: ${reason}`)
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail('not a probeprof report (expected a JSON object)')
  const report = value as Partial<ProfileReport>
  if (typeof report.$schema !== 'string' || !report.$schema.includes('probeprof')) fail('not a probeprof report (missing $schema)')
  if (typeof report.version !== 'number') fail('not a probeprof report (missing version)')
  if (report.version! > REPORT_VERSION) {
    fail(`written by a newer probeprof (format version ${report.version}, this one reads up to ${REPORT_VERSION}); upgrade probeprof`)
  }
  if (!Array.isArray(report.functions) || !Array.isArray(report.edges) || report.tree == null || report.meta == null) {
    fail('incomplete report (functions, edges, tree or meta missing)')
  }
  const tree = report.tree!
  const size = tree.fn?.length
  if (![tree.parent, tree.calls, tree.self].every((column) => Array.isArray(column) && column.length === size)) {
    fail('corrupt calling-context tree (columns of different lengths)')
  }
  const functionCount = report.functions!.length
  for (const edge of report.edges!) {
    if (!(edge.caller >= 0 && edge.caller < functionCount && edge.callee >= 0 && edge.callee < functionCount)) {
      fail('corrupt edge (refers to a function that is not in the report)')
    }
  }
  const wrongType = fieldTypeProblem(report as ProfileReport)
  if (wrongType !== undefined) fail(`corrupt report: ${wrongType}`)
  const meta = report.meta!
  const routes = report.routes ?? []
  const validRoute = (route: RouteRecord) =>
    typeof route?.name === 'string' && Number.isInteger(route.function) && route.function >= -1 && route.function < functionCount && Array.isArray(route.latency?.buckets)
  if (!Array.isArray(routes) || !routes.every(validRoute)) {
    fail('corrupt routes (a route without a name or latency, or naming a function that is not in the report)')
  }
  const args = report.arguments ?? []
  const count = (value: unknown) => Number.isInteger(value) && (value as number) >= 0
  const validArguments = (row: ArgumentRecord) =>
    count(row?.function) && row.function < functionCount && [row.calls, row.distinct, row.untracked, row.inconsistentTuples, row.inconsistentCalls].every(count)
  if (!Array.isArray(args) || !args.every(validArguments)) {
    fail('corrupt arguments (a fingerprint row without its counts, or naming a function that is not in the report)')
  }
  const memory = report.memory
  const bytesCount = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value >= 0
  if (
    memory !== undefined &&
    (memory === null ||
      typeof memory !== 'object' ||
      (memory.unavailable === undefined &&
        !(bytesCount(memory.samplingInterval) && bytesCount(memory.heapUsed) && Array.isArray(memory.self) && memory.self.length === size && memory.self.every(bytesCount))))
  ) {
    fail('corrupt memory (its sampling interval, heap used, or bytes per tree node, one per node of the tree, are missing or not byte counts)')
  }
  const source = memory === undefined ? {} : typeof memory.unavailable === 'string' ? { memory: { unavailable: memory.unavailable } } : { memory: { samplingInterval: memory.samplingInterval!, heapUsed: memory.heapUsed! } }
  const profile: ProfileData = {
    functions: report.functions!.map((fn) => ({
      ...recordFields(fn),
      resumes: fn.resumes ?? 0,
      latency: fn.latency ?? null,
    })),
    edges: report.edges!.map((edge) => ({ ...edge })),
    tree: { fn: tree.fn.slice(), parent: tree.parent.slice(), calls: tree.calls.slice(), self: tree.self.slice() },
    sources: [
      {
        path,
        startedAt: meta.startedAt,
        wallTime: meta.wallTime,
        clock: meta.clock,
        ...(typeof meta.sampleInterval === 'number' ? { sampleInterval: meta.sampleInterval } : {}),
        ...(typeof meta.threadStall === 'number' ? { threadStall: meta.threadStall } : {}),
        overhead: meta.overhead,
        truncatedCalls: meta.truncatedCalls ?? 0,
        openFrames: meta.openFrames ?? 0,
        compensated: null,
        host: meta.host,
        ...(typeof meta.partial?.takenAt === 'string' ? { partialAt: meta.partial.takenAt } : {}),
        ...source,
      },
    ],
    ...(memory?.self === undefined || memory.unavailable !== undefined ? {} : { memory: { nodeBytes: memory.self.slice() } }),
    ...(routes.length === 0 ? {} : { routes: routes.map(copyRoute) }),
    ...(args.length === 0 ? {} : { arguments: args.map((row) => ({ ...row, full: row.full === true, reports: row.reports ?? 1 })) }),
  }
  withMemoryStats(profile)
  return options.compensate ? compensateProfile(profile) : profile
}
