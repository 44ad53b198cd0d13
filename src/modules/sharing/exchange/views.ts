/** Jobs as the API shows them: names of orgs and resources, grant state, masked fields, the latest run. */
import type { Actor } from '../../../platform/context.ts'
import type { Db } from '../../../platform/db/index.ts'
import { resourceForSharing, type SharedResource } from '../../catalog/index.ts'
import { orgSummaries } from '../../identity/index.ts'
import type { GrantRow } from '../grants-table.ts'
import { t } from '../store.ts'
import { grantScope } from './grant.ts'
import { effectiveScope, maskFor } from './plan.ts'
import { canManageJob, canRunJob } from './policy.ts'
import { runsWithFiles, runView } from './runs.ts'
import type { Job } from './schemas.ts'
import type { JobRow } from './tables.ts'

export function grantState(grant: GrantRow | undefined, now = Date.now()): Job['grantStatus'] {
  if (!grant) return 'revoked'
  if (grant.status !== 'active') return grant.status
  if (grant.validUntil.getTime() <= now) return 'expired'
  if (grant.validFrom.getTime() > now) return 'pending'
  return 'active'
}

export async function resourcesById(db: Db, ids: readonly string[]): Promise<Map<string, SharedResource>> {
  const out = new Map<string, SharedResource>()
  for (const id of new Set(ids)) {
    const r = await resourceForSharing(db, id)
    if (r) out.set(id, r)
  }
  return out
}

export async function jobViews(db: Db, actor: Actor, jobs: readonly JobRow[]): Promise<Job[]> {
  if (jobs.length === 0) return []
  const grants = new Map(
    (
      await t(db)
        .selectFrom('grants')
        .selectAll()
        .where(
          'id',
          'in',
          jobs.map((j) => j.grantId),
        )
        .execute()
    ).map((g) => [g.id, g]),
  )
  const orgs = await orgSummaries(
    db,
    jobs.flatMap((j) => [j.consumerOrgId, j.providerOrgId]),
  )
  const resources = await resourcesById(
    db,
    jobs.map((j) => j.resourceId),
  )
  const runs = new Map(
    (await runsWithFiles(db, { jobIds: jobs.map((j) => j.id), latestOnly: true })).map((r) => [
      r.row.jobId,
      r,
    ]),
  )
  return jobs.map((job) => {
    const grant = grants.get(job.grantId)
    const resource = resources.get(job.resourceId)
    const selected = new Set(job.fields)
    const masked =
      resource && grant
        ? resource.fields
            .filter((f) => selected.has(f.code) && maskFor(f, resource, grant))
            .map((f) => f.code)
        : []
    const scope = effectiveScope(grant ? grantScope(grant) : null, job)
    const last = runs.get(job.id)
    return {
      id: job.id,
      name: job.name,
      grantId: job.grantId,
      grantStatus: grantState(grant),
      resourceId: job.resourceId,
      resourceCode: job.resourceCode,
      resourceName: resource?.name ?? null,
      consumerOrgId: job.consumerOrgId,
      consumerOrgName: orgs.get(job.consumerOrgId)?.name ?? null,
      providerOrgId: job.providerOrgId,
      providerOrgName: orgs.get(job.providerOrgId)?.name ?? null,
      targetKind: job.targetKind,
      target:
        job.targetKind === 'postgres'
          ? {
              host: job.targetHost ?? '',
              port: job.targetPort ?? 5432,
              database: job.targetDatabase ?? '',
              schema: job.targetSchema ?? 'public',
              table: job.targetTable ?? '',
            }
          : null,
      fileFormat: job.fileFormat,
      fields: job.fields,
      maskedFields: masked,
      mode: job.mode,
      watermarkField: job.watermarkField,
      lastWatermark: job.lastWatermark,
      rowScope: scope ? { field: scope.field, regionCode: scope.regionCode } : null,
      regionField: job.regionField,
      regionCode: job.regionCode,
      schedule: job.schedule,
      cron: job.cron,
      nextRunAt: job.nextRunAt ? job.nextRunAt.toISOString() : null,
      chunkSize: job.chunkSize,
      enabled: job.enabled,
      canManage: canManageJob(actor, job),
      canRun: canRunJob(actor, job),
      lastRun: last ? runView(last.row, last.fileCount) : null,
      createdAt: job.createdAt.toISOString(),
      updatedAt: job.updatedAt.toISOString(),
    }
  })
}
