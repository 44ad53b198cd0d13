import type { FastifyRequest } from 'fastify'
import type { RequestContext } from '../context.ts'
import { requestLang } from './problem.ts'

export function requestContext(request: FastifyRequest): RequestContext {
  return {
    actor: request.actor,
    requestId: request.id,
    ip: request.ip ?? null,
    lang: requestLang(request.headers['accept-language']),
  }
}
