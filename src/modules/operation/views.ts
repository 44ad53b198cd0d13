/** The read side: lists and details of projects, products and orders, each scoped to what the actor may see. */
import { type Expression, type SqlBool, sql } from 'kysely'
import { getWorkingCalendar, shanghaiDate } from '../../platform/calendar/index.ts'
import type { Config } from '../../platform/config.ts'
import type { Actor } from '../../platform/context.ts'
import type { Db } from '../../platform/db/index.ts'
import type { PageWindow } from '../../platform/http/index.ts'
import { regionPrefix } from '../../platform/validators/index.ts'
import { orgSummaries } from '../identity/index.ts'
import { registrationStatusOf } from '../registration/index.ts'
import { sandboxScopeFacts } from '../sandbox/index.ts'
import { operationError } from './errors.ts'
import { attachmentsOf } from './mandates.ts'
import { fen, formatYuan } from './money.ts'
import { browsesMarket, isOperatorStaff, isProviderOf, readableRegions, readsRegion } from './policy.ts'
import { t } from './tables.ts'

const yuanOrNull = (v: number | null) => (v === null ? null : formatYuan(fen(v)))
const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

async function names(db: Db, ids: readonly string[]) {
  const map = await orgSummaries(db, ids)
  return (id: string) => map.get(id)?.name ?? ''
}

/** Projects the actor sees: the bureau's region, or those where the actor's operator org holds a mandate. */
export async function listProjects(
  db: Db,
  actor: Actor,
  w: PageWindow,
  filter: { q?: string | undefined; status?: string | undefined },
) {
  if (actor.kind !== 'user') return { items: [], total: 0, page: w.page, pageSize: w.pageSize }
  const regions = readableRegions(actor)
  const rows = await t(db)
    .selectFrom('operationProjects as p')
    .where((eb) => {
      const ors: Expression<SqlBool>[] = regions.map((r) => eb('p.regionCode', 'like', `${regionPrefix(r)}%`))
      if (actor.roles.includes('operator_staff'))
        ors.push(
          eb.exists(
            eb
              .selectFrom('operationMandates as m')
              .select('m.id')
              .whereRef('m.projectId', '=', 'p.id')
              .where('m.operatorOrgId', '=', actor.orgId),
          ),
        )
      const all: Expression<SqlBool>[] = [ors.length ? eb.or(ors) : sql<SqlBool>`false`]
      if (filter.q)
        all.push(eb.or([eb('p.name', 'ilike', like(filter.q)), eb('p.code', 'ilike', like(filter.q))]))
      if (filter.status) all.push(eb('p.status', '=', filter.status as 'draft'))
      return eb.and(all)
    })
    .select([
      'p.id',
      'p.code',
      'p.name',
      'p.mode',
      'p.status',
      'p.termStart',
      'p.termEnd',
      'p.authorizerOrgId',
      'p.createdAt',
    ])
    .select((eb) => [
      eb
        .selectFrom('operationMandates as m')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('m.projectId', '=', 'p.id')
        .as('mandates'),
      eb
        .selectFrom('operationProjectResources as r')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('r.projectId', '=', 'p.id')
        .as('resources'),
      sql<number>`count(*) over ()`.as('fullCount'),
    ])
    .orderBy('p.createdAt', 'desc')
    .orderBy('p.id', 'desc')
    .limit(w.limit)
    .offset(w.offset)
    .execute()
  const name = await names(
    db,
    rows.map((r) => r.authorizerOrgId),
  )
  return {
    items: rows.map(({ fullCount: _c, ...r }) => ({
      ...r,
      authorizerOrgName: name(r.authorizerOrgId),
      mandates: Number(r.mandates ?? 0),
      resources: Number(r.resources ?? 0),
      createdAt: r.createdAt.toISOString(),
    })),
    total: Number(rows[0]?.fullCount ?? 0),
    page: w.page,
    pageSize: w.pageSize,
  }
}

