// Options of every bundler integration (esbuild, Vite, Rollup, webpack, Rspack): one table of {type, default,
// description, check} records (the README table is generated from it, and a test keeps the two equal) and one
// resolver, the only validator; each integration passes its package name, which starts every error line. Options baked into the
// runtime are checked against the runtime's own table (its clock modes, its option names and types), so a mode the
// runtime adds is accepted here without a change.

import { suggestion } from '@probeprof/runtime/suggest'
import type { WorkerCount } from './thread-budget.js'
import { CLOCK_CHOICES, defaultRuntimeOptions, resolveRuntimeOptions, type RuntimeOptions } from '@probeprof/runtime/install'

export type ClockChoice = (typeof CLOCK_CHOICES)[number]

/** Runtime options other than `out` and `clock`, baked into the build (PROBEPROF_* variables still override them). */
export type BakedRuntimeOptions = Omit<RuntimeOptions, 'out' | 'clock'>

export interface ProbeprofOptions {
  /** Instrument this build. Default: on when PROBEPROF is `1` or `true` in the build's environment. */
  enabled?: boolean
  /** Globs (relative to `root`) of the files to instrument. Default: every JS/TS file under `root`. */
  include?: string[]
  /** Globs (relative to `root`) of files not to instrument, even when included. */
  exclude?: string[]
  /** Instrument dependencies too: `true` for all of node_modules, or a list of package names. Default: false. */
  nodeModules?: boolean | string[]
  /** Report path baked into the build; PROBEPROF_OUT overrides it at run time. Default: probeprof.json. */
  out?: string
  /** How the probes measure time (the runtime's modes). Default: the runtime's default. */
  clock?: ClockChoice
  /** Other runtime options baked into the build, e.g. `{ quiet: true }`. */
  runtime?: BakedRuntimeOptions
  /** Directory that globs and report paths are relative to. Default: the bundler's root (esbuild's absWorkingDir), or the working directory. */
  root?: string
  /** Persistent cache of instrumented files: `true` (node_modules/.cache/probeprof), a directory, or `false`. */
  cache?: boolean | string
  /** Worker threads that instrument files alongside the main thread; 0 keeps to the main thread. Default: 'auto'. */
  workers?: WorkerCount
  /** Argument fingerprinting, for memoization candidates in `probeprof advise`. Default: on when PROBEPROF_ARGS is `1` or `true`. */
  args?: boolean
}

export interface ResolvedOptions {
  readonly enabled: boolean
  readonly include: readonly string[]
  readonly exclude: readonly string[]
  /** true: every package; a list: those packages only; false: none */
  readonly nodeModules: boolean | readonly string[]
  /** What the build's `install()` receives: `out`, `clock` and the `runtime` options, merged. */
  readonly runtimeOptions: Readonly<RuntimeOptions>
  readonly root: string | undefined
  /** true: the default directory; a string: that directory; false: no persistent cache */
  readonly cache: boolean | string
  readonly workers: WorkerCount
  readonly args: boolean
}

/** A build that cannot start: the message is the one line the user sees. */
export class OptionsError extends Error {
  override name = 'OptionsError'
}

interface OptionRecord {
  /** as the README shows it */
  type: string
  /** as the README shows it */
  default: string
  description: string
  /** What is wrong with `value`, or undefined when it is fine. */
  check(value: unknown): string | undefined
}

/** what npm accepts as a package name, scoped or not */
const PACKAGE_NAME = /^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/

const isBoolean = (value: unknown) => (typeof value === 'boolean' ? undefined : `must be true or false, got ${describe(value)}`)
const isString = (value: unknown) =>
  typeof value === 'string' && value !== '' ? undefined : `must be a non-empty string, got ${describe(value)}`
const isStringList = (value: unknown) =>
  Array.isArray(value) && value.every((item) => typeof item === 'string' && item !== '')
    ? undefined
    : `must be an array of non-empty strings, got ${describe(value)}`

