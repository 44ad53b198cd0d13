/** Quality rules of a resource: list, create, edit, delete (each change audited). */
import { recordAudit } from '../../../platform/audit/index.ts'
import type { RequestContext } from '../../../platform/context.ts'
import type { Db } from '../../../platform/db/index.ts'
import { newId } from '../../../platform/ids.ts'
import { resourceForSharing } from '../../catalog/index.ts'
import { datastoreSelect } from '../../datastore/index.ts'
import { qualityError } from './errors.ts'
import { resourceFor } from './resources.ts'
import { dimensionOf, RULE_LABELS, type RuleParams, type RuleType, ruleProblems } from './rule-types.ts'
import { q } from './store.ts'
import type { RuleRow } from './tables.ts'

export interface RuleInput {
  readonly type: RuleType
  readonly fields: readonly string[]
  readonly params?: RuleParams
  readonly threshold?: number
  readonly name?: string
  readonly enabled?: boolean
  readonly origin?: 'manual' | 'suggested'
}

export interface RuleView {
  readonly id: string
  readonly resourceId: string
  readonly type: RuleType
  readonly dimension: string
  readonly fields: string[]
  readonly params: RuleParams
  readonly threshold: number
  readonly name: string
  readonly enabled: boolean
  readonly origin: 'manual' | 'suggested'
  readonly updatedAt: string
}

export function ruleView(r: RuleRow): RuleView {
  return {
    id: r.id,
    resourceId: r.resourceId,
    type: r.ruleType,
    dimension: r.dimension,
    fields: r.fieldCodes,
    params: (r.params ?? {}) as RuleParams,
    threshold: Number(r.threshold),
    name: r.name,
    enabled: r.enabled,
    origin: r.origin,
    updatedAt: r.updatedAt.toISOString(),
  }
}

export async function listRules(db: Db, ctx: RequestContext, resourceId: string): Promise<RuleView[]> {
  await resourceFor(db, ctx.actor, resourceId, false)
  const rows = await q(db)
    .selectFrom('qualityRules')
    .selectAll()
    .where('resourceId', '=', resourceId)
    .orderBy('createdAt')
    .orderBy('id')
    .execute()
  return rows.map(ruleView)
}

/** A user's regular expression must compile in PostgreSQL (its dialect differs from JavaScript's). */
async function checkPattern(db: Db, pattern: string | undefined): Promise<void> {
  if (pattern === undefined) return
  try {
    await datastoreSelect(db, { text: "select '' ~ $1::text as ok", params: [pattern] })
  } catch {
    throw qualityError('quality.rule_invalid', {
      fields: [
        {
          field: 'body.params.pattern',
          message: 'not a valid regular expression',
          messageZh: '正则表达式无效',
        },
      ],
    })
  }
}

/** The referenced (authoritative) resource must exist and have the named fields. */
async function checkReference(db: Db, input: RuleInput): Promise<void> {
  const p = input.params ?? {}
  if (input.type !== 'referential' && input.type !== 'consistency') return
  const ref = await resourceForSharing(db, p.refResourceId ?? '')
  const codes = new Set(ref?.fields.map((f) => f.code) ?? [])
  const wanted = input.type === 'consistency' ? [p.refField, p.refValueField] : [p.refField]
  const bad = !ref ? 'refResourceId' : wanted.some((f) => !f || !codes.has(f)) ? 'refField' : null
  if (bad)
    throw qualityError('quality.rule_invalid', {
      fields: [
        {
          field: `body.params.${bad}`,
          message: bad === 'refResourceId' ? 'no such resource' : 'no such field in the referenced resource',
          messageZh: bad === 'refResourceId' ? '参照资源不存在' : '参照资源没有该字段',
        },
      ],
    })
}

async function validated(db: Db, fieldCodes: ReadonlySet<string>, input: RuleInput): Promise<void> {
  const problems = ruleProblems(
    { type: input.type, fields: input.fields, params: input.params ?? {} },
    fieldCodes,
  )
  if (problems.length) throw qualityError('quality.rule_invalid', { fields: problems })
  if (input.type === 'pattern') await checkPattern(db, input.params?.pattern)
  await checkReference(db, input)
}

