/** Lists of registrations by box, scoped by role and org/region, and the facts other modules may ask for. */
import { sql } from 'kysely'
import type { Config } from '../../platform/config.ts'
import type { Actor, RequestContext } from '../../platform/context.ts'
import type { Db } from '../../platform/db/index.ts'
import { type PageResult, type PageWindow, pageOf } from '../../platform/http/index.ts'
import { regionPrefix } from '../../platform/validators/index.ts'
import { hasRole, regionScope } from '../identity/index.ts'
import { registrationError } from './errors.ts'
import { canRead } from './policy.ts'
import type { ListQuery, Registration, RegistrationDetail } from './schemas.ts'
import { findRegistration, t } from './store.ts'
import type { RegistrationStatus } from './tables.ts'
import { toDetail, toRegistrations } from './view.ts'

const ORG_READERS = ['data_steward', 'org_admin', 'operator_staff', 'auditor'] as const
const BUREAU_READERS = ['bureau_admin', 'reviewer', 'auditor'] as const
const INBOX: readonly RegistrationStatus[] = [
  'submitted',
  'under_review',
  'public_notice',
  'objection_review',
]

function regionOf(actor: Actor): string | null {
  for (const role of BUREAU_READERS) {
    const scope = regionScope(actor, role)
    if (scope) return scope
  }
  return null
}

export async function listRegistrations(
  db: Db,
  config: Config,
  actor: Actor,
  query: Omit<ListQuery, 'page' | 'pageSize'>,
  window: PageWindow,
): Promise<PageResult<Registration>> {
  if (actor.kind !== 'user') return { items: [], total: 0, page: window.page, pageSize: window.pageSize }
  let q = t(db).selectFrom('registrations')
  const box = query.box ?? 'mine'
  if (box === 'mine') {
    if (!ORG_READERS.some((r) => hasRole(actor, r))) return { items: [], total: 0, ...window }
    q = q.where((eb) =>
      eb.or([eb('registrantOrgId', '=', actor.orgId), eb('applicantOrgId', '=', actor.orgId)]),
    )
  } else if (box === 'inbox') {
    if (!hasRole(actor, 'bureau_admin') && !hasRole(actor, 'reviewer'))
      return { items: [], total: 0, ...window }
    q = q.where('bodyOrgId', '=', actor.orgId)
    if (!query.status) q = q.where('status', 'in', INBOX)
  } else {
    const scope = regionOf(actor)
    if (!scope) return { items: [], total: 0, ...window }
    q = q.where('bodyRegionCode', 'like', `${regionPrefix(scope)}%`)
  }
  if (query.status) q = q.where('status', '=', query.status)
  if (query.kind) q = q.where('kind', '=', query.kind)
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    q = q.where((eb) => eb.or([eb('dataName', 'like', like), eb('number', 'like', like)]))
  }
  const sort = query.sort ?? 'created'
  const ordered =
    sort === 'due'
      ? q.orderBy(
          sql`coalesce(notice_due, review_due, cancel_due, accept_due, initial_due)`,
          sql`asc nulls last`,
        )
      : q.orderBy(sort === 'updated' ? 'updatedAt' : 'createdAt', 'desc')
  const rows = await ordered
    .selectAll()
    .select(sql<number>`count(*) over ()`.as('fullCount'))
    .orderBy('id')
    .limit(window.limit)
    .offset(window.offset)
    .execute()
  const page = await pageOf(rows, window, async () => {
    const r = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    return Number(r.n)
  })
  return { ...page, items: await toRegistrations(db, config, page.items) }
}

export async function getRegistration(
  db: Db,
  config: Config,
  ctx: RequestContext,
  id: string,
): Promise<RegistrationDetail> {
  const row = await findRegistration(db, id)
  if (!row || !canRead(ctx.actor, row)) throw registrationError('registration.not_found')
  return toDetail(db, config, ctx.actor, row)
}

export interface RegistrationStatusFacts {
  readonly registrationId: string
  readonly number: string | null
  readonly status: RegistrationStatus
  readonly validUntil: string | null
}

/**
 * The registration of a catalog resource or an operation product (for the operation module: products must be
 * registered): the valid one if any, else the most recent initial registration; null when never registered.
 */
export async function registrationStatusOf(
  db: Db,
  ref: { catalogResourceId: string } | { operationProductId: string },
): Promise<RegistrationStatusFacts | null> {
  const column = 'catalogResourceId' in ref ? 'catalog_resource_ids' : 'operation_product_ids'
  const id = 'catalogResourceId' in ref ? ref.catalogResourceId : ref.operationProductId
  const row = await t(db)
    .selectFrom('registrations')
    .select(['id', 'number', 'status', 'validUntil'])
    .where('kind', '=', 'initial')
    .where(sql<boolean>`${sql.ref(column)} @> array[${id}]::uuid[]`)
    .orderBy(sql`case when status = 'valid' then 0 else 1 end`)
    .orderBy('createdAt', 'desc')
    .executeTakeFirst()
  return row
    ? { registrationId: row.id, number: row.number, status: row.status, validUntil: row.validUntil }
    : null
}
