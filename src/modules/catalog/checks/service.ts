import { type RawBuilder, type SqlBool, sql } from 'kysely'
import { recordAudit } from '../../../platform/audit/index.ts'
import type { RequestContext } from '../../../platform/context.ts'
import type { Db, Trx } from '../../../platform/db/index.ts'
import { type PageResult, type PageWindow, pageOf } from '../../../platform/http/index.ts'
import { newId } from '../../../platform/ids.ts'
import { isRegionCodeFormat, regionPrefix } from '../../../platform/validators/index.ts'
import { orgSummaries } from '../../identity/index.ts'
import { ct, examine, type Finding } from './engine.ts'
import { type CheckScope, type ReadScope, readScopeOf } from './scope.ts'
import {
  CHECK_CODES,
  type CheckCode,
  type CheckSeverity,
  checkLabel,
  checkSeverity,
  resourceScore,
} from './vocabulary.ts'

/** Any constant works; it only has to be the same in every replica. */
const CHECKS_LOCK = 727_0403

/** Prefix of a region subtree; a malformed code stays whole, so it matches no resource. */
const subtree = (code: string) => (isRegionCodeFormat(code) ? regionPrefix(code) : code)

export interface CheckRun {
  id: string
  trigger: 'manual' | 'nightly'
  regionPrefix: string
  orgId: string | null
  startedAt: string
  finishedAt: string | null
  resourceCount: number
  issueCount: number
  byCheck: Record<CheckCode, number>
}

export interface OrgScore {
  orgId: string
  regionCode: string
  resourceCount: number
  errorCount: number
  warningCount: number
  infoCount: number
  score: number
}

/** Scores per org of the examined resources; an org whose resources have no findings scores 100. */
export function scoreOrgs(
  resources: readonly { id: string; orgId: string; regionCode: string }[],
  findings: readonly Finding[],
): OrgScore[] {
  const perResource = new Map<string, CheckSeverity[]>()
  for (const f of findings)
    perResource.set(f.resourceId, [...(perResource.get(f.resourceId) ?? []), checkSeverity(f.check)])
  const orgs = new Map<string, OrgScore & { sum: number }>()
  for (const r of resources) {
    const o = orgs.get(r.orgId) ?? {
      orgId: r.orgId,
      regionCode: r.regionCode,
      resourceCount: 0,
      errorCount: 0,
      warningCount: 0,
      infoCount: 0,
      score: 100,
      sum: 0,
    }
    const severities = perResource.get(r.id) ?? []
    o.resourceCount += 1
    o.errorCount += severities.filter((s) => s === 'error').length
    o.warningCount += severities.filter((s) => s === 'warning').length
    o.infoCount += severities.filter((s) => s === 'info').length
    o.sum += resourceScore(severities)
    orgs.set(r.orgId, o)
  }
  return [...orgs.values()].map(({ sum, ...o }) => ({
    ...o,
    score: Math.round((sum / o.resourceCount) * 10) / 10,
  }))
}

/** `col like prefix% and org = x` over a results or scores table (both carry regionCode and orgId). */
function scopeFilter(alias: string, scope: CheckScope): RawBuilder<SqlBool> {
  const parts: RawBuilder<unknown>[] = [sql`true`]
  if (scope.regionPrefix) parts.push(sql`${sql.ref(`${alias}.regionCode`)} like ${`${scope.regionPrefix}%`}`)
  if (scope.orgId) parts.push(sql`${sql.ref(`${alias}.orgId`)} = ${scope.orgId}`)
  return sql<SqlBool>`(${sql.join(parts, sql` and `)})`
}

async function insertInBatches<T>(
  items: readonly T[],
  write: (batch: T[]) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < items.length; i += 500) await write(items.slice(i, i + 500))
}

/**
 * Runs the checks over a scope and replaces that scope's findings and scores with the new ones, in one
 * transaction, so readers always see one whole run. Findings are computed before the transaction opens.
 */
