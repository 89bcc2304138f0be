// One file through the transform, as the worker threads and the main thread both run it: source in, the module
// a bundler loads out (source map inlined, as esbuild reads an input map; splitInlineMap separates it for the
// bundlers that take code and map apart), or the reason it cannot be instrumented.

import { InstrumentError, transformSource } from '@probeprof/babel-plugin'
import type { InstrumentOptions } from '@probeprof/babel-plugin/options'
import type { CachedOutcome } from './cache.js'

export interface InstrumentTask {
  code: string
  /** absolute path */
  filename: string
  options: Required<Pick<InstrumentOptions, 'root' | 'runtimeModule' | 'sourceMaps'>> & Pick<InstrumentOptions, 'args' | 'sourceType'>
}

export function instrumentFile(task: InstrumentTask): CachedOutcome {
  try {
    const result = transformSource(task.code, task.filename, task.options)
    if (result === null) return { kind: 'skip' }
    const map = result.map === null ? '' : `\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(result.map)).toString('base64')}`
    return { kind: 'code', contents: Buffer.from(result.code + map) }
  } catch (error) {
    if (error instanceof InstrumentError) return { kind: 'unparsable', reason: error.reason.split('\n')[0]!, line: error.line, column: error.column }
    throw error
  }
}
