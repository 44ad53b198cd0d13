/**
 * The registry of legacy point-to-point channels (点对点通道): direct links between two departments that the hub
 * is meant to replace. Linking a channel to the grant that replaces it retires the channel; unlinking brings it
 * back. Statistics give the retired share per provider region.
 */
import { type Expression, type SqlBool, sql } from 'kysely'
import { recordAudit } from '../../../platform/audit/index.ts'
import type { Actor, RequestContext } from '../../../platform/context.ts'
import type { Db, Trx } from '../../../platform/db/index.ts'
import type { FieldIssue } from '../../../platform/errors.ts'
import { type PageResult, type PageWindow, pageOf } from '../../../platform/http/index.ts'
import { newId } from '../../../platform/ids.ts'
import { isWithinRegion, regionPrefix } from '../../../platform/validators/index.ts'
import { hasRole, orgFacts, orgSummaries } from '../../identity/index.ts'
import { t } from '../store.ts'
import type { ChannelCreate, ChannelPatch, ChannelView } from './channel-schemas.ts'
import { requestError } from './errors.ts'
import { BUREAU_READERS, canManageChannel, canSeeParties, ORG_READERS, scopesOf } from './policy.ts'
import { groupRegion, pct, regionNamer } from './regions.ts'
import type { ChannelProtocol, ChannelStatus, ShareChannelRow } from './tables.ts'

export interface ChannelQuery {
  status?: ChannelStatus | undefined
  protocol?: ChannelProtocol | undefined
  orgId?: string | undefined
  regionCode?: string | undefined
  q?: string | undefined
}

const likeEscape = (q: string) => q.replace(/[\\%_]/g, (c) => `\\${c}`)
const issue = (field: string, message: string, messageZh: string): FieldIssue => ({
  field: `body.${field}`,
  message,
  messageZh,
})

/** Deny by default: either party's readers, and bureau readers over either party's region. */
function visible(actor: Actor): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = []
  if (actor.kind === 'user' && ORG_READERS.some((r) => hasRole(actor, r))) {
    parts.push(sql<SqlBool>`(provider_org_id = ${actor.orgId} or consumer_org_id = ${actor.orgId})`)
  }
  for (const scope of scopesOf(actor, BUREAU_READERS)) {
    const like = `${regionPrefix(scope)}%`
    parts.push(sql<SqlBool>`(provider_region_code like ${like} or consumer_region_code like ${like})`)
  }
  return parts.length ? sql<SqlBool>`(${sql.join(parts, sql` or `)})` : sql<SqlBool>`false`
}

function conditions(actor: Actor, query: ChannelQuery): Expression<SqlBool> {
  const all: Expression<SqlBool>[] = [visible(actor)]
  if (query.status) all.push(sql<SqlBool>`status = ${query.status}`)
  if (query.protocol) all.push(sql<SqlBool>`protocol = ${query.protocol}`)
  if (query.orgId)
    all.push(sql<SqlBool>`(provider_org_id = ${query.orgId} or consumer_org_id = ${query.orgId})`)
  if (query.regionCode) {
    const like = `${regionPrefix(query.regionCode)}%`
    all.push(sql<SqlBool>`(provider_region_code like ${like} or consumer_region_code like ${like})`)
  }
  const q = query.q?.trim()
  if (q) {
    const like = `%${likeEscape(q)}%`
    all.push(sql<SqlBool>`(name ilike ${like} or description ilike ${like})`)
  }
  return sql<SqlBool>`(${sql.join(all, sql` and `)})`
}

async function toViews(db: Db, actor: Actor, rows: readonly ShareChannelRow[]): Promise<ChannelView[]> {
  const orgs = await orgSummaries(
    db,
    rows.flatMap((c) => [c.providerOrgId, c.consumerOrgId]),
  )
  return rows.map((c) => ({
    id: c.id,
    name: c.name,
    providerOrgId: c.providerOrgId,
    providerOrgName: orgs.get(c.providerOrgId)?.name ?? '',
    providerRegionCode: c.providerRegionCode,
    consumerOrgId: c.consumerOrgId,
    consumerOrgName: orgs.get(c.consumerOrgId)?.name ?? '',
    consumerRegionCode: c.consumerRegionCode,
    description: c.description,
    protocol: c.protocol,
    status: c.status,
    grantId: c.grantId,
    retiredAt: c.retiredAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    canEdit: canManageChannel(actor, c),
  }))
}

export async function listChannels(
  db: Db,
  actor: Actor,
  query: ChannelQuery,
  window: PageWindow,
): Promise<PageResult<ChannelView>> {
  const rows = await t(db)
    .selectFrom('shareChannels')
    .selectAll()
    .select(sql<number>`count(*) over ()`.as('fullCount'))
    .where(conditions(actor, query))
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(window.limit)
    .offset(window.offset)
    .execute()
  const page = await pageOf(rows, window, async () => {
    const c = await t(db)
      .selectFrom('shareChannels')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(conditions(actor, query))
      .executeTakeFirstOrThrow()
    return Number(c.n)
  })
  return { ...page, items: await toViews(db, actor, page.items) }
}

