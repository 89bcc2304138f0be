// node:http (and https, http2's compatibility API): a wrapper for the request listener.
//   http.createServer(profileHttp((req, res) => { … }, { route: (req) => myRouter.patternOf(req) }))

import type { IncomingRequest, OutgoingResponse } from '../node-types.js'
import type { ServerOptions } from '../options.js'
import { activation, pathOf } from './activation.js'

export interface HttpProfileOptions extends ServerOptions {
  /**
   * The route of a request, as a pattern (`/users/:id`), or undefined when none matches it. Default: the path
   * without its query string; a server whose paths carry ids should give its router's pattern instead (routes
   * past 1000 distinct names are counted together as `(other routes)`).
   */
  route?: (req: IncomingRequest) => string | undefined
}

/** The listener, unchanged in behaviour, with each request's calls attributed to its route. */
export function profileHttp<Req extends IncomingRequest, Res extends OutgoingResponse, This, Result>(
  listener: (this: This, req: Req, res: Res) => Result,
  options?: HttpProfileOptions,
): (this: This, req: Req, res: Res) => Result {
  const { route = pathOfRequest, ...serverOptions } = options ?? {}
  const integration = activation(serverOptions)
  return function profiledListener(this: This, req: Req, res: Res): Result {
    const server = integration.get()
    const context = server?.begin(req, res, server.profiler.isEnabled ? (route(req) ?? null) : null)
    if (context === undefined) return listener.call(this, req, res)
    return server!.run(context, Reflect.apply as (...args: never[]) => Result, listener, this, [req, res])
  }
}

function pathOfRequest(req: IncomingRequest): string {
  return pathOf(req.url)
}
