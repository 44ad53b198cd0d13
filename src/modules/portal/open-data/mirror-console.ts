/**
 * The console side of open-data mirrors: who sees and refreshes them, the list, one mirror, and a refresh on
 * demand. The provider org's data stewards and org admins refresh their own resources' mirrors; bureau admins
 * refresh those of their region; auditors and reviewers (own org or region) read. A mirror the actor may not
 * see answers the same 404 as a missing one.
 */
import { recordAudit } from '../../../platform/audit/index.ts'
import type { Config } from '../../../platform/config.ts'
import type { Actor, RequestContext } from '../../../platform/context.ts'
import type { Db } from '../../../platform/db/index.ts'
import { type PageResult, type PageWindow, pageOf } from '../../../platform/http/index.ts'
import { regionPrefix } from '../../../platform/validators/index.ts'
import { dataSourceOf, openResource } from '../../catalog/index.ts'
import { orgSummaries } from '../../identity/index.ts'
import { portalError } from '../errors.ts'
import { actsFor, BUREAU_READERS, bureauOver, readsFor, scopesOf } from '../requests/policy.ts'
import { type MirrorRow, type MirrorStatus, t } from '../tables.ts'
import { findMirror, queueRefresh, STALE_RUNNING_MS } from './mirror-store.ts'

const BUREAU_REFRESHERS = ['bureau_admin'] as const

interface Owner {
  readonly orgId: string
  readonly regionCode: string
}

export function canSeeMirror(actor: Actor, o: Owner): boolean {
  return readsFor(actor, o.orgId) || bureauOver(actor, o.regionCode, BUREAU_READERS)
}

export function canRefreshMirror(actor: Actor, o: Owner): boolean {
  return actsFor(actor, o.orgId) || bureauOver(actor, o.regionCode, BUREAU_REFRESHERS)
}

export interface MirrorView {
  resourceId: string
  resourceCode: string
  resourceName: string
  orgId: string
  orgName: string
  status: MirrorStatus
  rows: number | null
  sourceRows: number | null
  rowsCopied: number
  rowsSkipped: number
  /** Share of the source copied by the running refresh (0–1); null when none runs or the size is not known. */
  progress: number | null
  sourceDigest: string | null
  refreshedAt: string | null
  startedAt: string | null
  finishedAt: string | null
  durationMs: number | null
  error: string | null
  canRefresh: boolean
}

const iso = (d: Date | null) => d?.toISOString() ?? null

async function views(db: Db, actor: Actor, rows: readonly MirrorRow[]): Promise<MirrorView[]> {
  const orgs = await orgSummaries(
    db,
    rows.map((r) => r.orgId),
  )
  return rows.map((r) => {
    // A refresh whose process died shows as failed: nothing is copying any more.
    const dead = r.status === 'running' && Date.now() - r.updatedAt.getTime() >= STALE_RUNNING_MS
    const running = r.status === 'running' && !dead
    return {
      resourceId: r.resourceId,
      resourceCode: r.resourceCode,
      resourceName: r.resourceName,
      orgId: r.orgId,
      orgName: orgs.get(r.orgId)?.name ?? '',
      status: dead ? 'failed' : r.status,
      rows: r.rowCount,
      sourceRows: r.sourceRowCount,
      rowsCopied: r.rowsCopied,
      rowsSkipped: r.rowsSkipped,
      progress:
        running && r.sourceRowCount ? Math.min(1, r.rowsCopied / r.sourceRowCount) : running ? 0 : null,
      sourceDigest: r.sourceDigest,
      refreshedAt: iso(r.refreshedAt),
      startedAt: iso(r.startedAt),
      finishedAt: iso(r.finishedAt),
      durationMs: r.durationMs,
      error: dead ? '复制中断（处理进程已退出），请重新刷新' : r.error,
      canRefresh: canRefreshMirror(actor, r),
    }
  })
}

export interface MirrorQuery {
  status?: MirrorStatus | undefined
  q?: string | undefined
}

export async function listMirrors(
  db: Db,
  actor: Actor,
  query: MirrorQuery,
  window: PageWindow,
): Promise<PageResult<MirrorView>> {
  const empty = { items: [], total: 0, page: window.page, pageSize: window.pageSize }
  if (actor.kind !== 'user') return empty
  // The same rule as canSeeMirror, as SQL.
  const scopes = scopesOf(actor, BUREAU_READERS)
  const ownOrg = readsFor(actor, actor.orgId)
  if (!ownOrg && scopes.length === 0) return empty
  let q = t(db)
    .selectFrom('portalMirrors')
    .where((eb) =>
      eb.or([
        ...(ownOrg ? [eb('orgId', '=', actor.orgId)] : []),
        ...scopes.map((s) => eb('regionCode', 'like', `${regionPrefix(s)}%`)),
      ]),
    )
  if (query.status) q = q.where('status', '=', query.status)
  if (query.q?.trim()) {
    const like = `%${query.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    q = q.where((eb) => eb.or([eb('resourceName', 'like', like), eb('resourceCode', 'like', like)]))
  }
  const rows = await q
    .selectAll()
    .select((eb) => eb.fn.countAll<number>().over().as('fullCount'))
    .orderBy('updatedAt', 'desc')
    .orderBy('resourceId')
    .limit(window.limit)
    .offset(window.offset)
    .execute()
  const page = await pageOf(rows, window, async () =>
    Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
  )
  return { ...page, items: await views(db, actor, page.items) }
}

export async function getMirror(db: Db, actor: Actor, resourceId: string): Promise<MirrorView> {
  const row = await findMirror(db, resourceId)
  if (!row || !canSeeMirror(actor, row)) throw portalError('portal.mirror_not_found')
  const [view] = await views(db, actor, [row])
  if (!view) throw portalError('portal.mirror_not_found')
  return view
}

/** Queues a refresh now (or reports the one in flight); the copy runs in the job worker. */
export async function requestRefresh(
  db: Db,
  config: Config,
  ctx: RequestContext,
  resourceId: string,
): Promise<MirrorView & { queued: boolean }> {
  const resource = await openResource(db, resourceId)
  if (!resource || !canSeeMirror(ctx.actor, resource)) throw portalError('portal.mirror_not_found')
  if (!canRefreshMirror(ctx.actor, resource)) throw portalError('portal.mirror_forbidden')
  const source =
    resource.mountStatus === 'mounted' ? await dataSourceOf(db, config.secretKey, resource.id) : null
  if (source?.kind !== 'postgres') throw portalError('portal.mirror_unsupported')
  const requestedBy = ctx.actor.kind === 'user' ? ctx.actor.userId : null
  const { row, queued } = await db.transaction().execute(async (trx) => {
    const result = await queueRefresh(trx, resource, requestedBy)
    if (result.queued)
      await recordAudit(trx, ctx, {
        action: 'portal.mirror_refresh_request',
        targetType: 'resource',
        targetId: resource.id,
        orgId: resource.orgId,
        regionCode: resource.regionCode,
      })
    return result
  })
  const [view] = await views(db, ctx.actor, [row])
  if (!view) throw portalError('portal.mirror_not_found')
  return { ...view, queued }
}