export async function projectDetail(db: Db, actor: Actor, id: string) {
  const p = await t(db).selectFrom('operationProjects').selectAll().where('id', '=', id).executeTakeFirst()
  if (!p) throw operationError('operation.project_not_found')
  const resources = await t(db)
    .selectFrom('operationProjectResources')
    .selectAll()
    .where('projectId', '=', id)
    .orderBy('addedAt')
    .execute()
  const mandates = await t(db)
    .selectFrom('operationMandates')
    .selectAll()
    .where('projectId', '=', id)
    .orderBy('createdAt')
    .execute()
  const visible =
    readsRegion(actor, p.regionCode) ||
    mandates.some((m) => isOperatorStaff(actor, m.operatorOrgId)) ||
    resources.some((r) => isProviderOf(actor, r.providerOrgId))
  if (!visible) throw operationError('operation.project_not_found')
  const name = await names(db, [
    p.authorizerOrgId,
    ...resources.map((r) => r.providerOrgId),
    ...mandates.map((m) => m.operatorOrgId),
  ])
  const attachments = await attachmentsOf(db, [p.id, ...mandates.map((m) => m.id)])
  const consents = await t(db)
    .selectFrom('operationConsents')
    .selectAll()
    .where('projectId', '=', id)
    .orderBy('decidedAt')
    .execute()
  const sandbox = p.sandboxScopeId ? await sandboxScopeFacts(db, p.sandboxScopeId) : null
  return {
    ...p,
    sandbox,
    authorizerOrgName: name(p.authorizerOrgId),
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    resources: resources.map((r) => ({
      ...r,
      providerOrgName: name(r.providerOrgId),
      addedAt: r.addedAt.toISOString(),
    })),
    mandates: mandates.map((m) => ({
      ...m,
      operatorOrgName: name(m.operatorOrgId),
      createdAt: m.createdAt.toISOString(),
      updatedAt: m.updatedAt.toISOString(),
    })),
    consents: consents.map((c) => ({
      resourceId: c.resourceId,
      decision: c.decision,
      note: c.note,
      decidedByName: c.decidedByName,
      decidedAt: c.decidedAt.toISOString(),
    })),
    attachments: attachments.map((a) => ({ ...a, uploadedAt: a.uploadedAt.toISOString() })),
  }
}

/** Consent requests waiting for (or decided by) the actor's org as a provider. */
export async function consentInbox(db: Db, actor: Actor) {
  if (actor.kind !== 'user' || !isProviderOf(actor, actor.orgId)) return []
  const rows = await t(db)
    .selectFrom('operationProjectResources as r')
    .innerJoin('operationProjects as p', 'p.id', 'r.projectId')
    .select([
      'r.projectId',
      'p.code as projectCode',
      'p.name as projectName',
      'p.mode',
      'p.authorizerOrgId',
      'r.resourceId',
      'r.resourceCode',
      'r.resourceName',
      'r.status',
      'r.addedAt',
    ])
    .where('r.providerOrgId', '=', actor.orgId)
    .orderBy('r.addedAt', 'desc')
    .limit(200)
    .execute()
  const name = await names(
    db,
    rows.map((r) => r.authorizerOrgId),
  )
  return rows.map((r) => ({
    ...r,
    authorizerOrgName: name(r.authorizerOrgId),
    addedAt: r.addedAt.toISOString(),
  }))
}

type ProductScope = 'mine' | 'market' | 'region'

export async function listProducts(
  db: Db,
  actor: Actor,
  w: PageWindow,
  filter: { scope?: ProductScope | undefined; q?: string | undefined; projectId?: string | undefined },
) {
  if (actor.kind !== 'user') return { items: [], total: 0, page: w.page, pageSize: w.pageSize }
  const scope: ProductScope =
    filter.scope ??
    (actor.roles.includes('operator_staff') ? 'mine' : readableRegions(actor).length ? 'region' : 'market')
  const rows = await t(db)
    .selectFrom('operationProducts as pr')
    .innerJoin('operationProjects as p', 'p.id', 'pr.projectId')
    .where((eb) => {
      const all: Expression<SqlBool>[] = []
      if (scope === 'mine')
        all.push(
          actor.roles.includes('operator_staff')
            ? eb('pr.operatorOrgId', '=', actor.orgId)
            : sql<SqlBool>`false`,
        )
      if (scope === 'market')
        all.push(browsesMarket(actor) ? eb('pr.status', '=', 'published') : sql<SqlBool>`false`)
      if (scope === 'region') {
        const regions = readableRegions(actor)
        all.push(
          regions.length
            ? eb.or(regions.map((r) => eb('p.regionCode', 'like', `${regionPrefix(r)}%`)))
            : sql<SqlBool>`false`,
        )
      }
      if (filter.q)
        all.push(eb.or([eb('pr.name', 'ilike', like(filter.q)), eb('pr.code', 'ilike', like(filter.q))]))
      if (filter.projectId) all.push(eb('pr.projectId', '=', filter.projectId))
      return eb.and(all)
    })
    .select([
      'pr.id',
      'pr.code',
      'pr.name',
      'pr.kind',
      'pr.useClass',
      'pr.chargingUnit',
      'pr.unitLabel',
      'pr.status',
      'pr.priceCapFen',
      'pr.priceFen',
      'pr.operatorOrgId',
      'pr.projectId',
      'p.name as projectName',
      'pr.mandateId',
      'pr.exchangeName',
      'pr.exchangeListingNo',
      'pr.updatedAt',
    ])
    .select(sql<number>`count(*) over ()`.as('fullCount'))
    .orderBy('pr.updatedAt', 'desc')
    .orderBy('pr.id', 'desc')
    .limit(w.limit)
    .offset(w.offset)
    .execute()
  const name = await names(
    db,
    rows.map((r) => r.operatorOrgId),
  )
  return {
    items: rows.map(({ fullCount: _c, priceCapFen, priceFen, ...r }) => ({
      ...r,
      operatorOrgName: name(r.operatorOrgId),
      priceCap: yuanOrNull(priceCapFen),
      price: formatYuan(fen(priceFen)),
      updatedAt: r.updatedAt.toISOString(),
    })),
    total: Number(rows[0]?.fullCount ?? 0),
    page: w.page,
    pageSize: w.pageSize,
  }
}

