// What the HTML report embeds and its page script reads: the profile as plain JSON. Types only, and no
// imports but other types-only files, because two TypeScript projects compile this file: the library (Node)
// and the page (DOM).

import type { Advice, ScalingAdvice } from '../advise/types.js'

export interface ReportFunction {
  name: string
  file: string
  line: number
  column: number
  calls: number
  primitiveCalls: number
  /** seconds */
  tottime: number
  /** seconds */
  cumtime: number
  /** async functions and generators: resumptions after await/yield */
  resumes: number
  /** async functions: invocation-to-settlement latency, seconds */
  latency: { count: number; total: number; max: number } | null
  /** bytes allocated (sampled), own and cumulative; null without memory data */
  memory: { self: number; cumulative: number } | null
}

export interface ReportEdge {
  /** index into functions */
  caller: number
  callee: number
  calls: number
  primitiveCalls: number
  tottime: number
  cumtime: number
  /** bytes allocated in the callee under this caller (sampled); null without memory data */
  memory: { self: number; cumulative: number } | null
}

/** Memory per function (a run with PROBEPROF_MEMORY=1), or why a run had none (a page), or null when not asked. */
export type ReportMemory =
  | {
      /** bytes between samples, on average (the largest of merged runs) */
      samplingInterval: number
      /** V8 heap in use at the end, bytes (summed over merged runs) */
      heapUsed: number
      /** sampled bytes allocated per tree node */
      nodeBytes: number[]
    }
  | { unavailable: string }

export interface ReportSource {
  path: string | null
  startedAt: string
  /** seconds */
  wallTime: number
  clock: string
  /** e.g. "node v20.20.2, pid 123" */
  host: string
  /** what the probes add per call, ns, when measured */
  probeCostNs: number | null
  truncatedCalls: number
}

export interface ReportData {
  title: string
  generator: string
  /** false for counts-only recordings: the page then sizes everything by calls */
  hasTimes: boolean
  sources: ReportSource[]
  functions: ReportFunction[]
  edges: ReportEdge[]
  /** the calling-context tree: node 0 is the root; fn -1 root, -2 (truncated); parents precede children */
  tree: { fn: number[]; parent: number[]; calls: number[]; self: number[] }
  /** what `probeprof advise` says about this profile */
  advice: Advice
  memory: ReportMemory | null
  /**
   * `probeprof html --scaling`: how each function grew over runs at several input sizes (the rest of the page is
   * the runs at the largest size); null otherwise
   */
  scaling: ScalingAdvice | null
}
