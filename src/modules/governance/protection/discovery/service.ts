/**
 * `discover` samples a mounted resource's rows (datastore tables; external mounts give name evidence only) and
 * stores per-field proposals; `confirm` records the steward's decision per field: the sensitive type (which
 * masking then uses instead of name recognition) and the grade (written as a field grading and pushed to the
 * catalog). Sampled values never leave this function and are never logged.
 */
import { recordAudit, recordAuditNow } from '../../../../platform/audit/index.ts'
import type { Actor, RequestContext } from '../../../../platform/context.ts'
import type { Db, Json } from '../../../../platform/db/index.ts'
import { newId } from '../../../../platform/ids.ts'
import {
  GRADES,
  type Grade,
  SENSITIVE_TYPES,
  type SensitiveType,
} from '../../../../platform/masking/index.ts'
import { dataSourceOf } from '../../../catalog/index.ts'
import { previewRows } from '../../../datastore/index.ts'
import { protectionError } from '../errors.ts'
import { factsOrThrow, pushFieldGrades, writeFieldDecisions } from '../grading.ts'
import { raiseDerived } from '../grading-service.ts'
import { IMPACT_OF_GRADE, PI_CATEGORIES, type PiCategory } from '../matrix.ts'
import { canGrade } from '../policy.ts'
import { p } from '../tables.ts'
import { type Proposal, proposeField } from './detect.ts'

export const SAMPLE_ROWS = 200

export interface DiscoveryRun {
  readonly id: string
  readonly resourceId: string
  readonly sampledRows: number
  readonly proposals: Proposal[]
  readonly createdAt: Date
  readonly confirmedAt: Date | null
}

const str = (v: Json | undefined): string | null => (typeof v === 'string' ? v : null)
const num = (v: Json | undefined): number => (typeof v === 'number' ? v : 0)
const oneOf = <T extends string>(list: readonly T[], v: Json | undefined): T | null =>
  list.find((x) => x === v) ?? null

/** Proposals as stored (JSON written by `discover`), read back field by field. */
function proposalsOf(json: Json): Proposal[] {
  if (!Array.isArray(json)) return []
  return json.flatMap((x) => {
    if (typeof x !== 'object' || x === null || Array.isArray(x)) return []
    return [
      {
        code: str(x.code) ?? '',
        name: str(x.name) ?? '',
        type: oneOf(SENSITIVE_TYPES, x.type),
        confidence: num(x.confidence),
        byName: oneOf(SENSITIVE_TYPES, x.byName),
        byValues: oneOf([...SENSITIVE_TYPES, 'date'] as const, x.byValues),
        valueShare: num(x.valueShare),
        sampled: num(x.sampled),
        suggestedGrade: oneOf(GRADES, x.suggestedGrade),
        piCategory: oneOf(PI_CATEGORIES, x.piCategory),
      },
    ]
  })
}

export async function discover(
  db: Db,
  secretKey: Buffer,
  ctx: RequestContext,
  resourceId: string,
): Promise<DiscoveryRun> {
  const facts = await factsOrThrow(db, resourceId)
  if (!canGrade(ctx.actor, facts)) throw protectionError('discovery.forbidden')
  const source = await dataSourceOf(db, secretKey, resourceId)
  const rows =
    source?.kind === 'datastore' ? ((await previewRows(db, resourceId, facts.fields, SAMPLE_ROWS)) ?? []) : []
  const proposals = facts.fields.map((f) =>
    proposeField(
      f,
      rows.map((r) => r[f.code] ?? null),
    ),
  )
  const id = newId()
  const createdAt = new Date()
  await p(db)
    .insertInto('discoveryRuns')
    .values({
      id,
      resourceId,
      orgId: facts.orgId,
      regionCode: facts.regionCode,
      sampledRows: rows.length,
      proposals: JSON.stringify(proposals),
      createdBy: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
      createdAt,
    })
    .execute()
  // Sampling real rows is a data access.
  await recordAuditNow(db, ctx, {
    action: 'governance.discovery_run',
    targetType: 'resource',
    targetId: resourceId,
    orgId: facts.orgId,
    regionCode: facts.regionCode,
    details: {
      runId: id,
      sampledRows: rows.length,
      found: proposals.filter((x) => x.type).map((x) => [x.code, x.type]),
    },
  })
  return { id, resourceId, sampledRows: rows.length, proposals, createdAt, confirmedAt: null }
}

