// Fastify 5: a plugin that adds an onRequest hook to every route of the instance it is registered on.
//   await app.register(profileFastify())
// The route is Fastify's `request.routeOptions.url` (prefixes included), known before the first hook runs;
// requests no route matches (404) have none.

import type { IncomingRequest, OutgoingResponse } from '../node-types.js'
import type { ServerOptions } from '../options.js'
import { activation } from './activation.js'

/** The parts of Fastify's request and reply read here. */
export interface FastifyRequestLike {
  raw: IncomingRequest
  routeOptions?: { url?: string }
}
export interface FastifyReplyLike {
  raw: OutgoingResponse
}
export interface FastifyInstanceLike {
  addHook(name: 'onRequest', hook: (request: FastifyRequestLike, reply: FastifyReplyLike, done: () => void) => void): unknown
}

export type FastifyPlugin = (instance: FastifyInstanceLike, options: unknown, done: () => void) => void

export function profileFastify(options?: ServerOptions): FastifyPlugin {
  const integration = activation(options)
  const plugin: FastifyPlugin = (instance, _options, done) => {
    instance.addHook('onRequest', (request, reply, hookDone) => {
      const server = integration.get()
      if (server === undefined) return hookDone()
      // Fastify has routed the request before its first hook; `routeOptions` is a getter that builds an object
      const context = server.begin(request.raw, reply.raw, request.routeOptions?.url ?? null)
      if (context === undefined) return hookDone()
      server.run(context, hookDone)
    })
    done()
  }
  // fastify-plugin's markers, set by hand (no dependency): the hook applies outside the plugin's own scope
  Object.assign(plugin, { [Symbol.for('skip-override')]: true, [Symbol.for('fastify.display-name')]: 'probeprof' })
  return plugin
}
