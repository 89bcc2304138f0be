// Express's route for a request before Express routes it: a walk over the app's routing table with the
// router's own layers (`layer.match`, `route._handlesMethod`), the way router/index.js dispatches, minus the
// handlers. Needed because everything a request runs nests inside the first middleware that calls `next()`
// synchronously (request-context.ts).
//
// The walk reads the router's layer objects structurally (router 2.x: Express 5). It answers `undefined` (cannot tell) where it cannot see: a mounted sub-application, a
// router without a stack; the middleware then falls back to `req.route` as routing proceeds.

/** A layer of Express's router, as far as the walk reads it. */
interface Layer {
  /** router 2.3: `{ path, pattern }` or false; earlier: a boolean, with the matched part left in `layer.path` */
  match(path: string): { path: string; pattern?: unknown } | boolean
  path?: string
  route?: { path: unknown; _handlesMethod(method: string): boolean }
  handle?: { stack?: unknown; name?: string }
}

export interface ExpressRouter {
  stack: unknown[]
}

/** Mounted sub-applications hide their router inside this wrapper (express/lib/application.js). */
const K_MOUNTED_APP = 'mounted_app'
/** Routers nest a handful of levels at most; a deeper (or cyclic) table is not walked. */
const K_MAX_DEPTH = 16

/**
 * The pattern of the route that will serve `method path` (mount paths included: `/api/users/:id`), `null` when
 * no route matches, `undefined` when the walk cannot tell.
 */
export function matchExpressRoute(router: ExpressRouter, method: string, path: string, mount = '', depth = 0): string | null | undefined {
  if (depth > K_MAX_DEPTH) return undefined
  let opaque = false
  for (const entry of router.stack) {
    const layer = entry as Layer
    let matched: ReturnType<Layer['match']>
    try {
      matched = layer.match(path)
    } catch {
      continue // a malformed URI: Express answers 400 before any route
    }
    if (matched === false) continue
    const matchedPath = typeof matched === 'object' ? matched.path : (layer.path ?? '')
    if (layer.route !== undefined) {
      if (layer.route._handlesMethod(method)) return mount + String(layer.route.path)
      continue
    }
    const handle = layer.handle
    if (handle !== undefined && Array.isArray(handle.stack)) {
      const pattern = typeof matched === 'object' && typeof matched.pattern === 'string' ? matched.pattern : matchedPath
      const rest = path.slice(matchedPath.length)
      const found = matchExpressRoute(handle as ExpressRouter, method, rest.startsWith('/') ? rest : `/${rest}`, mount + trimSlash(pattern), depth + 1)
      if (found === undefined) opaque = true
      else if (found !== null) return found
    } else if (handle?.name === K_MOUNTED_APP) {
      opaque = true // a sub-application: its routes are out of sight
    }
  }
  return opaque ? undefined : null
}

function trimSlash(pattern: string): string {
  return pattern.endsWith('/') ? pattern.slice(0, -1) : pattern
}
