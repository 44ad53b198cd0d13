import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Actor } from '../context.ts'
import { defineErrors, platformError } from '../errors.ts'

/**
 * Who may call a route. Deny by default: a route that says nothing requires a logged-in user.
 * - public: anyone, also anonymous
 * - user: a logged-in person (cookie session or bearer login token)
 * - app: an API app holding a client-credentials access token
 * - user_or_app: either
 */
export type Access = 'public' | 'user' | 'app' | 'user_or_app'

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access
    /**
     * Registered enterprises (企业, external buyers) may call this route. Deny by default: without it an
     * enterprise user or app is refused (403 auth.enterprise_forbidden), and on public routes an enterprise user
     * is served as anonymous. Opting in does not scope anything: the service still decides what the caller sees.
     */
    enterprise?: boolean
  }
  interface FastifyRequest {
    actor: Actor
    /** CSRF token of the cookie session, when the actor came by cookie. */
    csrfToken: string | null
  }
}

export interface ResolvedAuth {
  readonly actor: Actor
  readonly csrfToken: string | null
}

/** Implemented by the identity module; the platform only knows how to ask. */
export interface AuthResolver {
  resolve(request: FastifyRequest): Promise<ResolvedAuth>
  /**
   * The same answer when it is known without waiting (a cached credential, or no credential at all), else
   * undefined. Lets the hook skip a promise on nearly every request.
   */
  peek?(request: FastifyRequest): ResolvedAuth | undefined
}

export const authError = defineErrors({
  'auth.enterprise_forbidden': {
    status: 403,
    zh: '企业用户无权使用此功能',
    en: 'Registered enterprises may not use this endpoint',
  },
})

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const ANONYMOUS: ResolvedAuth = { actor: { kind: 'anonymous' }, csrfToken: null }

export function installAuth(app: FastifyInstance, resolver: AuthResolver): void {
  // Assigned in the first hook of every request; not decorated because Fastify forbids object decorations.
  // Callback style: with the credential cached, a request passes without a promise.
  app.addHook('onRequest', (request, _reply, done) => {
    request.actor = ANONYMOUS.actor
    // Unmatched URLs get the not-found handler, which decides by itself (SPA page or problem 404).
    if (request.routeOptions.url === undefined) return done()
    const access: Access = request.routeOptions.config.access ?? 'user'
    const settle = (resolved: ResolvedAuth) => {
      try {
        admit(request, access, resolved)
      } catch (error) {
        return done(error as Error)
      }
      done()
    }
    const known = resolver.peek?.(request)
    if (known) return settle(known)
    const pending = access === 'public' ? resolveQuietly(resolver, request) : resolver.resolve(request)
    pending.then(settle, (error: Error) => done(error))
  })
}

/** Sets the request's actor, or throws why this credential may not call this route. */
function admit(request: FastifyRequest, access: Access, resolved: ResolvedAuth): void {
  const external = isEnterprise(resolved.actor) && request.routeOptions.config.enterprise !== true
  if (access === 'public') {
    // An enterprise user gets no more from a public page than the public does. Apps keep their identity: the
    // public gateway routes serve an app only what its grants allow, which is how an enterprise gets its data.
    const actor = external && resolved.actor.kind === 'user' ? ANONYMOUS.actor : resolved.actor
    request.actor = actor
    request.csrfToken = actor === resolved.actor ? resolved.csrfToken : null
    return
  }
  request.actor = resolved.actor
  request.csrfToken = resolved.csrfToken
  const kind = resolved.actor.kind
  const allowed =
    (access === 'user' && kind === 'user') ||
    (access === 'app' && kind === 'app') ||
    (access === 'user_or_app' && (kind === 'user' || kind === 'app'))
  if (!allowed) {
    if (kind === 'anonymous') throw platformError('auth.required')
    throw platformError('auth.forbidden', {
      detail: { zh: '此接口不接受该类凭证', en: 'This endpoint does not accept this kind of credential' },
    })
  }
  if (external) throw authError('auth.enterprise_forbidden')
  if (resolved.actor.kind === 'user' && resolved.actor.via === 'cookie' && UNSAFE.has(request.method)) {
    const header = request.headers['x-csrf-token']
    if (typeof header !== 'string' || !resolved.csrfToken || header !== resolved.csrfToken) {
      throw platformError('auth.csrf_invalid')
    }
  }
}

function isEnterprise(actor: Actor): boolean {
  return (actor.kind === 'user' || actor.kind === 'app') && actor.enterprise === true
}

/** On public routes a stale cookie must not turn a readable page into an error. */
async function resolveQuietly(resolver: AuthResolver, request: FastifyRequest): Promise<ResolvedAuth> {
  try {
    return await resolver.resolve(request)
  } catch {
    return ANONYMOUS
  }
}
