/**
 * The rows of portal_mirrors: one per mirrored resource, holding the state of the last refresh and the two
 * datastore keys (the copy served, the key the next copy is built under). Claiming a refresh is one conditional
 * update, so two workers (or a worker and a console click) never copy the same resource at once.
 */
import { sql } from 'kysely'
import type { Db } from '../../../platform/db/index.ts'
import { newId } from '../../../platform/ids.ts'
import { enqueue } from '../../../platform/jobs/index.ts'
import { type MirrorRow, type MirrorStatus, t } from '../tables.ts'

export const MIRROR_QUEUE = 'portal.mirrors.refresh'

/** A running refresh writes progress after every batch; one silent this long is taken as dead. */
export const STALE_RUNNING_MS = 10 * 60_000
/** A queued refresh whose job never started this long is queued again on the next request. */
export const STALE_PENDING_MS = 60 * 60_000

export interface MirrorOwner {
  readonly id: string
  readonly code: string
  readonly name: string
  readonly orgId: string
  readonly regionCode: string
}

export async function findMirror(db: Db, resourceId: string): Promise<MirrorRow | undefined> {
  return t(db).selectFrom('portalMirrors').selectAll().where('resourceId', '=', resourceId).executeTakeFirst()
}

/** Whether a refresh is queued or running and still alive (a new request would only duplicate it). */
export function refreshInFlight(row: MirrorRow, now = Date.now()): boolean {
  const age = now - row.updatedAt.getTime()
  if (row.status === 'running') return age < STALE_RUNNING_MS
  if (row.status === 'pending') return age < STALE_PENDING_MS
  return false
}

/**
 * Queues a refresh (creating the mirror row on first use) unless one is already in flight. Inside the caller's
 * transaction: the job exists exactly when the pending state does. Returns the row and whether a job was queued.
 */
export async function queueRefresh(
  trx: Db,
  owner: MirrorOwner,
  requestedBy: string | null,
): Promise<{ row: MirrorRow; queued: boolean }> {
  const created = await t(trx)
    .insertInto('portalMirrors')
    .values({
      resourceId: owner.id,
      resourceCode: owner.code,
      resourceName: owner.name,
      orgId: owner.orgId,
      regionCode: owner.regionCode,
      status: 'pending',
      spareKey: newId(),
      requestedBy,
    })
    .onConflict((oc) => oc.column('resourceId').doNothing())
    .returningAll()
    .executeTakeFirst()
  let row = created
  if (!row) {
    // Locked, so two concurrent requests queue one job between them.
    const current = await t(trx)
      .selectFrom('portalMirrors')
      .selectAll()
      .where('resourceId', '=', owner.id)
      .forUpdate()
      .executeTakeFirstOrThrow()
    if (refreshInFlight(current)) return { row: current, queued: false }
    row = await t(trx)
      .updateTable('portalMirrors')
      .set({
        status: 'pending',
        resourceCode: owner.code,
        resourceName: owner.name,
        orgId: owner.orgId,
        regionCode: owner.regionCode,
        requestedBy,
        updatedAt: sql<Date>`now()`,
      })
      .where('resourceId', '=', owner.id)
      .returningAll()
      .executeTakeFirstOrThrow()
  }
  await enqueue(trx, MIRROR_QUEUE, { resourceId: owner.id }, { maxAttempts: 1 })
  return { row, queued: true }
}

/** Takes the refresh for this worker; undefined when another one holds it. */
export async function claimRefresh(db: Db, resourceId: string): Promise<MirrorRow | undefined> {
  return t(db)
    .updateTable('portalMirrors')
    .set({
      status: 'running',
      rowsCopied: 0,
      startedAt: sql<Date>`now()`,
      updatedAt: sql<Date>`now()`,
    })
    .where('resourceId', '=', resourceId)
    .where((eb) =>
      eb.or([eb('status', '!=', 'running'), eb('updatedAt', '<', new Date(Date.now() - STALE_RUNNING_MS))]),
    )
    .returningAll()
    .executeTakeFirst()
}

export async function noteProgress(
  db: Db,
  resourceId: string,
  values: { rowsCopied: number; sourceRowCount?: number },
): Promise<void> {
  await t(db)
    .updateTable('portalMirrors')
    .set({ ...values, updatedAt: sql<Date>`now()` })
    .where('resourceId', '=', resourceId)
    .where('status', '=', 'running')
    .execute()
}

/** Closes an attempt that left the served copy as it was (failed, or refused as too large). */
export async function finishWithoutCopy(
  db: Db,
  row: MirrorRow,
  outcome: { status: Extract<MirrorStatus, 'failed' | 'too_large'>; error: string; sourceRowCount?: number },
): Promise<void> {
  const started = row.startedAt?.getTime() ?? Date.now()
  await t(db)
    .updateTable('portalMirrors')
    .set({
      status: outcome.status,
      error: outcome.error,
      ...(outcome.sourceRowCount !== undefined ? { sourceRowCount: outcome.sourceRowCount } : {}),
      finishedAt: sql<Date>`now()`,
      durationMs: Math.max(0, Date.now() - started),
      updatedAt: sql<Date>`now()`,
    })
    .where('resourceId', '=', row.resourceId)
    .execute()
}

/** Points the mirror at its new copy; inside the transaction that swapped the copy in. */
export async function finishWithCopy(
  trx: Db,
  row: MirrorRow,
  copy: {
    dataKey: string
    rowCount: number
    rowsSkipped: number
    sourceRowCount: number
    sourceDigest: string | null
    readAt: Date
    note: string | null
  },
): Promise<void> {
  const started = row.startedAt?.getTime() ?? Date.now()
  await t(trx)
    .updateTable('portalMirrors')
    .set({
      status: 'ready',
      dataKey: copy.dataKey,
      // The copy just retired becomes the key of the next build, which replaces it then.
      spareKey: row.dataKey ?? newId(),
      rowCount: copy.rowCount,
      rowsCopied: copy.rowCount,
      rowsSkipped: copy.rowsSkipped,
      sourceRowCount: copy.sourceRowCount,
      sourceDigest: copy.sourceDigest,
      refreshedAt: copy.readAt,
      error: copy.note,
      finishedAt: sql<Date>`now()`,
      durationMs: Math.max(0, Date.now() - started),
      updatedAt: sql<Date>`now()`,
    })
    .where('resourceId', '=', row.resourceId)
    .execute()
}

export async function deleteMirror(trx: Db, resourceId: string): Promise<void> {
  await t(trx).deleteFrom('portalMirrors').where('resourceId', '=', resourceId).execute()
}

export async function allMirrors(db: Db, afterId: string | null, limit: number): Promise<MirrorRow[]> {
  let q = t(db).selectFrom('portalMirrors').selectAll()
  if (afterId) q = q.where('resourceId', '>', afterId)
  return q.orderBy('resourceId').limit(limit).execute()
}
