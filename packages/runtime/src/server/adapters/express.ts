// Express 5: a middleware; put it first.
//   app.use(profileExpress())
// The route is the pattern of the route Express will run (`/api/users/:id`: mount paths included), found in the
// app's routing table when the request starts (express-routes.ts); where the table cannot be read, Express's
// own `req.baseUrl + req.route.path` once it has routed the request.

import type { IncomingRequest, OutgoingResponse } from '../node-types.js'
import type { ServerOptions } from '../options.js'
import { activation, pathOf } from './activation.js'
import { matchExpressRoute, type ExpressRouter } from './express-routes.js'

/** The parts of Express's `req` read here. */
export interface ExpressRequest extends IncomingRequest {
  baseUrl?: string
  route?: { path: unknown }
  /** Express 5: `app.router`; Express 4: `app._router` */
  app?: { router?: unknown; _router?: unknown }
}

export function profileExpress(options?: ServerOptions): (req: ExpressRequest, res: OutgoingResponse, next: (error?: unknown) => void) => void {
  const integration = activation(options)
  return function probeprofExpress(req, res, next) {
    const server = integration.get()
    if (server === undefined) return next()
    const router = (req.app?.router ?? req.app?._router) as ExpressRouter | undefined
    const atStart = router !== undefined && Array.isArray(router.stack) ? matchExpressRoute(router, req.method ?? 'GET', pathOf(req.url)) : undefined
    const context = server.begin(req, res, atStart, () => {
      const route = req.route
      return route === undefined ? undefined : (req.baseUrl ?? '') + String(route.path)
    })
    if (context === undefined) return next()
    server.run(context, next as (...args: never[]) => void)
  }
}
