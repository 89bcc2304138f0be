// What the HTML report embeds and its page script reads: the profile as plain JSON. Types only, and no
// imports but other types-only files (the report format's, format-spec.ts, among them), because two TypeScript projects compile this file: the library (Node)
// and the page (DOM).

import type { CallCounts, EdgeRecord, FunctionLocation, LatencyRecord } from '@probeprof/runtime/report'
import type { Advice, ScalingAdvice } from '../advise/types.js'

/** A function as the page reads it: the report's record (format-spec.ts) with its optional fields filled in. */
export interface ReportFunction extends FunctionLocation, CallCounts {
  /** async functions and generators: resumptions after await/yield */
  resumes: number
  /** async functions: invocation-to-settlement latency, seconds */
  latency: LatencyRecord | null
  /** bytes allocated (sampled), own and cumulative; null without memory data */
  memory: { self: number; cumulative: number } | null
}

/** A caller→callee edge: the report's own record (`caller` and `callee` index functions), with its bytes. */
export interface ReportEdge extends EdgeRecord {
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
