/** SQL of rectification tickets and their history. */
import type { RequestContext } from '../../../../platform/context.ts'
import type { Db, JsonObject } from '../../../../platform/db/index.ts'
import { newId } from '../../../../platform/ids.ts'
import { q } from '../store.ts'
import type { TicketRow, TicketStatus } from '../tables.ts'

export async function findTicket(db: Db, id: string): Promise<TicketRow | undefined> {
  return q(db).selectFrom('rectificationTickets').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function lockTicket(db: Db, id: string): Promise<TicketRow | undefined> {
  return q(db)
    .selectFrom('rectificationTickets')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
}

function actorName(ctx: RequestContext): string | null {
  const a = ctx.actor
  if (a.kind === 'user') return a.displayName
  if (a.kind === 'system') return `系统（${a.name}）`
  return null
}

export interface EventInput {
  readonly ticketId: string
  readonly action: string
  readonly from: TicketStatus | null
  readonly to: TicketStatus
  readonly note?: string | null
  readonly details?: JsonObject
}

export async function addEvent(db: Db, ctx: RequestContext, e: EventInput, at: Date): Promise<void> {
  await q(db)
    .insertInto('rectificationEvents')
    .values({
      id: newId(),
      ticketId: e.ticketId,
      at,
      action: e.action,
      fromStatus: e.from,
      toStatus: e.to,
      actorId: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
      actorName: actorName(ctx),
      note: e.note ?? null,
      details: JSON.stringify(e.details ?? {}),
    })
    .execute()
}

export async function eventsOf(db: Db, ticketId: string) {
  const rows = await q(db)
    .selectFrom('rectificationEvents')
    .select(['at', 'action', 'fromStatus', 'toStatus', 'actorName', 'note'])
    .where('ticketId', '=', ticketId)
    .orderBy('at')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }))
}
