// Options of the transform: one table of {description, type, default} records (the README table and error
// messages come from it) and one resolver, the only validator. Entry points call resolveOptions once.

import { suggestion } from '@probeprof/runtime/suggest'

export type RuntimeBinding = 'auto' | 'import' | 'require' | 'global'

/** How the file is parsed: as its loader will read it ('auto'), or as the caller declares. */
export type SourceTypeOption = 'auto' | 'module' | 'script'

export interface InstrumentOptions {
  /** Directory that report paths are relative to. */
  root?: string
  /** How instrumented code reaches the runtime: 'auto' (import in ES modules and plain scripts, require in CommonJS), 'import', 'require', or 'global' (globalThis.__probeprof, for classic scripts). */
  runtime?: RuntimeBinding
  /** Module specifier that exports the runtime as `runtime`. */
  runtimeModule?: string
  /**
   * Source map of the input, when the input is itself compiled: rows then point at the original source.
   * `true` (default): the map the file names in its `//# sourceMappingURL=` comment (inline or a file beside it),
   * if any; `false`: none.
   */
  inputSourceMap?: object | boolean | null
  /** Produce a source map for this transform. */
  sourceMaps?: boolean
  /**
   * Argument fingerprinting, for memoization candidates: sync functions whose parameters are plain identifiers
   * also pass their arguments at entry and their result at each `return`. Off by default: the output is then
   * exactly what it is without the option.
   */
  args?: boolean
  /**
   * How the file is parsed, as the bundler or loader will read it: 'auto' (default) by its extension and the
   * nearest package.json's `type` (`.mjs`, `.mts` and files of a `"type": "module"` package are ES modules; other
   * files are modules when they use import/export, else scripts), 'module', or 'script' (a classic script or
   * CommonJS). A file that does not parse that way is an InstrumentError: it is never instrumented as the other.
   */
  sourceType?: SourceTypeOption
}

export type ResolvedOptions = Readonly<Required<InstrumentOptions>>

interface OptionRecord {
  description: string
  type: 'string' | 'boolean' | 'object' | 'object or boolean'
  choices?: readonly string[]
}

export const optionRecords: Record<keyof InstrumentOptions, OptionRecord> = {
  root: { description: 'directory that report paths are relative to (default: the working directory)', type: 'string' },
  runtime: {
    description: 'how instrumented code reaches the runtime',
    type: 'string',
    choices: ['auto', 'import', 'require', 'global'],
  },
  runtimeModule: { description: 'module that exports the runtime as `runtime`', type: 'string' },
  inputSourceMap: {
    description: 'source map of the input, to report original locations (true: the one its sourceMappingURL names)',
    type: 'object or boolean',
  },
  sourceMaps: { description: 'produce a source map for this transform', type: 'boolean' },
  args: { description: 'fingerprint arguments and results of simple sync functions (memoization candidates)', type: 'boolean' },
  sourceType: {
    description: 'parse as the loader will read the file: by extension and package.json type (auto), or as a module or a script',
    type: 'string',
    choices: ['auto', 'module', 'script'],
  },
}

export function defaultOptions(): ResolvedOptions {
  return {
    root: typeof process === 'undefined' ? '/' : process.cwd(),
    runtime: 'auto',
    runtimeModule: '@probeprof/runtime/auto',
    inputSourceMap: true,
    sourceMaps: true,
    args: false,
    sourceType: 'auto',
  }
}

export class OptionsError extends Error {
  override name = 'OptionsError'
}

export function resolveOptions(user: unknown): ResolvedOptions {
  const defaults = defaultOptions()
  if (user === undefined || user === null) return Object.freeze(defaults)
  if (typeof user !== 'object') throw new OptionsError(`@probeprof/babel-plugin: options must be an object, got ${typeof user}`)
  const resolved: Record<string, unknown> = { ...defaults }
  const known = Object.keys(optionRecords)
  for (const [key, value] of Object.entries(user)) {
    if (!(key in optionRecords)) {
      throw new OptionsError(
        `@probeprof/babel-plugin: unknown option '${key}'${suggestion(key, known)} (valid options: ${known.join(', ')})`,
      )
    }
    if (value === undefined) continue
    const record = optionRecords[key as keyof InstrumentOptions]
    const actual = value === null ? 'null' : typeof value
    const accepted = record.type === 'object or boolean' ? ['object', 'boolean', 'null'] : record.type === 'object' ? ['object', 'null'] : [record.type]
    if (!accepted.includes(actual)) {
      throw new OptionsError(`@probeprof/babel-plugin: option '${key}' must be a ${record.type}, got ${actual}`)
    }
    if (record.choices && !record.choices.includes(value as string)) {
      throw new OptionsError(
        `@probeprof/babel-plugin: invalid ${key} '${String(value)}'${suggestion(String(value), record.choices)} (choose from ${record.choices.join(', ')})`,
      )
    }
    resolved[key] = value
  }
  return Object.freeze(resolved) as ResolvedOptions
}
