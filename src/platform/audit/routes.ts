import { Type } from 'typebox'
import type { Actor } from '../context.ts'
import type { Db } from '../db/index.ts'
import { platformError } from '../errors.ts'
import type { AppInstance } from '../http/index.ts'
import { Page, PageQuery, pageWindow } from '../http/pagination.ts'
import { type AuditScope, listAuditEvents } from './query.ts'
import { verifyAuditChain } from './service.ts'

export const AuditEvent = Type.Object({
  id: Type.String({ format: 'uuid' }),
  seq: Type.Integer(),
  occurredAt: Type.String({ format: 'date-time' }),
  actorType: Type.String(),
  actorId: Type.Union([Type.String(), Type.Null()]),
  actorName: Type.Union([Type.String(), Type.Null()]),
  orgId: Type.Union([Type.String(), Type.Null()]),
  regionCode: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  targetType: Type.Union([Type.String(), Type.Null()]),
  targetId: Type.Union([Type.String(), Type.Null()]),
  purpose: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
})

const DateTime = Type.String({ format: 'date-time' })
const Uuid = Type.String({ format: 'uuid' })
const Name = Type.String({ minLength: 1, maxLength: 100 })

const AuditQuery = Type.Intersect([
  PageQuery,
  Type.Object({
    action: Type.Optional(Name),
    actorId: Type.Optional(Uuid),
    orgId: Type.Optional(Uuid),
    targetType: Type.Optional(Name),
    targetId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    from: Type.Optional(DateTime),
    to: Type.Optional(DateTime),
  }),
])

export interface AuditRouteDeps {
  readonly db: Db
  /** Decided by the identity module: which part of the trail this actor may read, or null for none. */
  readonly scopeOf: (actor: Actor) => AuditScope | null
}

export async function auditRoutes(app: AppInstance, deps: AuditRouteDeps): Promise<void> {
  const scopeOrDeny = (actor: Actor): AuditScope => {
    const scope = deps.scopeOf(actor)
    if (!scope) throw platformError('auth.forbidden')
    return scope
  }

  app.get(
    '/api/v1/audit/events',
    {
      schema: {
        tags: ['audit'],
        summary: '审计事件列表（按管辖范围）',
        querystring: AuditQuery,
        response: { 200: Page(AuditEvent) },
      },
    },
    async (request) => {
      const scope = scopeOrDeny(request.actor)
      const { page, pageSize, ...filter } = request.query
      const result = await listAuditEvents(deps.db, scope, filter, pageWindow({ page, pageSize }))
      return { ...result, items: result.items.map((e) => ({ ...e, occurredAt: e.occurredAt.toISOString() })) }
    },
  )

  app.get(
    '/api/v1/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: '校验审计哈希链（SM3）',
        response: {
          200: Type.Object({
            ok: Type.Boolean(),
            checked: Type.Integer(),
            firstBrokenId: Type.Union([Type.String(), Type.Null()]),
            reason: Type.Union([Type.String(), Type.Null()]),
          }),
        },
      },
    },
    async (request) => {
      scopeOrDeny(request.actor)
      return verifyAuditChain(deps.db)
    },
  )
}
