/**
 * Exchange jobs: creating, changing and deleting them (consumer stewards and org admins), reading them (consumer,
 * provider, bureau), starting runs. The target database is checked (allowlist, connection, table columns) before
 * anything is written; its connection string is kept only SM4-sealed.
 */
import { sql } from 'kysely'
import { recordAudit } from '../../../platform/audit/index.ts'
import type { Config } from '../../../platform/config.ts'
import type { RequestContext } from '../../../platform/context.ts'
import { openSecret, sealSecret } from '../../../platform/crypto/index.ts'
import type { Db } from '../../../platform/db/index.ts'
import { DomainError } from '../../../platform/errors.ts'
import { type PageResult, type PageWindow, pageOf } from '../../../platform/http/index.ts'
import { newId } from '../../../platform/ids.ts'
import type { GrantRow } from '../grants-table.ts'
import { t } from '../store.ts'
import { exchangeError } from './errors.ts'
import { assertInForce, grantById, grantScope, isBatchGrant } from './grant.ts'
import { checkTargetUrl, connectExternal, type Location, reasonOf, unreachable } from './pg-client.ts'
import { actsFor, canManageJob, canRunJob, canViewJob, listScope } from './policy.ts'
import { listRuns, openRunOf, queueRun, runView } from './runs.ts'
import type { Job, JobCreate, JobListQuery, JobPatch, Run } from './schemas.ts'
import { sourceOf } from './source.ts'
import type { JobRow } from './tables.ts'
import { jobDir, removeDir } from './target-files.ts'
import { missingColumns, tableMismatch } from './target-postgres.ts'
import {
  type CheckedSettings,
  checkSettings,
  DEFAULT_CHUNK_SIZE,
  DELIVERY_SETTINGS,
  type JobSettings,
} from './validate.ts'
import { jobViews, resourcesById } from './views.ts'

/** Connects to the target and checks the schema exists and an existing table has every delivered column. */
async function checkTarget(url: string, s: CheckedSettings): Promise<void> {
  const client = await connectExternal(url, {
    applicationName: 'shuhui-exchange-check',
    statementTimeoutMs: 5000,
  })
  try {
    const schema = s.targetSchema ?? 'public'
    const exists = await client.query('select 1 from pg_namespace where nspname = $1', [schema])
    if (exists.rowCount === 0) throw unreachable('schema')
    const missing = await missingColumns(client, schema, s.targetTable ?? '', s.fields)
    if (missing?.length) throw tableMismatch(missing)
  } catch (error) {
    if (error instanceof DomainError) throw error
    throw unreachable(reasonOf(error))
  } finally {
    await client.end().catch(() => {})
  }
}

async function consumerGrant(db: Db, ctx: RequestContext, grantId: string): Promise<GrantRow> {
  const grant = await grantById(db, grantId)
  if (!grant) throw exchangeError('exchange.grant_not_found')
  if (!actsFor(ctx.actor, grant.consumerOrgId)) {
    if (ctx.actor.kind === 'user' && ctx.actor.orgId === grant.consumerOrgId)
      throw exchangeError('exchange.forbidden')
    throw exchangeError('exchange.grant_not_found')
  }
  if (!isBatchGrant(grant)) throw exchangeError('exchange.grant_not_batch')
  assertInForce(grant)
  return grant
}

async function prepared(db: Db, config: Config, grant: GrantRow, s: JobSettings, url: string | null) {
  const resources = await resourcesById(db, [grant.resourceId])
  const resource = resources.get(grant.resourceId)
  if (!resource) throw exchangeError('exchange.source_unavailable')
  const checked = checkSettings(s, { grant, scope: grantScope(grant), resource, hasUrl: url !== null })
  await sourceOf(db, config, grant.resourceId)
  let location: Location | null = null
  if (checked.targetKind === 'postgres' && url !== null) {
    location = checkTargetUrl(config, url)
    await checkTarget(url, checked)
  }
  return { checked, location }
}

function row(checked: CheckedSettings) {
  return {
    name: checked.name,
    targetKind: checked.targetKind,
    targetSchema: checked.targetSchema,
    targetTable: checked.targetTable,
    fileFormat: checked.fileFormat,
    fields: checked.fields,
    mode: checked.mode,
    watermarkField: checked.watermarkField,
    regionField: checked.regionField,
    regionCode: checked.regionCode,
    schedule: checked.schedule,
    cron: checked.cron,
    nextRunAt: checked.nextRunAt,
    chunkSize: checked.chunkSize,
    enabled: checked.enabled,
  }
}

const auditDetails = (checked: CheckedSettings, location: Location | null) => ({
  targetKind: checked.targetKind,
  target: location ? `${location.host}:${location.port}/${location.database}` : null,
  table: checked.targetTable,
  fields: checked.fields,
  mode: checked.mode,
  schedule: checked.schedule,
  regionCode: checked.regionCode,
})

