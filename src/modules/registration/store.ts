/** SQL of the registration module: rows, history, locks. */
import type { RequestContext } from '../../platform/context.ts'
import type { Db, JsonObject } from '../../platform/db/index.ts'
import { newId } from '../../platform/ids.ts'
import type { RegistrationRow, RegistrationStatus, RegistrationTables } from './tables.ts'

export const t = (db: Db) => db.withTables<RegistrationTables>()

export async function findRegistration(db: Db, id: string): Promise<RegistrationRow | undefined> {
  return t(db).selectFrom('registrations').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function lockRegistration(db: Db, id: string): Promise<RegistrationRow | undefined> {
  return t(db).selectFrom('registrations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export function actorName(ctx: RequestContext): string | null {
  const a = ctx.actor
  if (a.kind === 'user') return a.displayName
  if (a.kind === 'app') return a.appName
  if (a.kind === 'system') return `系统（${a.name}）`
  return '公众'
}

export interface HistoryInput {
  readonly registrationId: string
  readonly action: string
  readonly from: RegistrationStatus | null
  readonly to: RegistrationStatus
  readonly reason?: string | null | undefined
  readonly details?: JsonObject
}

export async function addHistory(db: Db, ctx: RequestContext, input: HistoryInput, at: Date): Promise<void> {
  await t(db)
    .insertInto('registrationHistory')
    .values({
      id: newId(),
      registrationId: input.registrationId,
      at,
      action: input.action,
      fromStatus: input.from,
      toStatus: input.to,
      actorId: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
      actorName: actorName(ctx),
      reason: input.reason ?? null,
      details: JSON.stringify(input.details ?? {}),
    })
    .execute()
}

export async function historyOf(db: Db, registrationId: string) {
  const rows = await t(db)
    .selectFrom('registrationHistory')
    .select(['at', 'action', 'fromStatus', 'toStatus', 'actorName', 'reason', 'details'])
    .where('registrationId', '=', registrationId)
    .orderBy('at')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }))
}