export const optionRecords: Record<keyof ProbeprofOptions, OptionRecord> = {
  enabled: {
    type: 'boolean',
    default: '`PROBEPROF` is `1` or `true`',
    description: 'instrument this build; without it the plugin registers no hooks and the output is byte-identical',
    check: isBoolean,
  },
  include: {
    type: 'string[]',
    default: 'every JS/TS file under `root`',
    description: 'globs, relative to `root`, of the files to instrument',
    check: isStringList,
  },
  exclude: {
    type: 'string[]',
    default: '`[]`',
    description: 'globs, relative to `root`, of files not to instrument even when included',
    check: isStringList,
  },
  nodeModules: {
    type: 'boolean \\| string[]',
    default: '`false`',
    description: 'instrument dependencies too: `true` for all of node_modules, or a list of package names (`["three"]`)',
    check: (value) => {
      if (typeof value === 'boolean') return undefined
      if (isStringList(value) !== undefined) return `must be true, false or an array of package names, got ${describe(value)}`
      const path = (value as string[]).find((name) => !PACKAGE_NAME.test(name))
      return path === undefined ? undefined : `lists '${path}', which is no package name: write 'three' or '@scope/name'`
    },
  },
  out: {
    type: 'string',
    default: '`probeprof.json`',
    description: 'report path baked into the build (`%p` becomes the pid); `PROBEPROF_OUT` overrides it at run time',
    check: isString,
  },
  clock: {
    type: CLOCK_CHOICES.map((mode) => `\`'${mode}'\``).join(' \\| '),
    default: `\`'${defaultRuntimeOptions.clock}'\``,
    description: "how the probes measure time (`'auto'`: sampled where threads run, else precise); `PROBEPROF_CLOCK` overrides it at run time",
    check: (value) =>
      typeof value === 'string' && (CLOCK_CHOICES as readonly string[]).includes(value)
        ? undefined
        : `must be one of ${CLOCK_CHOICES.join(', ')}, got ${describe(value)}${typeof value === 'string' ? suggestion(value, CLOCK_CHOICES) : ''}`,
  },
  runtime: {
    type: 'object',
    default: '`{}`',
    description: `other runtime options baked into the build: ${Object.keys(defaultRuntimeOptions)
      .filter((key) => key !== 'out' && key !== 'clock')
      .map((key) => `\`${key}\``)
      .join(', ')}`,
    check: checkRuntimeOptions,
  },
  root: {
    type: 'string',
    default: "the build's `absWorkingDir`, or the working directory",
    description: 'directory that globs and the paths in reports are relative to',
    check: isString,
  },
  cache: {
    type: 'boolean \\| string',
    default: '`true`',
    description:
      'persistent cache of instrumented files, keyed by content, options and plugin version: `true` uses `node_modules/.cache/probeprof` of the package holding `root` (outside any package, the system temporary directory), a string names the directory (relative to `root`), `false` turns it off; entries unused for 30 days are removed (checked once a day)',
    check: (value) => (typeof value === 'boolean' || isString(value) === undefined ? undefined : `must be true, false or a directory, got ${describe(value)}`),
  },
  workers: {
    type: "number \\| `'auto'`",
    default: "`'auto'`",
    description:
      "worker threads that instrument files alongside the main thread, started once a build has enough source to pay for them; `'auto'`: one per idle core (cores less the load average) besides the main thread's, `0`: the main thread only",
    check: (value) =>
      value === 'auto' || (typeof value === 'number' && Number.isInteger(value) && value >= 0)
        ? undefined
        : `must be 'auto' or an integer of at least 0, got ${describe(value)}`,
  },
  args: {
    type: 'boolean',
    default: '`PROBEPROF_ARGS` is `1` or `true`',
    description:
      "fingerprint the arguments and results of simple functions, for `probeprof advise`'s memoization candidates (costs time in every such call); off, the output is the same as without it",
    check: isBoolean,
  },
}

export function isFlagOn(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value)
}

/**
 * Validates the user's options once; throws OptionsError with the line the build fails with, which starts with
 * `integration` (the package the user installed: `@probeprof/esbuild`, `@probeprof/vite`…).
 */
export function resolveOptions(user: unknown, env: Record<string, string | undefined>, integration: string): ResolvedOptions {
  if (user !== undefined && user !== null && (typeof user !== 'object' || Array.isArray(user))) {
    throw new OptionsError(`${integration}: options must be an object, got ${describe(user)}`)
  }
  const options = (user ?? {}) as Record<string, unknown>
  const known = Object.keys(optionRecords)
  for (const [key, value] of Object.entries(options)) {
    const record = optionRecords[key as keyof ProbeprofOptions]
    if (record === undefined) {
      throw new OptionsError(`${integration}: unknown option '${key}'${suggestion(key, known)} (valid options: ${known.join(', ')})`)
    }
    if (value === undefined) continue
    const problem = record.check(value)
    if (problem !== undefined) throw new OptionsError(`${integration}: option '${key}' ${problem}`)
  }
  const typed = options as ProbeprofOptions
  const runtimeOptions: RuntimeOptions = { ...typed.runtime }
  if (typed.out !== undefined) runtimeOptions.out = typed.out
  if (typed.clock !== undefined) runtimeOptions.clock = typed.clock
  return Object.freeze({
    enabled: typed.enabled ?? isFlagOn(env.PROBEPROF),
    include: Object.freeze([...(typed.include ?? [])]),
    exclude: Object.freeze([...(typed.exclude ?? [])]),
    nodeModules: Array.isArray(typed.nodeModules) ? Object.freeze([...typed.nodeModules]) : (typed.nodeModules ?? false),
    runtimeOptions: Object.freeze(runtimeOptions),
    root: typed.root,
    cache: typed.cache ?? true,
    workers: typed.workers ?? 'auto',
    args: typed.args ?? isFlagOn(env.PROBEPROF_ARGS),
  })
}

/** `runtime: {...}`: names and types from the runtime's defaults table, then the runtime's own checks. */
function checkRuntimeOptions(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `must be an object, got ${describe(value)}`
  const known = Object.keys(defaultRuntimeOptions).filter((key) => key !== 'out' && key !== 'clock')
  for (const [key, item] of Object.entries(value)) {
    if (key === 'out' || key === 'clock') return `sets '${key}': use the top-level option '${key}' instead`
    if (!known.includes(key)) return `has unknown key '${key}'${suggestion(key, known)} (valid keys: ${known.join(', ')})`
    const expected = typeof defaultRuntimeOptions[key as keyof typeof defaultRuntimeOptions]
    if (item !== undefined && typeof item !== expected) return `key '${key}' must be a ${expected}, got ${describe(item)}`
  }
  const problems: string[] = []
  resolveRuntimeOptions(value as RuntimeOptions, {}, (message) => problems.push(message))
  return problems.length > 0 ? `is invalid: ${problems[0]}` : undefined
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return `'${value}'`
  if (typeof value === 'object') return 'an object'
  return `${typeof value} ${String(value)}`
}

/** The README's options table, generated from the records above. */
export function formatOptionsTable(): string {
  const rows = Object.entries(optionRecords).map(
    ([name, record]) => `| \`${name}\` | ${record.type} | ${record.default} | ${record.description} |`,
  )
  return ['| option | type | default | what it does |', '| --- | --- | --- | --- |', ...rows].join('\n')
}