export async function createJob(db: Db, config: Config, ctx: RequestContext, input: JobCreate): Promise<Job> {
  const grant = await consumerGrant(db, ctx, input.grantId)
  const settings: JobSettings = {
    name: input.name,
    targetKind: input.targetKind,
    targetSchema: input.targetSchema ?? null,
    targetTable: input.targetTable ?? null,
    fileFormat: input.fileFormat ?? null,
    fields: input.fields ?? null,
    mode: input.mode,
    watermarkField: input.watermarkField ?? null,
    regionField: input.regionField ?? null,
    regionCode: input.regionCode ?? null,
    schedule: input.schedule ?? 'manual',
    cron: input.cron ?? null,
    chunkSize: input.chunkSize ?? DEFAULT_CHUNK_SIZE,
    enabled: input.enabled ?? true,
  }
  const url = input.targetKind === 'postgres' ? (input.targetUrl ?? null) : null
  const { checked, location } = await prepared(db, config, grant, settings, url)
  const id = newId()
  await db.transaction().execute(async (trx) => {
    await t(trx)
      .insertInto('exchangeJobs')
      .values({
        id,
        grantId: grant.id,
        resourceId: grant.resourceId,
        resourceCode: grant.resourceCode,
        consumerOrgId: grant.consumerOrgId,
        consumerRegionCode: grant.consumerRegionCode,
        providerOrgId: grant.providerOrgId,
        providerRegionCode: grant.providerRegionCode,
        ...row(checked),
        targetUrlSealed: url && location ? sealSecret(config.secretKey, url, `exchange:${id}`) : null,
        targetHost: location?.host ?? null,
        targetPort: location?.port ?? null,
        targetDatabase: location?.database ?? null,
        lastWatermark: null,
        createdBy: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
        deletedAt: null,
      })
      .execute()
    await recordAudit(trx, ctx, {
      action: 'exchange.job_create',
      targetType: 'exchange_job',
      targetId: id,
      orgId: grant.consumerOrgId,
      regionCode: grant.consumerRegionCode,
      purpose: grant.purpose,
      details: { grantId: grant.id, resourceCode: grant.resourceCode, ...auditDetails(checked, location) },
    })
  })
  return getJob(db, ctx, id)
}

async function jobRow(db: Db, id: string): Promise<JobRow | undefined> {
  return t(db)
    .selectFrom('exchangeJobs')
    .selectAll()
    .where('id', '=', id)
    .where('deletedAt', 'is', null)
    .executeTakeFirst()
}

/** The job when the actor may see it; the same 404 as a missing one otherwise. */
export async function visibleJob(db: Db, ctx: RequestContext, id: string): Promise<JobRow> {
  const job = await jobRow(db, id)
  if (!job || !canViewJob(ctx.actor, job)) throw exchangeError('exchange.job_not_found')
  return job
}

async function managedJob(db: Db, ctx: RequestContext, id: string): Promise<JobRow> {
  const job = await visibleJob(db, ctx, id)
  if (!canManageJob(ctx.actor, job)) throw exchangeError('exchange.forbidden')
  return job
}

export async function getJob(db: Db, ctx: RequestContext, id: string): Promise<Job> {
  const job = await visibleJob(db, ctx, id)
  const [view] = await jobViews(db, ctx.actor, [job])
  if (!view) throw exchangeError('exchange.job_not_found')
  return view
}

export async function updateJob(
  db: Db,
  config: Config,
  ctx: RequestContext,
  id: string,
  patch: JobPatch,
): Promise<Job> {
  const job = await managedJob(db, ctx, id)
  const grant = await grantById(db, job.grantId)
  if (!grant) throw exchangeError('exchange.grant_inactive')
  const merged: JobSettings = {
    name: patch.name ?? job.name,
    targetKind: patch.targetKind ?? job.targetKind,
    targetSchema: patch.targetSchema ?? job.targetSchema,
    targetTable: patch.targetTable ?? job.targetTable,
    fileFormat: patch.fileFormat ?? job.fileFormat,
    fields: patch.fields ?? job.fields,
    mode: patch.mode ?? job.mode,
    watermarkField: patch.watermarkField !== undefined ? patch.watermarkField : job.watermarkField,
    regionField: patch.regionField !== undefined ? patch.regionField : job.regionField,
    regionCode: patch.regionCode !== undefined ? patch.regionCode : job.regionCode,
    schedule: patch.schedule ?? job.schedule,
    cron: patch.cron !== undefined ? patch.cron : job.cron,
    chunkSize: patch.chunkSize ?? job.chunkSize,
    enabled: patch.enabled ?? job.enabled,
  }
  const delivery = DELIVERY_SETTINGS.some((k) => patch[k] !== undefined)
  const kept = job.targetUrlSealed
    ? openSecret(config.secretKey, job.targetUrlSealed, `exchange:${job.id}`)
    : null
  const url = merged.targetKind === 'postgres' ? (patch.targetUrl ?? kept) : null
  if (delivery) assertInForce(grant)
  const { checked, location } = delivery
    ? await prepared(db, config, grant, merged, url)
    : { checked: checkSettings(merged, await settingsContext(db, grant, url)), location: null }
  await db.transaction().execute(async (trx) => {
    if (delivery) {
      const open = await openRunOf(trx, job.id)
      if (open) throw exchangeError('exchange.run_in_progress')
      // A failed run would resume with the old settings: it is closed, and the next run starts over.
      await t(trx)
        .updateTable('exchangeRuns')
        .set({ status: 'cancelled', updatedAt: new Date(), finishedAt: new Date() })
        .where('jobId', '=', job.id)
        .where('status', '=', 'failed')
        .execute()
    }
    await t(trx)
      .updateTable('exchangeJobs')
      .set({
        ...row(checked),
        ...(delivery
          ? {
              lastWatermark: null,
              targetUrlSealed:
                url && location ? sealSecret(config.secretKey, url, `exchange:${job.id}`) : null,
              targetHost: location?.host ?? null,
              targetPort: location?.port ?? null,
              targetDatabase: location?.database ?? null,
            }
          : {}),
        updatedAt: new Date(),
      })
      .where('id', '=', job.id)
      .execute()
    await recordAudit(trx, ctx, {
      action: 'exchange.job_update',
      targetType: 'exchange_job',
      targetId: job.id,
      orgId: job.consumerOrgId,
      regionCode: job.consumerRegionCode,
      details: { changed: Object.keys(patch), ...auditDetails(checked, location) },
    })
  })
  return getJob(db, ctx, job.id)
}