export async function getChannel(db: Db, ctx: RequestContext, id: string): Promise<ChannelView> {
  const row = await t(db).selectFrom('shareChannels').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row || !canSeeParties(ctx.actor, row)) throw requestError('share_channel.not_found')
  const [view] = await toViews(db, ctx.actor, [row])
  if (!view) throw requestError('share_channel.not_found')
  return view
}

/** The grant must join the channel's provider and consumer and still stand (not revoked). */
async function checkGrant(
  trx: Trx,
  grantId: string,
  ch: { providerOrgId: string; consumerOrgId: string },
): Promise<void> {
  const g = await t(trx)
    .selectFrom('grants')
    .select(['providerOrgId', 'consumerOrgId', 'status'])
    .where('id', '=', grantId)
    .executeTakeFirst()
  if (
    !g ||
    g.providerOrgId !== ch.providerOrgId ||
    g.consumerOrgId !== ch.consumerOrgId ||
    g.status === 'revoked'
  )
    throw requestError('share_channel.grant_mismatch', {
      fields: [issue('grantId', 'grant does not match', '授权的提供方、使用方须与通道一致且未撤销')],
    })
}

function isNameConflict(err: unknown): boolean {
  const e = err as { code?: unknown; constraint?: unknown; message?: unknown }
  return e?.code === '23505' && String(e.constraint ?? e.message ?? '').includes('share_channels_name')
}

async function nameTaken(
  trx: Trx,
  ch: { providerOrgId: string; consumerOrgId: string; name: string },
  except?: string,
) {
  const row = await t(trx)
    .selectFrom('shareChannels')
    .select('id')
    .where('providerOrgId', '=', ch.providerOrgId)
    .where('consumerOrgId', '=', ch.consumerOrgId)
    .where('name', '=', ch.name)
    .$if(except !== undefined, (q) => q.where('id', '!=', except ?? ''))
    .executeTakeFirst()
  return row !== undefined
}

export async function createChannel(db: Db, ctx: RequestContext, input: ChannelCreate): Promise<string> {
  const name = input.name.trim()
  if (name.length < 2)
    throw requestError('share_channel.invalid', { fields: [issue('name', 'is required', '请填写通道名称')] })
  if (input.providerOrgId === input.consumerOrgId)
    throw requestError('share_channel.invalid', {
      fields: [issue('consumerOrgId', 'same as provider', '提供方与使用方不能是同一单位')],
    })
  const id = newId()
  try {
    await db.transaction().execute(async (trx) => {
      const provider = await orgFacts(trx, input.providerOrgId)
      const consumer = await orgFacts(trx, input.consumerOrgId)
      const missing = [
        ...(provider ? [] : [issue('providerOrgId', 'no such org', '提供方单位不存在')]),
        ...(consumer ? [] : [issue('consumerOrgId', 'no such org', '使用方单位不存在')]),
      ]
      if (!provider || !consumer) throw requestError('share_channel.invalid', { fields: missing })
      const ch = {
        providerOrgId: provider.id,
        providerRegionCode: provider.regionCode,
        consumerOrgId: consumer.id,
        consumerRegionCode: consumer.regionCode,
      }
      if (!canManageChannel(ctx.actor, ch)) throw requestError('share_channel.forbidden')
      if (await nameTaken(trx, { ...ch, name })) throw requestError('share_channel.name_taken')
      if (input.grantId) await checkGrant(trx, input.grantId, ch)
      const now = new Date()
      await t(trx)
        .insertInto('shareChannels')
        .values({
          id,
          name,
          ...ch,
          description: input.description?.trim() ?? '',
          protocol: input.protocol,
          status: input.grantId ? 'retired' : 'active',
          grantId: input.grantId ?? null,
          retiredAt: input.grantId ? now : null,
          createdBy: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
        })
        .execute()
      await recordAudit(trx, ctx, {
        action: 'sharing.channel_create',
        targetType: 'share_channel',
        targetId: id,
        orgId: ch.providerOrgId,
        regionCode: ch.providerRegionCode,
        details: {
          name,
          consumerOrgId: ch.consumerOrgId,
          protocol: input.protocol,
          grantId: input.grantId ?? null,
        },
      })
    })
  } catch (err) {
    if (isNameConflict(err)) throw requestError('share_channel.name_taken')
    throw err
  }
  return id
}

