// The shapes of Node's objects the server integration touches, declared structurally: the runtime imports no
// `node:*` module (it reaches built-ins through process.getBuiltinModule) and no framework.

/** `http.IncomingMessage` (also Express's `req`, Koa's `ctx.req`, Fastify's `request.raw`). */
export interface IncomingRequest {
  method?: string
  url?: string
  headers: Record<string, string | string[] | undefined>
  emit(event: string | symbol, ...args: unknown[]): boolean
}

/** `http.ServerResponse`. */
export interface OutgoingResponse {
  statusCode: number
  /** true once the response was handed to the OS in full ('finish' emitted) */
  writableFinished?: boolean
  once(event: 'finish' | 'close', listener: () => void): unknown
  emit(event: string | symbol, ...args: unknown[]): boolean
}

/** `async_hooks.AsyncLocalStorage`. */
export interface AsyncStorage<T> {
  getStore(): T | undefined
  run<R>(store: T, callback: (...args: never[]) => R, ...args: unknown[]): R
  disable(): void
}

/** The parts of `process` used here. */
export interface NodeProcess {
  env: Record<string, string | undefined>
  pid: number
  getBuiltinModule(id: string): unknown
  on(event: string, listener: () => void): unknown
  removeListener(event: string, listener: () => void): unknown
  stderr: { write(text: string): boolean }
}

/** The Node process, or undefined in hosts that have none (a browser): there the integration does nothing. */
export function nodeProcess(): NodeProcess | undefined {
  const proc = (globalThis as { process?: Partial<NodeProcess> }).process
  return proc !== undefined && typeof proc.getBuiltinModule === 'function' ? (proc as NodeProcess) : undefined
}