async function settingsContext(db: Db, grant: GrantRow, url: string | null) {
  const resource = (await resourcesById(db, [grant.resourceId])).get(grant.resourceId)
  if (!resource) throw exchangeError('exchange.source_unavailable')
  return { grant, scope: grantScope(grant), resource, hasUrl: url !== null }
}

export async function deleteJob(db: Db, config: Config, ctx: RequestContext, id: string): Promise<void> {
  const job = await managedJob(db, ctx, id)
  await db.transaction().execute(async (trx) => {
    const open = await openRunOf(trx, job.id)
    if (open?.status === 'running') throw exchangeError('exchange.run_in_progress')
    const now = new Date()
    await t(trx)
      .updateTable('exchangeRuns')
      .set({ status: 'cancelled', updatedAt: now, finishedAt: now })
      .where('jobId', '=', job.id)
      .where('status', 'in', ['queued', 'failed'])
      .execute()
    await t(trx)
      .updateTable('exchangeJobs')
      .set({ deletedAt: now, enabled: false, nextRunAt: null, targetUrlSealed: null, updatedAt: now })
      .where('id', '=', job.id)
      .execute()
    await recordAudit(trx, ctx, {
      action: 'exchange.job_delete',
      targetType: 'exchange_job',
      targetId: job.id,
      orgId: job.consumerOrgId,
      regionCode: job.consumerRegionCode,
      details: { resourceCode: job.resourceCode },
    })
  })
  await removeDir(jobDir(config.dataDir, job.id))
}

export async function listJobs(
  db: Db,
  ctx: RequestContext,
  query: Omit<JobListQuery, 'page' | 'pageSize'>,
  window: PageWindow,
): Promise<PageResult<Job>> {
  const scope = listScope(ctx.actor)
  if (!scope) return { items: [], total: 0, page: window.page, pageSize: window.pageSize }
  const role = query.role ?? 'all'
  const base = () => {
    let q = t(db)
      .selectFrom('exchangeJobs')
      .where('deletedAt', 'is', null)
      .where((eb) => {
        const any = []
        if (role !== 'provider' && scope.consumerOrgId)
          any.push(eb('consumerOrgId', '=', scope.consumerOrgId))
        if (role !== 'consumer') {
          if (scope.providerOrgId) any.push(eb('providerOrgId', '=', scope.providerOrgId))
          for (const prefix of scope.providerRegionPrefixes)
            any.push(eb('providerRegionCode', 'like', `${prefix}%`))
        }
        return any.length ? eb.or(any) : eb.val(false)
      })
    if (query.grantId) q = q.where('grantId', '=', query.grantId)
    return q
  }
  const rows = await base()
    .selectAll()
    .select(sql<number>`count(*) over ()`.as('fullCount'))
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(window.limit)
    .offset(window.offset)
    .execute()
  const page = await pageOf(rows, window, async () =>
    Number(
      (
        await base()
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  )
  return { ...page, items: await jobViews(db, ctx.actor, page.items as JobRow[]) }
}

export async function runJobNow(db: Db, ctx: RequestContext, id: string): Promise<Run> {
  const job = await visibleJob(db, ctx, id)
  if (!canRunJob(ctx.actor, job)) throw exchangeError('exchange.forbidden')
  const run = await queueRun(db, ctx, job, 'manual')
  return runView(run, 0)
}

export async function jobRuns(db: Db, ctx: RequestContext, id: string, window: PageWindow) {
  const job = await visibleJob(db, ctx, id)
  return listRuns(db, job, window)
}
