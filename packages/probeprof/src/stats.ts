// Stats: pstats.Stats for probeprof reports. A small sortable, mergeable object; printing is layered on top
// (format/, and the header lines in stats-header.ts); the views pstats has no method for are functions beside it:
// route-view.ts (`report --routes`), async-view.ts (`report --async`). All methods that change it return `this`,
// so calls chain:
//
//   new Stats('probeprof.json').stripDirs().sortStats('cumulative').printStats(10).printCallers('parse')

import { writeFileAtomic } from '@probeprof/runtime/atomic-write'
import { basename } from 'node:path'
import type { CallCounts, FunctionLocation, LatencyRecord, ProfileReport } from '@probeprof/runtime/report'
import { ProbeprofError } from './errors.js'
import { formatCallTable, type CallLink } from './format/call-table.js'
import { applyRestrictions, type Reduction, type Restriction } from './format/restrict.js'
import { formatStatsTable } from './format/stats-table.js'
import { timeFormat, type TimeUnit } from './format/units.js'
import { fromReport, loadReport } from './load.js'
import { emptyProfile, mergeProfiles, renameFunctions } from './merge.js'
import { standardName, type CallEdge, type FunctionStats, type MemoryBytes, type ProfileData, type ProfileSource } from './model.js'
import { edgeBytes } from './memory.js'
import { toReport } from './report-writer.js'
import { routeProfile } from './routes.js'
import { resolveSort, type SortKey } from './sort-keys.js'
import { headerLines } from './stats-header.js'

/** A report file path, a report object, loaded profile data, or another Stats. */
export type StatsInput = string | ProfileReport | ProfileData | Stats

export interface Output {
  write(text: string): unknown
}

/** The function at the other end of an edge, and the edge's statistics (the callee's, under that caller). */
export interface EdgeRow extends FunctionLocation, CallCounts {
  /** `file:line(name)` */
  standardName: string
  /** Bytes allocated in the callee under this caller (for a function's row: in it), from a run with memory profiling. */
  memory?: MemoryBytes
}

/** A function's row as printed: its identity and statistics (as an edge row has them), pstats' two percall columns (null when the divisor is 0), its edges. */
export interface StatsRow extends EdgeRow {
  /** tottime / calls */
  percallTottime: number | null
  /** cumtime / primitive calls */
  percallCumtime: number | null
  resumes: number
  latency: LatencyRecord | null
  callers: EdgeRow[]
  callees: EdgeRow[]
}

/** What `probeprof report --json` prints: pstats' get_stats_profile(), with edges and file+line+column keys. */
export interface StatsProfile {
  totalCalls: number
  primitiveCalls: number
  /** Σ tottime, cProfile's "in X seconds" */
  totalTime: number
  /** wall time of the runs (summed over merged reports) */
  wallTime: number
  /** "Ordered by" label, or null when unsorted */
  order: string | null
  reductions: Reduction[]
  sources: ProfileSource[]
  functions: StatsRow[]
}

interface Adjacency {
  callers: CallEdge[][]
  callees: CallEdge[][]
  /** a function's position in the profile */
  index: Map<FunctionStats, number>
}

export class Stats {
  stream: Output
  /** Unit of the printed times: `s` (cProfile's), `ms`, `us`, or `auto` (a readable unit per cell). */
  unit: TimeUnit = 's'
  /** Print tottime and cumtime as shares of the total too. */
  percent = false
  /** Print bytes allocated (own and cumulative) per function and per edge, from a run with memory profiling. */
  memory = false
  private data: ProfileData = emptyProfile()
  /** function indices in listing order, or null when unsorted (pstats' "random listing order") */
  private order: number[] | null = null
  private orderLabel: string | null = null
  /** edges by caller and by callee, built on first use */
  private adjacency: Adjacency | null = null
  /** bytes per edge (memory.ts), built on first use */
  private bytesByEdge: Map<number, MemoryBytes> | null = null

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

  /**
   * What the CLI sorts by when not told: cumulative time, like python -m cProfile; call count for reports
   * recorded without a clock (clock `counts`), whose times are all zero.
   */
  get defaultSortKey(): SortKey {
    const timed = this.data.sources.length === 0 || this.data.sources.some((source) => source.clock !== 'counts')
    return timed ? 'cumulative' : 'calls'
  }

  /** "Ordered by" label of the current sort, or null when unsorted. */
  get sortLabel(): string | null {
    return this.orderLabel
  }

  /** Callers of a function, with the edge's statistics. */
  callersOf(fn: FunctionStats): CallLink[] {
    const index = this.indexOf(fn)
    return this.edgeLists().callers[index].map((edge) => this.link(edge, edge.caller))
  }

  /** Functions a function called, with the edge's statistics. */
  calleesOf(fn: FunctionStats): CallLink[] {
    const index = this.indexOf(fn)
    return this.edgeLists().callees[index].map((edge) => this.link(edge, edge.callee))
  }

  /** The rows print_stats would print, as data: listing order, restrictions applied. */
  rows(...restrictions: Restriction[]): StatsRow[] {
    return applyRestrictions(this.functions, restrictions).rows.map((fn) => this.rowOf(fn))
  }

  /** Everything `probeprof report --json` prints: totals, sources, order, reductions and rows. */
  getStatsProfile(...restrictions: Restriction[]): StatsProfile {
    return listingProfile(this, this.functions, this.orderLabel, restrictions)
  }

  // ---- changes (pstats' add, sort_stats, reverse_order, strip_dirs) -----------------------------------------

  /** Merges more profiles in: counts, times and edges are summed per function. */
  add(...inputs: StatsInput[]): this {
    const profiles = inputs.map(toProfileData)
    this.setData(mergeProfiles(this.data, ...profiles))
    return this
  }