export async function runChecks(
  db: Db,
  ctx: RequestContext,
  scope: CheckScope,
  trigger: 'manual' | 'nightly',
  now: Date = new Date(),
): Promise<CheckRun> {
  const id = newId()
  const startedAt = new Date()
  const { resources, findings } = await examine(db, scope, now)
  const scores = scoreOrgs(resources, findings)
  await db.transaction().execute(async (trx: Trx) => {
    // One writer at a time: two overlapping runs would otherwise each keep the other's fresh findings.
    await sql`select pg_advisory_xact_lock(${sql.lit(CHECKS_LOCK)})`.execute(trx)
    const t = ct(trx)
    await t
      .insertInto('catalogCheckRuns')
      .values({
        id,
        trigger,
        regionPrefix: scope.regionPrefix,
        orgId: scope.orgId,
        requestedBy: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
        startedAt,
        finishedAt: new Date(),
        resourceCount: resources.length,
        issueCount: findings.length,
      })
      .execute()
    await t.deleteFrom('catalogCheckResults').where(scopeFilter('catalogCheckResults', scope)).execute()
    await t.deleteFrom('catalogCheckScores').where(scopeFilter('catalogCheckScores', scope)).execute()
    await insertInBatches(findings, (batch) =>
      t
        .insertInto('catalogCheckResults')
        .values(
          batch.map((f) => ({
            id: newId(),
            runId: id,
            resourceId: f.resourceId,
            orgId: f.orgId,
            regionCode: f.regionCode,
            checkCode: f.check,
            severity: checkSeverity(f.check),
            messageZh: f.messageZh,
          })),
        )
        .execute(),
    )
    await insertInBatches(scores, (batch) =>
      t
        .insertInto('catalogCheckScores')
        .values(batch.map((s) => ({ ...s, runId: id })))
        .execute(),
    )
    await recordAudit(trx, ctx, {
      action: 'catalog.checks_run',
      targetType: 'catalog_check_run',
      targetId: id,
      ...(scope.orgId ? { orgId: scope.orgId } : {}),
      details: {
        trigger,
        regionPrefix: scope.regionPrefix,
        orgId: scope.orgId,
        resourceCount: resources.length,
        issueCount: findings.length,
      },
    })
  })
  const byCheck = Object.fromEntries(CHECK_CODES.map((c) => [c, 0])) as Record<CheckCode, number>
  for (const f of findings) byCheck[f.check] += 1
  const run = await ct(db)
    .selectFrom('catalogCheckRuns')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
  return {
    id,
    trigger,
    regionPrefix: run.regionPrefix,
    orgId: run.orgId,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    resourceCount: run.resourceCount,
    issueCount: run.issueCount,
    byCheck,
  }
}

export interface CheckQuery {
  orgId?: string | undefined
  regionCode?: string | undefined
  check?: CheckCode | undefined
  severity?: CheckSeverity | undefined
}

/** Rows of the actor's region subtrees or orgs; nothing when the scope is empty. */
function readable(alias: string, scope: ReadScope): RawBuilder<SqlBool> {
  const parts: RawBuilder<unknown>[] = [sql`false`]
  for (const p of scope.regionPrefixes) parts.push(sql`${sql.ref(`${alias}.regionCode`)} like ${`${p}%`}`)
  for (const o of scope.orgIds) parts.push(sql`${sql.ref(`${alias}.orgId`)} = ${o}`)
  return sql<SqlBool>`(${sql.join(parts, sql` or `)})`
}

export interface CheckResult {
  id: string
  runId: string
  resourceId: string
  resourceCode: string
  resourceName: string
  resourceStatus: string
  orgId: string
  orgName: string
  regionCode: string
  check: CheckCode
  checkLabel: string
  severity: CheckSeverity
  messageZh: string
  checkedAt: string
}