async function runOrThrow(db: Db, actor: Actor, runId: string) {
  const run = await p(db).selectFrom('discoveryRuns').selectAll().where('id', '=', runId).executeTakeFirst()
  if (!run || !canGrade(actor, run)) throw protectionError('discovery.not_found')
  return run
}

export async function getDiscovery(db: Db, actor: Actor, runId: string): Promise<DiscoveryRun> {
  const run = await runOrThrow(db, actor, runId)
  return { ...run, proposals: proposalsOf(run.proposals) }
}

/** The newest run of a resource, if any (the review page opens on it). */
export async function latestDiscovery(
  db: Db,
  actor: Actor,
  resourceId: string,
): Promise<DiscoveryRun | null> {
  const facts = await factsOrThrow(db, resourceId)
  if (!canGrade(actor, facts)) throw protectionError('discovery.forbidden')
  const run = await p(db)
    .selectFrom('discoveryRuns')
    .selectAll()
    .where('resourceId', '=', resourceId)
    .orderBy('createdAt', 'desc')
    .limit(1)
    .executeTakeFirst()
  return run ? { ...run, proposals: proposalsOf(run.proposals) } : null
}

export interface ConfirmedField {
  readonly code: string
  readonly type: SensitiveType | null
  /** Null leaves the field's grading as it is. */
  readonly grade: Grade | null
  readonly piCategories?: readonly PiCategory[] | undefined
}

export async function confirmDiscovery(
  db: Db,
  ctx: RequestContext,
  runId: string,
  fields: readonly ConfirmedField[],
): Promise<DiscoveryRun> {
  const run = await runOrThrow(db, ctx.actor, runId)
  if (run.confirmedAt) throw protectionError('discovery.already_confirmed')
  const facts = await factsOrThrow(db, run.resourceId)
  const user = ctx.actor.kind === 'user' ? ctx.actor.userId : null
  const proposals = proposalsOf(run.proposals)
  await db.transaction().execute(async (trx) => {
    const graded = fields.flatMap((f) => {
      if (!f.grade) return []
      const [impactObject, impactDegree] = IMPACT_OF_GRADE[f.grade]
      const label = f.type ?? 'none'
      return [
        {
          code: f.code,
          impactObject,
          impactDegree,
          grade: f.grade,
          basis: `敏感数据识别确认：${label}`,
          piCategories: f.piCategories,
        },
      ]
    })
    await writeFieldDecisions(trx, ctx, facts, graded)
    for (const f of fields) {
      const proposal = proposals.find((x) => x.code === f.code)
      const values = {
        resourceId: run.resourceId,
        fieldCode: f.code,
        sensitiveType: f.type,
        confidence: proposal && proposal.type === f.type ? proposal.confidence : 1,
        confirmedBy: user,
        confirmedAt: new Date(),
      }
      await p(trx)
        .insertInto('fieldSensitivity')
        .values(values)
        .onConflict((oc) => oc.columns(['resourceId', 'fieldCode']).doUpdateSet(values))
        .execute()
    }
    const pushed = await pushFieldGrades(trx, facts)
    await p(trx)
      .updateTable('discoveryRuns')
      .set({ confirmedAt: new Date(), confirmedBy: user })
      .where('id', '=', runId)
      .execute()
    await recordAudit(trx, ctx, {
      action: 'governance.discovery_confirm',
      targetType: 'resource',
      targetId: run.resourceId,
      orgId: facts.orgId,
      regionCode: facts.regionCode,
      details: { runId, fields: fields.map((f) => [f.code, f.type, f.grade]), grades: pushed },
    })
    await raiseDerived(trx, ctx, run.resourceId, new Set([run.resourceId]))
  })
  return getDiscovery(db, ctx.actor, runId)
}