const defaultName = (input: RuleInput) => `${input.fields.join('+') || '资源'}·${RULE_LABELS[input.type]}`

export async function createRule(db: Db, ctx: RequestContext, resourceId: string, input: RuleInput) {
  const r = await resourceFor(db, ctx.actor, resourceId, true)
  await validated(db, new Set(r.fields.map((f) => f.code)), input)
  const id = newId()
  await db.transaction().execute(async (trx) => {
    await q(trx)
      .insertInto('qualityRules')
      .values({
        id,
        resourceId,
        orgId: r.facts.orgId,
        regionCode: r.facts.regionCode,
        ruleType: input.type,
        dimension: dimensionOf(input.type),
        fieldCodes: [...input.fields],
        params: JSON.stringify(input.params ?? {}),
        threshold: input.threshold ?? 0,
        name: input.name?.trim() || defaultName(input),
        enabled: input.enabled ?? true,
        origin: input.origin ?? 'manual',
        createdBy: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
      })
      .execute()
    await recordAudit(trx, ctx, {
      action: 'quality.rule_create',
      targetType: 'quality_rule',
      targetId: id,
      orgId: r.facts.orgId,
      regionCode: r.facts.regionCode,
      details: { resourceId, type: input.type, fields: [...input.fields] },
    })
  })
  return id
}

async function ruleFor(db: Db, ctx: RequestContext, id: string) {
  const row = await q(db).selectFrom('qualityRules').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw qualityError('quality.rule_not_found')
  const r = await resourceFor(db, ctx.actor, row.resourceId, true).catch((e: unknown) => {
    throw e instanceof Error && 'code' in e && e.code === 'quality.resource_not_found'
      ? qualityError('quality.rule_not_found')
      : e
  })
  return { row, r }
}

export async function updateRule(db: Db, ctx: RequestContext, id: string, patch: Partial<RuleInput>) {
  const { row, r } = await ruleFor(db, ctx, id)
  const merged: RuleInput = {
    type: patch.type ?? row.ruleType,
    fields: patch.fields ?? row.fieldCodes,
    params: patch.params ?? ((row.params ?? {}) as RuleParams),
    threshold: patch.threshold ?? Number(row.threshold),
    name: patch.name ?? row.name,
    enabled: patch.enabled ?? row.enabled,
  }
  await validated(db, new Set(r.fields.map((f) => f.code)), merged)
  await db.transaction().execute(async (trx) => {
    await q(trx)
      .updateTable('qualityRules')
      .set({
        ruleType: merged.type,
        dimension: dimensionOf(merged.type),
        fieldCodes: [...merged.fields],
        params: JSON.stringify(merged.params ?? {}),
        threshold: merged.threshold ?? 0,
        name: merged.name?.trim() || defaultName(merged),
        enabled: merged.enabled ?? true,
        updatedAt: new Date(),
      })
      .where('id', '=', id)
      .execute()
    await recordAudit(trx, ctx, {
      action: 'quality.rule_update',
      targetType: 'quality_rule',
      targetId: id,
      orgId: row.orgId,
      regionCode: row.regionCode,
      details: { resourceId: row.resourceId, type: merged.type },
    })
  })
}

export async function deleteRule(db: Db, ctx: RequestContext, id: string): Promise<void> {
  const { row } = await ruleFor(db, ctx, id)
  await db.transaction().execute(async (trx) => {
    await q(trx).deleteFrom('qualityRules').where('id', '=', id).execute()
    await recordAudit(trx, ctx, {
      action: 'quality.rule_delete',
      targetType: 'quality_rule',
      targetId: id,
      orgId: row.orgId,
      regionCode: row.regionCode,
      details: { resourceId: row.resourceId, type: row.ruleType },
    })
  })
}