  /** Sorts by pstats keys (or unique prefixes); later keys break ties. No key: back to unsorted. */
  sortStats(...keys: (string | number)[]): this {
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
    this.setData(renameFunctions(this.data, (fn) => ({ ...fn, file: basename(fn.file) })))
    return this
  }

  /**
   * Keeps the calls of one route of a profiled server (`GET /users/:id`), as a profile of their own: every
   * statistic is derived again from the route's part of the calling-context tree. Resets the order.
   */
  route(name: string): this {
    this.setData(routeProfile(this.data, name))
    return this
  }

  /** Writes the merged profile as a report file that probeprof reads back; atomically (temp file + rename). */
  dump(path: string): this {
    try {
      writeFileAtomic(path, JSON.stringify(toReport(this.data)))
    } catch (error) {
      throw new ProbeprofError(`cannot write '${path}': ${(error as Error).message}`)
    }
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
      header: headerLines(this),
      time: timeFormat(this.unit),
      percent: this.percent,
      memory: this.showsMemory(),
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

  private setData(data: ProfileData): void {
    this.data = data
    this.order = null
    this.orderLabel = null
    this.adjacency = null
    this.bytesByEdge = null
  }

  /** `memory` asked for and there are bytes to show (a page's report says instead why there are none). */
  private showsMemory(): boolean {
    return this.memory && this.data.memory !== undefined
  }

  private listing(): number[] {
    return this.order ?? this.data.functions.map((_, index) => index)
  }

  private indexOf(fn: FunctionStats): number {
    const index = this.edgeLists().index.get(fn)
    if (index === undefined) throw new ProbeprofError(`${standardName(fn)} is not a function of this Stats`)
    return index
  }

  private edgeLists(): Adjacency {
    if (this.adjacency === null) {
      const callers: CallEdge[][] = this.data.functions.map(() => [])
      const callees: CallEdge[][] = this.data.functions.map(() => [])
      for (const edge of this.data.edges) {
        callers[edge.callee].push(edge)
        callees[edge.caller].push(edge)
      }
      this.adjacency = { callers, callees, index: new Map(this.data.functions.map((fn, index) => [fn, index])) }
    }
    return this.adjacency
  }

  private link(edge: CallEdge, other: number): CallLink {
    const link: CallLink = {
      other: this.data.functions[other],
      calls: edge.calls,
      primitiveCalls: edge.primitiveCalls,
      tottime: edge.tottime,
      cumtime: edge.cumtime,
    }
    if (this.data.memory !== undefined) {
      this.bytesByEdge ??= edgeBytes(this.data)
      link.memory = this.bytesByEdge.get(edge.caller * this.data.functions.length + edge.callee) ?? { self: 0, cumulative: 0 }
    }
    return link
  }

  /** A function's row as `rows()` gives it: its statistics, percall columns and edges. */
  rowOf(fn: FunctionStats): StatsRow {
    const edgeRow = (link: CallLink): EdgeRow => ({
      file: link.other.file,
      line: link.other.line,
      column: link.other.column,
      name: link.other.name,
      standardName: standardName(link.other),
      calls: link.calls,
      primitiveCalls: link.primitiveCalls,
      tottime: link.tottime,
      cumtime: link.cumtime,
      ...(link.memory === undefined ? {} : { memory: { ...link.memory } }),
    })
    return {
      file: fn.file,
      line: fn.line,
      column: fn.column,
      name: fn.name,
      standardName: standardName(fn),
      calls: fn.calls,
      primitiveCalls: fn.primitiveCalls,
      tottime: fn.tottime,
      percallTottime: fn.calls === 0 ? null : fn.tottime / fn.calls,
      cumtime: fn.cumtime,
      percallCumtime: fn.primitiveCalls === 0 ? null : fn.cumtime / fn.primitiveCalls,
      resumes: fn.resumes,
      latency: fn.latency && { ...fn.latency },
      ...(fn.memory === undefined ? {} : { memory: { ...fn.memory } }),
      callers: this.callersOf(fn).map(edgeRow),
      callees: this.calleesOf(fn).map(edgeRow),
    }
  }

  private formatCalls(direction: 'callers' | 'callees', restrictions: Restriction[]): string {
    return formatCallTable({
      direction,
      rows: this.functions,
      order: this.orderLabel,
      restrictions,
      linksOf: (fn) => (direction === 'callers' ? this.callersOf(fn) : this.calleesOf(fn)),
      hasEdges: this.data.edges.length > 0,
      time: timeFormat(this.unit),
      memory: this.showsMemory(),
    })
  }
}

/** getStatsProfile() of a listing of this Stats' functions (the async view lists only some, in its own order). */
export function listingProfile(stats: Stats, listing: FunctionStats[], order: string | null, restrictions: Restriction[]): StatsProfile {
  const { rows, reductions } = applyRestrictions(listing, restrictions)
  return {
    totalCalls: stats.totalCalls,
    primitiveCalls: stats.primitiveCalls,
    totalTime: stats.totalTime,
    wallTime: stats.wallTime,
    order,
    reductions,
    sources: stats.profile.sources.map((source) => ({ ...source })),
    functions: rows.map((fn) => stats.rowOf(fn)),
  }
}

function toProfileData(input: StatsInput): ProfileData {
  if (input instanceof Stats) return input.profile
  if (typeof input === 'string') return loadReport(input)
  if (input !== null && typeof input === 'object') {
    if ('$schema' in input) return fromReport(input)
    if ('sources' in input && 'functions' in input) return input
  }
  throw new ProbeprofError('Stats() takes report paths, report objects, loaded profiles or other Stats')
}
