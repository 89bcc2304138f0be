// The server integration of one profiler: the async-context storage that carries each request's context
// across awaits, timers and callbacks, the route table, per-request profiles and recording windows. Created
// when the first framework adapter is activated, which also switches the probes to their context variant
// (recorder.ts): apps that never serve a request keep the plain probes.
//
// One per profiler, kept on the profiler object itself (under a registered symbol): two bundles of the
// integration in one process then share one storage, one route table and one set of probes.

import type { Profiler } from '../profiler.js'
import type { AsyncStorage, IncomingRequest, NodeProcess, OutgoingResponse } from './node-types.js'
import { nodeProcess } from './node-types.js'
import { resolveServerOptions, type ResolvedServerOptions, type ServerOptions } from './options.js'
import { RequestContext, type RouteAtStart, type RouteFunction, type RoutePattern } from './request-context.js'
import { RequestProfiles } from './request-profiles.js'
import { BEFORE_ROUTING, RouteTable } from './routes.js'
import { RecordingWindows } from './window.js'

const K_STATE = Symbol.for('probeprof.server')
/** Methods outside this list are reported as `OTHER`: the method is part of a route's name, and must stay few. */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH', 'QUERY'])

interface ProfilerWithServer extends Profiler {
  [K_STATE]?: ServerState
}

/**
 * The integration of the profiler this realm's instrumented code records into, activated with `options`
 * (the environment's PROBEPROF_* variables override them); undefined when nothing here is instrumented (a build
 * without the flag) or the host is no Node: the adapters then pass requests through untouched.
 */
export function serverState(options: ServerOptions = {}): ServerState | undefined {
  const proc = nodeProcess()
  const profiler = (globalThis as { __probeprof?: ProfilerWithServer }).__probeprof
  if (proc === undefined || profiler === undefined || typeof profiler.useRequestContext !== 'function') return undefined
  let state = profiler[K_STATE]
  if (state === undefined) {
    state = new ServerState(profiler, proc)
    profiler[K_STATE] = state
  }
  state.configure(options)
  return state
}

export class ServerState {
  readonly routes: RouteTable
  readonly windows: RecordingWindows
  private readonly storage: AsyncStorage<RequestContext>
  private storageActive = false
  /**
   * Requests that have a context: two adapters on one server (profileHttp around an Express app) count each
   * once. A WeakSet rather than a mark on the request: a new property would give every request object a second
   * shape, and Node's own HTTP code would run slower on both (bench: servers/throughput).
   */
  private readonly started = new WeakSet<IncomingRequest>()
  private options: ResolvedServerOptions | undefined
  private profiles: RequestProfiles | undefined
  private beforeRouting = -1
  private readonly now: () => number
  /** What a request's context asks of the server, made once: two functions, not the whole state. */
  private readonly routeFunction: RouteFunction = (name) => this.routes.functionOf(name)
  private readonly beforeRoutingFunction = (): number => this.beforeRoutingFn()

  constructor(
    readonly profiler: Profiler,
    private readonly proc: NodeProcess,
  ) {
    const hooks = proc.getBuiltinModule('async_hooks') as { AsyncLocalStorage: new () => AsyncStorage<RequestContext> }
    this.storage = new hooks.AsyncLocalStorage()
    this.routes = new RouteTable(profiler)
    this.windows = new RecordingWindows(profiler, proc)
    this.now = () => performance.now()
    const storage = this.storage
    profiler.useRequestContext(() => {
      const context = storage.getStore()
      return context === undefined ? -1 : context.base()
    })
    profiler.setRouteSource(() => this.routes.snapshot())
    profiler.onReset(() => this.routes.reset())
  }

  /** Applies an adapter's options; the latest adapter's win. */
  configure(options: ServerOptions): void {
    const resolved = resolveServerOptions(options, this.proc.env, (message) => this.proc.stderr.write(`probeprof: ${message}\n`))
    this.options = resolved
    this.profiles = resolved.requestProfiles === false ? undefined : new RequestProfiles(resolved.requestProfiles, this.profiler, this.proc, this.profiles)
    this.windows.configure(resolved)
  }

  /** Pseudo-function of the calls made before a route matched, created when first needed. */
  beforeRoutingFn(): number {
    if (this.beforeRouting < 0) this.beforeRouting = this.routes.functionOf(BEFORE_ROUTING)
    return this.beforeRouting
  }

  /**
   * Starts a request: its context, run around the framework's continuation by the adapter (`run`). Undefined
   * while the profiler is off: the request then costs nothing but this check.
   */
  begin(req: IncomingRequest, res: OutgoingResponse, routeAtStart: RouteAtStart, lazyPattern?: RoutePattern): RequestContext | undefined {
    if (!this.profiler.isEnabled) {
      if (this.storageActive) {
        this.storage.disable() // no async-context bookkeeping while nothing records (a window not started yet)
        this.storageActive = false
      }
      return undefined
    }
    if (this.started.has(req)) return undefined // the outer adapter's context is running already
    this.started.add(req)
    this.storageActive = true
    const method = req.method !== undefined && KNOWN_METHODS.has(req.method) ? req.method : 'OTHER'
    const context = new RequestContext(this.routeFunction, this.beforeRoutingFunction, method, req.url ?? '/', routeAtStart, lazyPattern, this.now())
    if (this.profiles !== undefined) context.requestFn = this.profiles.claim(req, method)
    // The request's stream events (body chunks, 'end') are emitted from the connection's async context, not the
    // request's: a body that arrives after the first packet would lose the request (body parsers call the next
    // handler from 'end'). Binding the request's emitter carries the context there too; only requests with a
    // body need it, and binding costs (an own `emit` gives the object another shape). The response's events
    // come from its writes, made in the request's context already.
    if (req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined) bindEmitter(req, this.storage, context)
    // 'close' ends every response, finished or not (Node ≥ 16): one listener tells both apart
    res.once('close', () => this.end(context, res))
    return context
  }

  /** Runs `continuation` (the framework's next step) in the request's async context. */
  run<R>(context: RequestContext, continuation: (...args: never[]) => R, ...args: unknown[]): R {
    return this.storage.run(context, continuation, ...args)
  }

  private end(context: RequestContext, res: OutgoingResponse): void {
    if (context.ended) return
    context.ended = true
    const seconds = (this.now() - context.startMs) / 1000
    if (!this.profiler.isEnabled) return
    const route = context.finalRoute()
    const status = res.writableFinished === false ? null : res.statusCode // 'close' before 'finish': aborted
    this.routes.record(route, status, seconds)
    const routeFn = this.routes.functionOf(route)
    if (context.requestFn >= 0 && this.profiles !== undefined) {
      this.profiler.countPseudoCall(context.requestFn)
      this.profiles.write(context, route, status, seconds)
      this.profiler.movePseudoCalls(context.requestFn, routeFn) // the route's statistics include this request
      context.requestFn = -1 // what the request left to run later (a timer) starts under its route from now on
    } else {
      this.profiler.countPseudoCall(routeFn)
    }
    if (context.ranBeforeRouting) this.profiler.countPseudoCall(this.beforeRoutingFn())
  }
}

/** Makes every listener of `target` run in `context`, whatever async context emits the event. */
function bindEmitter(target: IncomingRequest, storage: AsyncStorage<RequestContext>, context: RequestContext): void {
  const emit = target.emit
  target.emit = function emitInRequestContext(this: unknown, ...args: unknown[]): boolean {
    return storage.run(context, Reflect.apply as (...args: never[]) => boolean, emit, this, args)
  }
}
