// Options of the esbuild plugin: defaults a user can guess, one resolver that rejects what it does not know.

export type ClockMode = 'precise' | 'fast' | 'sampled' | 'counts'

export interface ProbeprofEsbuildOptions {
  /** Instrument this build. Default: on when PROBEPROF is `1` or `true` in the environment of the build. */
  enabled?: boolean
  /** Globs (relative to `root`) of files to instrument. Default: every JS/TS file under `root`. */
  include?: string[]
  /** Globs (relative to `root`) of files not to instrument, even when included. */
  exclude?: string[]
  /** Instrument dependencies in node_modules too. Default: false. */
  nodeModules?: boolean
  /** Report path baked into the build; PROBEPROF_OUT overrides it at run time. Default: probeprof.json. */
  out?: string
  /**
   * How probes measure time: 'precise' (two clock reads per call), 'fast' (a clock thread), 'sampled' (counts
   * from the probes, times from a sampler thread) or 'counts' (no time). PROBEPROF_CLOCK overrides it at run
   * time. Default: precise.
   */
  clock?: ClockMode
  /** Directory report paths are relative to. Default: the build's absWorkingDir, or the working directory. */
  root?: string
}

export interface ResolvedEsbuildOptions {
  enabled: boolean
  include: string[]
  exclude: string[]
  nodeModules: boolean
  out: string
  clock: ClockMode
  root: string | undefined
}

const CLOCKS: readonly ClockMode[] = ['precise', 'fast', 'sampled', 'counts']
const KNOWN: Record<keyof ProbeprofEsbuildOptions, 'boolean' | 'string' | 'string[]'> = {
  enabled: 'boolean',
  include: 'string[]',
  exclude: 'string[]',
  nodeModules: 'boolean',
  out: 'string',
  clock: 'string',
  root: 'string',
}

export function isFlagOn(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value)
}

/** Returns the resolved options, or the one-line message that fails the build. */
export function resolveEsbuildOptions(
  user: unknown,
  env: Record<string, string | undefined>,
): ResolvedEsbuildOptions | string {
  const options = (user ?? {}) as Record<string, unknown>
  if (typeof options !== 'object' || Array.isArray(options)) return `options must be an object, got ${typeof user}`
  for (const [key, value] of Object.entries(options)) {
    const type = KNOWN[key as keyof ProbeprofEsbuildOptions]
    if (type === undefined) return `unknown option '${key}' (valid options: ${Object.keys(KNOWN).join(', ')})`
    if (value === undefined) continue
    const ok =
      type === 'string[]' ? Array.isArray(value) && value.every((item) => typeof item === 'string') : typeof value === type
    if (!ok) return `option '${key}' must be ${type === 'string[]' ? 'an array of strings' : `a ${type}`}`
  }
  const clock = (options.clock as ClockMode | undefined) ?? 'precise'
  if (!CLOCKS.includes(clock)) return `invalid clock '${clock}' (choose from ${CLOCKS.join(', ')})`
  return {
    enabled: (options.enabled as boolean | undefined) ?? isFlagOn(env.PROBEPROF),
    include: (options.include as string[] | undefined) ?? [],
    exclude: (options.exclude as string[] | undefined) ?? [],
    nodeModules: (options.nodeModules as boolean | undefined) ?? false,
    out: (options.out as string | undefined) ?? 'probeprof.json',
    clock,
    root: options.root as string | undefined,
  }
}
