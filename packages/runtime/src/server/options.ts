// Options of the server integration: one table of defaults, one resolver, PROBEPROF_* environment overrides.
// Like the runtime's own options, a bad value is reported through `warn` and replaced by the default: this code
// runs inside the user's server and must never stop it.

export interface RequestProfileOptions {
  /** Directory the per-request reports are written to (created when needed). Env: PROBEPROF_REQUEST_PROFILES. */
  dir?: string
  /** Request header that asks for a profile of its request; `false`: none. */
  header?: string | false
  /** Query parameter that asks for a profile of its request (`?probeprof=1`); `false`: none. */
  query?: string | false
  /**
   * When set, the header's or parameter's value must equal it: on a server others can reach, only those who
   * know it can make the server write profiles. Env: PROBEPROF_REQUEST_TOKEN.
   */
  token?: string
  /** Profiles written at most, over the life of the process (each one keeps its calling contexts in memory). */
  limit?: number
}

export interface ServerOptions {
  /**
   * Per-request profiles, like Werkzeug's ProfilerMiddleware: a request carrying the header (or query parameter)
   * gets its own report in `dir`. Off unless given (or PROBEPROF_REQUEST_PROFILES names a directory).
   */
  requestProfiles?: RequestProfileOptions | false
  /**
   * Signal that starts a recording window when the profiler is off, and ends it when on (the report is then
   * written). Off unless given: a listener changes what the signal does (nodemon restarts apps with SIGUSR2).
   * Env: PROBEPROF_WINDOW_SIGNAL.
   */
  windowSignal?: string | false
  /** Seconds a window started by the signal lasts before it ends by itself; 0: until the next signal. Env: PROBEPROF_WINDOW_SECONDS. */
  windowSeconds?: number
  /** Where a window's report goes; `%p` the pid, `%t` a timestamp. Default: the report path with `.%t` before `.json`. Env: PROBEPROF_WINDOW_OUT. */
  windowOut?: string
}

export interface ResolvedRequestProfiles {
  dir: string
  header: string | false
  query: string | false
  token: string | undefined
  limit: number
}

export interface ResolvedServerOptions {
  requestProfiles: ResolvedRequestProfiles | false
  windowSignal: string | false
  windowSeconds: number
  windowOut: string | undefined
}

export const K_DEFAULT_PROFILE_DIR = 'probeprof-requests'
export const K_DEFAULT_PROFILE_HEADER = 'x-probeprof'
export const K_DEFAULT_PROFILE_LIMIT = 1000

const SERVER_OPTION_KEYS = ['requestProfiles', 'windowSignal', 'windowSeconds', 'windowOut']
const REQUEST_PROFILE_KEYS = ['dir', 'header', 'query', 'token', 'limit']

export function resolveServerOptions(
  options: ServerOptions,
  env: Record<string, string | undefined>,
  warn: (message: string) => void,
): ResolvedServerOptions {
  for (const key of Object.keys(options)) if (!SERVER_OPTION_KEYS.includes(key)) warn(`unknown server option '${key}' ignored`)
  let profiles = options.requestProfiles ?? false
  if (env.PROBEPROF_REQUEST_PROFILES) profiles = { ...(profiles || {}), dir: env.PROBEPROF_REQUEST_PROFILES }
  if (profiles !== false && env.PROBEPROF_REQUEST_TOKEN) profiles = { ...profiles, token: env.PROBEPROF_REQUEST_TOKEN }

  let windowSignal = env.PROBEPROF_WINDOW_SIGNAL || options.windowSignal || false
  if (windowSignal !== false && !/^SIG[A-Z0-9]+$/.test(windowSignal)) {
    warn(`window signal '${windowSignal}' is not a signal name such as SIGUSR2; no window signal`)
    windowSignal = false
  }
  let windowSeconds = env.PROBEPROF_WINDOW_SECONDS ? Number(env.PROBEPROF_WINDOW_SECONDS) : (options.windowSeconds ?? 0)
  if (!(windowSeconds >= 0)) {
    warn(`PROBEPROF_WINDOW_SECONDS must be a number of seconds (0: until the next signal), using 0`)
    windowSeconds = 0
  }
  return Object.freeze({
    requestProfiles: profiles === false ? false : resolveRequestProfiles(profiles, warn),
    windowSignal,
    windowSeconds,
    windowOut: env.PROBEPROF_WINDOW_OUT || options.windowOut,
  })
}

function resolveRequestProfiles(options: RequestProfileOptions, warn: (message: string) => void): ResolvedRequestProfiles | false {
  for (const key of Object.keys(options)) if (!REQUEST_PROFILE_KEYS.includes(key)) warn(`unknown requestProfiles option '${key}' ignored`)
  const header = options.header === undefined ? K_DEFAULT_PROFILE_HEADER : options.header
  const query = options.query ?? false
  if (header === false && query === false) {
    warn('requestProfiles has neither a header nor a query parameter: no request can ask for a profile')
    return false
  }
  let limit = options.limit ?? K_DEFAULT_PROFILE_LIMIT
  if (!(Number.isInteger(limit) && limit >= 0)) {
    warn(`requestProfiles.limit must be a whole number of profiles, using ${K_DEFAULT_PROFILE_LIMIT}`)
    limit = K_DEFAULT_PROFILE_LIMIT
  }
  return {
    dir: options.dir || K_DEFAULT_PROFILE_DIR,
    header: header === false ? false : header.toLowerCase(), // Node gives header names in lower case
    query,
    token: options.token,
    limit,
  }
}
