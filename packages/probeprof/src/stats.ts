// Stats: pstats.Stats for probeprof reports. A small sortable, mergeable object; printing is layered on top
// (format/). All methods that change it return `this`, so calls chain:
//
//   new Stats('probeprof.json').stripDirs().sortStats('cumulative').printStats(10).printCallers('parse')

import { writeFileSync } from 'node:fs'
import { basename } from 'node:path'
import type { ProfileReport } from '@probeprof/runtime/report'
import { ProbeprofError } from './errors.js'
import { formatCallTable, type CallLink } from './format/call-table.js'
import { ctime, formatFixed } from './format/python.js'
import type { Restriction } from './format/restrict.js'
import { formatStatsTable } from './format/stats-table.js'
import { fromReport, loadReport } from './load.js'
import { emptyProfile, mergeProfiles, renameFunctions } from './merge.js'
import { standardName, type CallEdge, type FunctionStats, type ProfileData } from './model.js'
import { toReport } from './report-file.js'
import { resolveSort } from './sort-keys.js'

/** A report file path, a report object, loaded profile data, or another Stats. */
export type StatsInput = string | ProfileReport | ProfileData | Stats

export interface Output {
  write(text: string): unknown
}

export class Stats {
  stream: Output
  private data: ProfileData = emptyProfile()
  /** function indices in listing order, or null when unsorted (pstats' "random listing order") */
  private order: number[] | null = null
  private orderLabel: string | null = null

  constructor(...inputs: StatsInput[]) {
    this.stream = process.stdout
    if (inputs.length > 0) this.add(...inputs)
  }

  // ---- data ------------------------------------------------------------------------------------------------

  /** The merged profile. */
  get profile(): ProfileData {
    return this.data
  }

  /** Functions in listing order. */
  get functions(): FunctionStats[] {
    return this.listing().map((index) => this.data.functions[index])
  }

  get edges(): readonly CallEdge[] {
    return this.data.edges
  }

  get totalCalls(): number {
    return this.data.functions.reduce((sum, fn) => sum + fn.calls, 0)
  }

  get primitiveCalls(): number {
    return this.data.functions.reduce((sum, fn) => sum + fn.primitiveCalls, 0)
  }

  /** Σ tottime: cProfile's "in X seconds". */
  get totalTime(): number {
    return this.data.functions.reduce((sum, fn) => sum + fn.tottime, 0)
  }

  /** Wall time of the runs merged here (their sum). */
  get wallTime(): number {
    return this.data.sources.reduce((sum, source) => sum + source.wallTime, 0)
  }

  /** Callers of a function, with the edge's statistics. */
  callersOf(fn: FunctionStats): CallLink[] {
    const index = this.data.functions.indexOf(fn)
    return this.data.edges.filter((edge) => edge.callee === index).map((edge) => this.link(edge, edge.caller))
  }

  /** Functions a function called, with the edge's statistics. */
  calleesOf(fn: FunctionStats): CallLink[] {
    const index = this.data.functions.indexOf(fn)
    return this.data.edges.filter((edge) => edge.caller === index).map((edge) => this.link(edge, edge.callee))
  }

  // ---- changes (pstats' add, sort_stats, reverse_order, strip_dirs) -----------------------------------------

  /** Merges more profiles in: counts, times and edges are summed per function. */
  add(...inputs: StatsInput[]): this {
    const profiles = inputs.map(toProfileData)
    this.data = mergeProfiles(this.data, ...profiles)
    this.order = null
    this.orderLabel = null
    return this
  }

  /** Sorts by pstats keys (or unique prefixes); later keys break ties. No key: back to unsorted. */
  sortStats(...keys: string[]): this {
    if (keys.length === 0) {
      this.order = null
      this.orderLabel = null
      return this
    }
    const sort = resolveSort(keys)
    const functions = this.data.functions
    this.order = functions.map((_, index) => index).sort((a, b) => sort.compare(functions[a], functions[b]))
    this.orderLabel = sort.label
    return this
  }