async function lockVisible(trx: Trx, ctx: RequestContext, id: string): Promise<ShareChannelRow> {
  const row = await t(trx)
    .selectFrom('shareChannels')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
  if (!row || !canSeeParties(ctx.actor, row)) throw requestError('share_channel.not_found')
  if (!canManageChannel(ctx.actor, row)) throw requestError('share_channel.forbidden')
  return row
}

export async function updateChannel(
  db: Db,
  ctx: RequestContext,
  id: string,
  patch: ChannelPatch,
): Promise<void> {
  const name = patch.name?.trim()
  if (name !== undefined && name.length < 2)
    throw requestError('share_channel.invalid', { fields: [issue('name', 'is required', '请填写通道名称')] })
  try {
    await db.transaction().execute(async (trx) => {
      const row = await lockVisible(trx, ctx, id)
      if (name !== undefined && name !== row.name && (await nameTaken(trx, { ...row, name }, id)))
        throw requestError('share_channel.name_taken')
      const relink = patch.grantId !== undefined && patch.grantId !== row.grantId
      if (relink && patch.grantId) await checkGrant(trx, patch.grantId, row)
      const now = new Date()
      const grantId = patch.grantId === undefined ? row.grantId : patch.grantId
      await t(trx)
        .updateTable('shareChannels')
        .set({
          ...(name !== undefined ? { name } : {}),
          ...(patch.description !== undefined ? { description: patch.description.trim() } : {}),
          ...(patch.protocol !== undefined ? { protocol: patch.protocol } : {}),
          grantId,
          status: grantId ? 'retired' : 'active',
          retiredAt: grantId ? (relink ? now : row.retiredAt) : null,
          updatedAt: now,
        })
        .where('id', '=', id)
        .execute()
      await recordAudit(trx, ctx, {
        action: relink
          ? grantId
            ? 'sharing.channel_retire'
            : 'sharing.channel_reactivate'
          : 'sharing.channel_update',
        targetType: 'share_channel',
        targetId: id,
        orgId: row.providerOrgId,
        regionCode: row.providerRegionCode,
        details: { changed: Object.keys(patch), grantId },
      })
    })
  } catch (err) {
    if (isNameConflict(err)) throw requestError('share_channel.name_taken')
    throw err
  }
}

export async function deleteChannel(db: Db, ctx: RequestContext, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await lockVisible(trx, ctx, id)
    await t(trx).deleteFrom('shareChannels').where('id', '=', id).execute()
    await recordAudit(trx, ctx, {
      action: 'sharing.channel_delete',
      targetType: 'share_channel',
      targetId: id,
      orgId: row.providerOrgId,
      regionCode: row.providerRegionCode,
      details: { name: row.name, status: row.status },
    })
  })
}

export interface ChannelRegionStats {
  regionCode: string
  regionName: string
  total: number
  retired: number
  retiredPct: number | null
}

/** Retired share per provider region (rolled up to the level below the caller's widest scope). */
export async function channelStats(
  db: Db,
  actor: Actor,
  regionCode: string | undefined,
): Promise<{
  regionCode: string | null
  regions: ChannelRegionStats[]
  total: Omit<ChannelRegionStats, 'regionCode' | 'regionName'>
}> {
  const scopes = scopesOf(actor, BUREAU_READERS)
  if (regionCode && !scopes.some((s) => isWithinRegion(regionCode, s)))
    throw requestError('sharing.stats_forbidden')
  const scope =
    regionCode ?? [...scopes].sort((a, b) => regionPrefix(a).length - regionPrefix(b).length)[0] ?? null
  const rows = await t(db)
    .selectFrom('shareChannels')
    .select([
      'providerRegionCode',
      sql<number>`count(*)`.as('total'),
      sql<number>`count(*) filter (where status = 'retired')`.as('retired'),
    ])
    .where(scope ? sql<SqlBool>`provider_region_code like ${`${regionPrefix(scope)}%`}` : visible(actor))
    .groupBy('providerRegionCode')
    .execute()
  const byRegion = new Map<string, { total: number; retired: number }>()
  let total = 0
  let retired = 0
  for (const r of rows) {
    const key = groupRegion(r.providerRegionCode, scope)
    const g = byRegion.get(key) ?? { total: 0, retired: 0 }
    g.total += Number(r.total)
    g.retired += Number(r.retired)
    byRegion.set(key, g)
    total += Number(r.total)
    retired += Number(r.retired)
  }
  const name = await regionNamer(db, scope, byRegion.keys())
  const regions = [...byRegion.entries()]
    .map(([code, g]) => ({
      regionCode: code,
      regionName: name(code),
      ...g,
      retiredPct: pct(g.retired, g.total),
    }))
    .sort((a, b) => a.regionCode.localeCompare(b.regionCode))
  return { regionCode: scope, regions, total: { total, retired, retiredPct: pct(retired, total) } }
}