/** The latest findings the actor may see: reviewers and bureau admins their region, stewards their org. */
export async function listCheckResults(
  db: Db,
  ctx: RequestContext,
  query: CheckQuery,
  window: PageWindow,
): Promise<PageResult<CheckResult>> {
  const scope = readScopeOf(ctx.actor)
  let q = ct(db)
    .selectFrom('catalogCheckResults as cr')
    .innerJoin('resources', 'resources.id', 'cr.resourceId')
    .where(readable('cr', scope))
  if (query.orgId) q = q.where('cr.orgId', '=', query.orgId)
  // A code outside GB/T 2260 matches nothing rather than being ignored.
  if (query.regionCode) q = q.where('cr.regionCode', 'like', `${subtree(query.regionCode)}%`)
  if (query.check) q = q.where('cr.checkCode', '=', query.check)
  if (query.severity) q = q.where('cr.severity', '=', query.severity)
  const countAll = async () =>
    Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
  const rows = await q
    .select([
      'cr.id',
      'cr.runId',
      'cr.resourceId',
      'cr.orgId',
      'cr.regionCode',
      'cr.checkCode',
      'cr.severity',
      'cr.messageZh',
      'cr.checkedAt',
      'resources.code as resourceCode',
      'resources.name as resourceName',
      'resources.status as resourceStatus',
      sql<number>`count(*) over ()`.as('fullCount'),
    ])
    .orderBy(sql`case cr.severity when 'error' then 0 when 'warning' then 1 else 2 end`)
    .orderBy('resources.code')
    .orderBy('cr.checkCode')
    .orderBy('cr.id')
    .limit(window.limit)
    .offset(window.offset)
    .execute()
  const page = await pageOf(rows, window, countAll)
  const orgs = await orgSummaries(
    db,
    page.items.map((r) => r.orgId),
  )
  return {
    ...page,
    items: page.items.map(({ checkCode, checkedAt, ...r }) => ({
      ...r,
      regionCode: r.regionCode.trim(),
      orgName: orgs.get(r.orgId)?.name ?? '',
      check: checkCode,
      checkLabel: checkLabel(checkCode),
      checkedAt: checkedAt.toISOString(),
    })),
  }
}

export interface ScoreItem extends OrgScore {
  orgName: string
  runId: string
  computedAt: string
}

/** Latest score per org in the actor's scope, worst first. */
export async function listScores(
  db: Db,
  ctx: RequestContext,
  query: { orgId?: string | undefined; regionCode?: string | undefined },
  window: PageWindow,
): Promise<PageResult<ScoreItem>> {
  const scope = readScopeOf(ctx.actor)
  let q = ct(db).selectFrom('catalogCheckScores as cs').where(readable('cs', scope))
  if (query.orgId) q = q.where('cs.orgId', '=', query.orgId)
  // A code outside GB/T 2260 matches nothing rather than being ignored.
  if (query.regionCode) q = q.where('cs.regionCode', 'like', `${subtree(query.regionCode)}%`)
  const countAll = async () =>
    Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
  const rows = await q
    .selectAll('cs')
    .select(sql<number>`count(*) over ()`.as('fullCount'))
    .orderBy('cs.score')
    .orderBy('cs.orgId')
    .limit(window.limit)
    .offset(window.offset)
    .execute()
  const page = await pageOf(rows, window, countAll)
  const orgs = await orgSummaries(
    db,
    page.items.map((r) => r.orgId),
  )
  return {
    ...page,
    items: page.items.map((r) => ({
      orgId: r.orgId,
      orgName: orgs.get(r.orgId)?.name ?? '',
      regionCode: r.regionCode.trim(),
      resourceCount: r.resourceCount,
      errorCount: r.errorCount,
      warningCount: r.warningCount,
      infoCount: r.infoCount,
      score: Number(r.score),
      runId: r.runId,
      computedAt: r.computedAt.toISOString(),
    })),
  }
}
