// Module loader hooks (module.register) for `probeprof run`: the script's URL loads the instrumented bundle.
// Every other module loads as usual.

import type { ModuleFormat } from '@probeprof/babel-plugin/source-type'

export interface HooksData {
  url: string
  format: ModuleFormat
  /** the bundle for an ES module; null for CommonJS, which preload.ts serves through require's extensions */
  source: string | null
}

interface LoadContext {
  format?: string | null
  conditions: string[]
  importAttributes?: Record<string, string>
}

interface LoadResult {
  format: string
  source?: string | null
  shortCircuit?: boolean
}

let served: HooksData | null = null

export function initialize(data: HooksData): void {
  served = data
}

export async function load(url: string, context: LoadContext, nextLoad: (url: string, context: LoadContext) => Promise<LoadResult>): Promise<LoadResult> {
  if (served !== null && url === served.url) return { format: served.format, source: served.source, shortCircuit: true }
  return nextLoad(url, context)
}