  /** Reverses the current sort (no effect when unsorted, as in pstats). */
  reverseOrder(): this {
    if (this.order !== null) this.order.reverse()
    return this
  }

  /** Keeps only file base names; functions that become identical are merged. Resets the order. */
  stripDirs(): this {
    this.data = renameFunctions(this.data, (fn) => ({ ...fn, file: basename(fn.file) }))
    this.order = null
    this.orderLabel = null
    return this
  }

  /** Writes the merged profile as a report file that `probeprof` reads back. */
  dump(path: string): this {
    writeFileSync(path, JSON.stringify(toReport(this.data)))
    return this
  }

  // ---- printing (pure format* methods; print* write them to the stream) -------------------------------------

  formatStats(...restrictions: Restriction[]): string {
    return formatStatsTable({
      rows: this.functions,
      order: this.orderLabel,
      totalCalls: this.totalCalls,
      primitiveCalls: this.primitiveCalls,
      totalTime: this.totalTime,
      restrictions,
      header: this.headerLines(),
    })
  }

  formatCallers(...restrictions: Restriction[]): string {
    return this.formatCalls('callers', restrictions)
  }

  formatCallees(...restrictions: Restriction[]): string {
    return this.formatCalls('callees', restrictions)
  }

  printStats(...restrictions: Restriction[]): this {
    this.stream.write(this.formatStats(...restrictions))
    return this
  }

  printCallers(...restrictions: Restriction[]): this {
    this.stream.write(this.formatCallers(...restrictions))
    return this
  }

  printCallees(...restrictions: Restriction[]): this {
    this.stream.write(this.formatCallees(...restrictions))
    return this
  }

  // ---- helpers ---------------------------------------------------------------------------------------------

  private listing(): number[] {
    return this.order ?? this.data.functions.map((_, index) => index)
  }

  private link(edge: CallEdge, other: number): CallLink {
    return {
      other: this.data.functions[other],
      calls: edge.calls,
      primitiveCalls: edge.primitiveCalls,
      tottime: edge.tottime,
      cumtime: edge.cumtime,
    }
  }

  private formatCalls(direction: 'callers' | 'callees', restrictions: Restriction[]): string {
    return formatCallTable({
      direction,
      rows: this.functions,
      order: this.orderLabel,
      restrictions,
      linksOf: (fn) => (direction === 'callers' ? this.callersOf(fn) : this.calleesOf(fn)),
      maxNameLength: Math.max(0, ...this.data.functions.map((fn) => standardName(fn).length)),
      hasEdges: this.data.edges.length > 0,
    })
  }

  /**
   * pstats prints `ctime    path` for each file it loaded; probeprof adds what cProfile cannot say: the run's
   * wall time next to Σ tottime, the clock, and what the probes cost per call.
   */
  private headerLines(): string[] {
    const lines: string[] = []
    for (const source of this.data.sources) {
      if (source.path !== null) lines.push(`${ctime(new Date(source.startedAt))}    ${source.path}`)
      const parts = [`wall time ${formatFixed(source.wallTime, 3)} seconds`, `clock ${source.clock}`]
      if (source.overhead) {
        const { calleeNsPerCall, callerNsPerCall } = source.overhead
        parts.push(`probe cost ${Math.round(calleeNsPerCall + callerNsPerCall)} ns/call (${Math.round(calleeNsPerCall)} in callee, ${Math.round(callerNsPerCall)} in caller)`)
      }
      if (source.truncatedCalls > 0) parts.push(`${source.truncatedCalls} calls past the context cap, under (truncated)`)
      lines.push(`   ${parts.join('; ')}`)
    }
    return lines
  }
}

function toProfileData(input: StatsInput): ProfileData {
  if (input instanceof Stats) return input.profile
  if (typeof input === 'string') return loadReport(input)
  if ('$schema' in input) return fromReport(input)
  if ('sources' in input && 'functions' in input) return input
  throw new ProbeprofError('Stats() takes report paths, report objects or other Stats')
}