/**
 * Registration obligation of a product: with publication gated on registration it is a precondition; otherwise
 * the initial registration is due `initialDueWorkingDays` working days after delivery (national measures).
 */
async function registrationDue(
  db: Db,
  config: Config,
  deliveredAt: Date | null,
  status: string | null,
): Promise<{
  required: boolean
  registered: boolean
  dueOn: string | null
  overdue: boolean
  workingDays: number
}> {
  const workingDays = config.registration.initialDueWorkingDays
  const base = {
    required: config.operation.publishRequiresRegistration,
    registered: status === 'valid',
    workingDays,
  }
  if (base.registered || deliveredAt === null) return { ...base, dueOn: null, overdue: false }
  let dueOn: string | null = null
  try {
    dueOn = (await getWorkingCalendar(db)).addWorkingDays(shanghaiDate(deliveredAt), workingDays)
  } catch {
    // The official calendar of that year is not loaded: say nothing rather than guess a deadline.
  }
  return { ...base, dueOn, overdue: dueOn !== null && dueOn < shanghaiDate(new Date()) }
}

export async function productDetail(db: Db, config: Config, actor: Actor, id: string) {
  const pr = await t(db).selectFrom('operationProducts').selectAll().where('id', '=', id).executeTakeFirst()
  if (!pr) throw operationError('operation.product_not_found')
  const project = await t(db)
    .selectFrom('operationProjects')
    .select(['name', 'regionCode'])
    .where('id', '=', pr.projectId)
    .executeTakeFirstOrThrow()
  const visible =
    isOperatorStaff(actor, pr.operatorOrgId) ||
    readsRegion(actor, project.regionCode) ||
    (pr.status === 'published' && browsesMarket(actor))
  if (!visible) throw operationError('operation.product_not_found')
  // Buyers see prices and their history, not which staff member changed them.
  const insider = isOperatorStaff(actor, pr.operatorOrgId) || readsRegion(actor, project.regionCode)
  const inputs = await t(db)
    .selectFrom('operationProductInputs')
    .selectAll()
    .where('productId', '=', id)
    .execute()
  const inputProducts = inputs.filter((i) => i.inputKind === 'product').map((i) => i.inputId)
  const productNames = inputProducts.length
    ? await t(db)
        .selectFrom('operationProducts')
        .select(['id', 'name'])
        .where('id', 'in', inputProducts)
        .execute()
    : []
  const resourceNames = await t(db)
    .selectFrom('operationProjectResources')
    .select(['resourceId', 'resourceName'])
    .where('projectId', '=', pr.projectId)
    .execute()
  const changes = await t(db)
    .selectFrom('operationPriceChanges')
    .selectAll()
    .where('productId', '=', id)
    .orderBy('changedAt')
    .execute()
  const name = await names(db, [pr.operatorOrgId])
  const registration = await registrationStatusOf(db, { operationProductId: id })
  const { priceCapFen, priceFen, ...rest } = pr
  return {
    ...rest,
    operatorOrgName: name(pr.operatorOrgId),
    projectName: project.name,
    priceCap: yuanOrNull(priceCapFen),
    price: formatYuan(fen(priceFen)),
    deliveredAt: pr.deliveredAt?.toISOString() ?? null,
    createdAt: pr.createdAt.toISOString(),
    updatedAt: pr.updatedAt.toISOString(),
    registration: registration ? { number: registration.number, status: registration.status } : null,
    registrationDue: await registrationDue(db, config, pr.deliveredAt, registration?.status ?? null),
    inputs: inputs.map((i) => ({
      kind: i.inputKind,
      id: i.inputId,
      name:
        i.inputKind === 'product'
          ? (productNames.find((p) => p.id === i.inputId)?.name ?? '')
          : (resourceNames.find((r) => r.resourceId === i.inputId)?.resourceName ?? ''),
    })),
    priceChanges: changes.map((c) => ({
      kind: c.kind,
      old: yuanOrNull(c.oldFen),
      new: formatYuan(fen(c.newFen)),
      reason: c.reason,
      changedByName: insider ? c.changedByName : null,
      changedAt: c.changedAt.toISOString(),
    })),
  }
}
