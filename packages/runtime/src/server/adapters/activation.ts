// What every adapter does with the integration: activate it when created (so a window signal listens from
// start-up), and look again at the first request if nothing was instrumented yet then.

import type { ServerOptions } from '../options.js'
import { serverState, type ServerState } from '../server-state.js'

/** The integration for an adapter: `get()` is the state, or undefined in a build without probes (pass through). */
export function activation(options: ServerOptions | undefined): { get(): ServerState | undefined } {
  let state = serverState(options)
  let retried = state !== undefined
  return {
    get() {
      if (!retried) {
        retried = true
        state = serverState(options)
      }
      return state
    },
  }
}

/** A request URL's path, without its query string (what routers match). */
export function pathOf(url: string | undefined): string {
  const whole = url ?? '/'
  const query = whole.indexOf('?')
  return query < 0 ? whole : whole.slice(0, query)
}
