import type { Db } from '../db/index.ts'
import type { AuditEventRow } from '../db/schema.ts'
import { type PageResult, type PageWindow, pageOf } from '../http/pagination.ts'

/**
 * What part of the trail a reader may see: a region subtree (by code prefix) or exactly one org. Events bound to
 * no region (system seeding, anonymous failures) are shown only to readers whose reach is the whole deployment.
 */
export type AuditScope =
  | { readonly regionPrefix: string; readonly includeUnbound?: boolean }
  | { readonly orgId: string }

export interface AuditFilter {
  action?: string | undefined
  actorId?: string | undefined
  orgId?: string | undefined
  targetType?: string | undefined
  targetId?: string | undefined
  from?: string | undefined
  to?: string | undefined
}

export async function listAuditEvents(
  db: Db,
  scope: AuditScope,
  filter: AuditFilter,
  window: PageWindow,
): Promise<PageResult<AuditEventRow>> {
  let q = db.selectFrom('auditEvents')
  q =
    'orgId' in scope
      ? q.where('orgId', '=', scope.orgId)
      : q.where((eb) => {
          const inRegion = eb('regionCode', 'like', `${scope.regionPrefix.replace(/[%_\\]/g, '')}%`)
          return scope.includeUnbound ? eb.or([inRegion, eb('regionCode', 'is', null)]) : inRegion
        })
  if (filter.action) q = q.where('action', '=', filter.action)
  if (filter.actorId) q = q.where('actorId', '=', filter.actorId)
  if (filter.orgId) q = q.where('orgId', '=', filter.orgId)
  if (filter.targetType) q = q.where('targetType', '=', filter.targetType)
  if (filter.targetId) q = q.where('targetId', '=', filter.targetId)
  if (filter.from) q = q.where('occurredAt', '>=', new Date(filter.from))
  if (filter.to) q = q.where('occurredAt', '<', new Date(filter.to))
  const countAll = async () =>
    Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
  const rows = await q
    .selectAll()
    .select((eb) => eb.fn.countAll<number>().over().as('fullCount'))
    .orderBy('seq', 'desc')
    .limit(window.limit)
    .offset(window.offset)
    .execute()
  return pageOf(rows, window, countAll)
}
