// One request being served: which pseudo-function its calls start under, and what it was when it ended.
//
// The route should be known when the request starts: in the onion model every later middleware and the route's
// handlers run nested inside the frames of the middleware in front of them (Koa's `await next()`, Express's
// `next()` called synchronously), so whatever the first call of a request starts under, everything nested in
// it stays there. The adapters therefore match the route up front with the framework's own routing table
// (Fastify knows it before its first hook; Express's and @koa/router's tables are walked). Where they cannot,
// the route is looked up lazily at each entry from the event loop (`lazyPattern`), and calls made before the
// framework matched one are counted under `(before routing)`.
//
// The probes ask `base()` at every entry from the event loop made in this request's async context (context
// probes, recorder.ts), so it is on a warm path: no allocation once the route is known.

/** The framework's route pattern for the request so far (`/users/:id`), or undefined before routing. */
export type RoutePattern = () => string | undefined

/**
 * What an adapter knows of a request's route when it starts: its pattern, `null` when no route matches it, or
 * `undefined` when it cannot tell before the framework routes it (then `lazyPattern` is asked).
 */
export type RouteAtStart = string | null | undefined

/** The pseudo-function of a route, by its name as reports show it, created on first sight (RouteTable.functionOf). */
export type RouteFunction = (name: string) => number

export class RequestContext {
  /** Pseudo-function of a profiled request (all its calls start under it), or -1. */
  requestFn = -1
  /** Some call ran before the framework matched a route (lazy routing only). */
  ranBeforeRouting = false
  ended = false
  private pattern: string | undefined
  private routeFn = -1

  constructor(
    private readonly routeFunction: RouteFunction,
    /** the pseudo-function of the calls made before a route matched, created when first needed */
    private readonly beforeRoutingFunction: () => number,
    readonly method: string,
    readonly url: string,
    private readonly routeAtStart: RouteAtStart,
    private readonly lazyPattern: RoutePattern | undefined,
    /** wall clock (ms) at the start of the request */
    readonly startMs: number,
  ) {
    if (routeAtStart !== undefined) {
      this.pattern = routeAtStart ?? undefined
      this.routeFn = routeFunction(this.finalRoute())
    }
  }

  /** The pseudo-function calls from the event loop start under, now. */
  base(): number {
    if (this.requestFn >= 0) return this.requestFn
    if (this.routeAtStart !== undefined || this.lazyPattern === undefined) return this.routeFn
    const pattern = this.lazyPattern()
    if (pattern === undefined) {
      this.ranBeforeRouting = true
      return this.beforeRoutingFunction()
    }
    if (pattern !== this.pattern) {
      this.pattern = pattern
      this.routeFn = this.routeFunction(routeName(this.method, pattern))
    }
    return this.routeFn
  }

  /**
   * The route's name as reports show it: `GET /users/:id`, or `GET (unmatched)` when no route matched. With lazy
   * routing, the route its calls ran under wins over what the framework says at the end: a router that hands
   * an error back to its parent has restored the mount path by then (Express's `req.baseUrl`).
   */
  finalRoute(): string {
    const pattern = this.routeAtStart !== undefined ? this.pattern : (this.pattern ?? this.lazyPattern?.())
    return pattern === undefined ? `${this.method} (unmatched)` : routeName(this.method, pattern)
  }
}

export function routeName(method: string, pattern: string): string {
  return `${method} ${pattern}`
}
