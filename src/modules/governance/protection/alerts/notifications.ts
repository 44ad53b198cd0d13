/**
 * The notification inbox of org admins (通知): the platform has no notification service, so governance keeps
 * the notices of risk alerts and incident actions here. An org admin reads its org's; bureau admins read those
 * of orgs in their region subtree through the alerts themselves.
 */
import { sql } from 'kysely'
import type { Actor } from '../../../../platform/context.ts'
import type { Db } from '../../../../platform/db/index.ts'
import type { PageResult, PageWindow } from '../../../../platform/http/index.ts'
import { hasRole } from '../../../identity/index.ts'
import { protectionError } from '../errors.ts'
import { p } from '../tables.ts'

export interface Notification {
  readonly id: string
  readonly orgId: string
  readonly alertId: string | null
  readonly title: string
  readonly body: string
  readonly createdAt: Date
  readonly readAt: Date | null
}

export async function listNotifications(
  db: Db,
  actor: Actor,
  unreadOnly: boolean,
  window: PageWindow,
): Promise<PageResult<Notification>> {
  if (!hasRole(actor, 'org_admin'))
    return { items: [], total: 0, page: window.page, pageSize: window.pageSize }
  const rows = await p(db)
    .selectFrom('governanceNotifications')
    .select(['id', 'orgId', 'alertId', 'title', 'body', 'createdAt', 'readAt'])
    .select(sql<string>`count(*) over ()`.as('fullCount'))
    .where('orgId', '=', actor.orgId)
    .$if(unreadOnly, (q) => q.where('readAt', 'is', null))
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(window.limit)
    .offset(window.offset)
    .execute()
  return {
    items: rows.map(({ fullCount: _c, ...n }) => n),
    total: rows[0] ? Number(rows[0].fullCount) : 0,
    page: window.page,
    pageSize: window.pageSize,
  }
}

export async function markRead(db: Db, actor: Actor, id: string): Promise<void> {
  if (!hasRole(actor, 'org_admin')) throw protectionError('alert.not_found')
  const res = await p(db)
    .updateTable('governanceNotifications')
    .set({ readAt: new Date(), readBy: actor.userId })
    .where('id', '=', id)
    .where('orgId', '=', actor.orgId)
    .executeTakeFirst()
  if (Number(res.numUpdatedRows) === 0) throw protectionError('alert.not_found')
}
