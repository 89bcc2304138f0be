// Koa 3: a middleware; put it first.
//   app.use(profileKoa())
// The route is @koa/router's pattern (prefixes included), matched when the request starts by the routers the
// app uses (each `router.routes()` middleware carries its router); where none is found, @koa/router's
// `ctx._matchedRoute` once the router has run.

import type { IncomingRequest, OutgoingResponse } from '../node-types.js'
import type { ServerOptions } from '../options.js'
import { activation, pathOf } from './activation.js'

/** The parts of Koa's context read here. */
export interface KoaContextLike {
  req: IncomingRequest
  res: OutgoingResponse
  app?: { middleware?: unknown[] }
  _matchedRoute?: unknown
}

/** @koa/router's router, as far as matching goes. */
interface KoaRouter {
  match(path: string, method: string): { pathAndMethod: { path: unknown; methods: string[] }[]; route: boolean }
}

export function profileKoa(options?: ServerOptions): <Result>(ctx: KoaContextLike, next: () => Result) => Result {
  const integration = activation(options)
  let routers: KoaRouter[] | undefined
  return function probeprofKoa<Result>(ctx: KoaContextLike, next: () => Result): Result {
    const server = integration.get()
    if (server === undefined) return next()
    routers ??= routersOf(ctx.app?.middleware) // the app's middleware list is complete once it serves requests
    const atStart = routers.length === 0 ? undefined : matchKoaRoute(routers, ctx.req.method ?? 'GET', pathOf(ctx.req.url))
    const context = server.begin(ctx.req, ctx.res, atStart, () => {
      const route = ctx._matchedRoute
      return route === undefined ? undefined : String(route)
    })
    if (context === undefined) return next()
    return server.run(context, next)
  }
}

function routersOf(middleware: unknown[] | undefined): KoaRouter[] {
  const routers: KoaRouter[] = []
  for (const fn of middleware ?? []) {
    const router = (fn as { router?: Partial<KoaRouter> }).router
    if (router !== undefined && typeof router.match === 'function') routers.push(router as KoaRouter)
  }
  return routers
}

/** The first router's matched route, as @koa/router picks it (the last route layer that matched path and method). */
function matchKoaRoute(routers: KoaRouter[], method: string, path: string): string | null {
  for (const router of routers) {
    const matched = router.match(path, method)
    if (!matched.route) continue
    for (let i = matched.pathAndMethod.length - 1; i >= 0; i--) {
      const layer = matched.pathAndMethod[i]
      if (layer.methods.length > 0) return String(layer.path)
    }
  }
  return null
}
