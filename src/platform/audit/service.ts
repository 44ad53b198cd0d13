import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import type { RequestContext } from '../context.ts'
import type { Db, Trx } from '../db/index.ts'
import type { AuditEventRow, JsonObject } from '../db/schema.ts'
import { newId } from '../ids.ts'
import { canonicalJson } from './canonical.ts'

export type AuditOutcome = 'success' | 'denied' | 'failure'

export interface AuditInput {
  /** `<subject>.<verb>`, e.g. `org.create`, `auth.login_failed`. */
  readonly action: string
  readonly targetType?: string
  readonly targetId?: string
  /** The org the event concerns; defaults to the actor's org. Decides who may read the event. */
  readonly orgId?: string | null
  readonly regionCode?: string | null
  readonly purpose?: string
  readonly outcome?: AuditOutcome
  /** Never secrets or personal data in clear. */
  readonly details?: JsonObject
}

export const GENESIS_HASH = '0'.repeat(64)
// One writer at a time extends the chain; a transaction-scoped lock is released by commit or rollback.
const AUDIT_LOCK = 727_0002

type HashedFields = Omit<AuditEventRow, 'hash'>

export function hashAuditEvent(e: HashedFields): string {
  const parts = [
    e.prevHash,
    String(e.seq),
    e.id,
    e.occurredAt.toISOString(),
    e.actorType,
    e.actorId ?? '',
    e.actorName ?? '',
    e.orgId ?? '',
    e.regionCode ?? '',
    e.action,
    e.targetType ?? '',
    e.targetId ?? '',
    e.purpose ?? '',
    e.requestId ?? '',
    e.ip ?? '',
    e.outcome,
    canonicalJson(e.details),
  ]
  return createHash('sm3').update(parts.join('\u001f'), 'utf8').digest('hex')
}

function actorFields(ctx: RequestContext) {
  const a = ctx.actor
  switch (a.kind) {
    case 'user':
      return {
        actorType: 'user' as const,
        actorId: a.userId,
        actorName: a.username,
        orgId: a.orgId,
        regionCode: a.regionCode,
      }
    case 'app':
      return {
        actorType: 'app' as const,
        actorId: a.appId,
        actorName: a.clientId,
        orgId: a.orgId,
        regionCode: a.regionCode,
      }
    case 'system':
      return { actorType: 'system' as const, actorId: null, actorName: a.name, orgId: null, regionCode: null }
    default:
      return {
        actorType: 'anonymous' as const,
        actorId: null,
        actorName: null,
        orgId: null,
        regionCode: null,
      }
  }
}

/**
 * Appends one event to the hash chain inside the caller's transaction, so the event exists exactly when the
 * change it describes was committed.
 */
export async function recordAudit(trx: Trx, ctx: RequestContext, input: AuditInput): Promise<string> {
  await sql`select pg_advisory_xact_lock(${sql.lit(AUDIT_LOCK)})`.execute(trx)
  const head = await trx
    .selectFrom('auditChainHead')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow()
  const actor = actorFields(ctx)
  const event: HashedFields = {
    seq: head.seq + 1,
    id: newId(),
    occurredAt: new Date(),
    ...actor,
    orgId: input.orgId !== undefined ? input.orgId : actor.orgId,
    regionCode: input.regionCode !== undefined ? input.regionCode : actor.regionCode,
    action: input.action,
    targetType: input.targetType ?? null,
    targetId: input.targetId ?? null,
    purpose: input.purpose ?? null,
    requestId: ctx.requestId,
    ip: ctx.ip,
    outcome: input.outcome ?? 'success',
    details: input.details ?? {},
    prevHash: head.hash,
  }
  const hash = hashAuditEvent(event)
  await trx
    .insertInto('auditEvents')
    .values({ ...event, details: JSON.stringify(event.details), hash })
    .execute()
  await trx.updateTable('auditChainHead').set({ seq: event.seq, hash }).where('id', '=', 1).execute()
  return event.id
}

/**
 * Many events in one go (bulk imports): the same chain, lock and hash as recordAudit, written in multi-row inserts
 * so a 10,000-row import does not pay four statements per event.
 */
export async function recordAuditMany(
  trx: Trx,
  ctx: RequestContext,
  inputs: readonly AuditInput[],
): Promise<void> {
  if (inputs.length === 0) return
  await sql`select pg_advisory_xact_lock(${sql.lit(AUDIT_LOCK)})`.execute(trx)
  const head = await trx
    .selectFrom('auditChainHead')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow()
  const actor = actorFields(ctx)
  let seq = head.seq
  let prevHash = head.hash
  const rows = inputs.map((input) => {
    seq += 1
    const event: HashedFields = {
      seq,
      id: newId(),
      occurredAt: new Date(),
      ...actor,
      orgId: input.orgId !== undefined ? input.orgId : actor.orgId,
      regionCode: input.regionCode !== undefined ? input.regionCode : actor.regionCode,
      action: input.action,
      targetType: input.targetType ?? null,
      targetId: input.targetId ?? null,
      purpose: input.purpose ?? null,
      requestId: ctx.requestId,
      ip: ctx.ip,
      outcome: input.outcome ?? 'success',
      details: input.details ?? {},
      prevHash,
    }
    prevHash = hashAuditEvent(event)
    return { ...event, details: JSON.stringify(event.details), hash: prevHash }
  })
  for (let i = 0; i < rows.length; i += 500) {
    await trx
      .insertInto('auditEvents')
      .values(rows.slice(i, i + 500))
      .execute()
  }
  await trx.updateTable('auditChainHead').set({ seq, hash: prevHash }).where('id', '=', 1).execute()
}

/** For events with no surrounding business transaction (a failed login, a denied access). */
export async function recordAuditNow(db: Db, ctx: RequestContext, input: AuditInput): Promise<string> {
  return db.transaction().execute((trx) => recordAudit(trx, ctx, input))
}

export type ChainBreak = 'hash_mismatch' | 'link_broken' | 'sequence_gap' | 'head_mismatch'

export interface VerifyResult {
  ok: boolean
  checked: number
  firstBrokenId: string | null
  reason: ChainBreak | null
}

/** Walks the whole chain in seq order; any edited, removed or inserted row breaks it from that point. */
export async function verifyAuditChain(db: Db, batchSize = 2000): Promise<VerifyResult> {
  let prevHash = GENESIS_HASH
  let expectedSeq = 1
  let checked = 0
  let lastId: string | null = null
  for (;;) {
    const rows = await db
      .selectFrom('auditEvents')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(batchSize)
      .execute()
    for (const row of rows) {
      const fail = (reason: ChainBreak): VerifyResult => ({
        ok: false,
        checked,
        firstBrokenId: row.id,
        reason,
      })
      if (row.seq !== expectedSeq) return fail('sequence_gap')
      if (row.prevHash !== prevHash) return fail('link_broken')
      const { hash, ...rest } = row
      if (hashAuditEvent(rest) !== hash) return fail('hash_mismatch')
      prevHash = hash
      expectedSeq += 1
      checked += 1
      lastId = row.id
    }
    if (rows.length < batchSize) break
  }
  const head = await db
    .selectFrom('auditChainHead')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirst()
  if (!head || head.seq !== checked || head.hash !== prevHash) {
    return { ok: false, checked, firstBrokenId: lastId, reason: 'head_mismatch' }
  }
  return { ok: true, checked, firstBrokenId: null, reason: null }
}
