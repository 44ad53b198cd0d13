/**
 * Reading registered enterprises: a bureau admin lists those of its region subtree (the verification queue); an
 * enterprise's own users read their own record. Anyone else gets the same 404 as for a missing one.
 */
import type { Actor } from '../../platform/context.ts'
import type { Db } from '../../platform/db/index.ts'
import { platformError } from '../../platform/errors.ts'
import { type PageResult, type PageWindow, pageOf } from '../../platform/http/pagination.ts'
import { regionPrefix } from '../../platform/validators/index.ts'
import { identityError } from './errors.ts'
import { isBureauAdminOver, regionScope } from './policy.ts'
import type { IdentityTables, Status, Verification } from './tables.ts'

const t = (db: Db) => db.withTables<IdentityTables>()

export interface Enterprise {
  orgId: string
  name: string
  creditCode: string
  regionCode: string
  regionName: string
  status: Status
  contactName: string
  contactMobile: string
  username: string | null
  verification: Verification
  rejectReason: string | null
  decidedByName: string | null
  decidedAt: string | null
  createdAt: string
}

export interface EnterpriseQuery {
  verification?: Verification | undefined
  q?: string | undefined
}

function enterpriseSelect(db: Db) {
  return t(db)
    .selectFrom('enterprises as e')
    .innerJoin('orgs as o', 'o.id', 'e.orgId')
    .innerJoin('regions as r', 'r.code', 'o.regionCode')
    .select((eb) => [
      'e.orgId',
      'o.name',
      'o.creditCode',
      'o.regionCode',
      'r.name as regionName',
      'o.status',
      'e.contactName',
      'e.contactMobile',
      // The first org admin: the account the signup created.
      eb
        .selectFrom('users as u')
        .select('u.username')
        .whereRef('u.orgId', '=', 'e.orgId')
        .orderBy('u.createdAt')
        .orderBy('u.id')
        .limit(1)
        .as('username'),
      'e.verification',
      'e.rejectReason',
      'e.decidedByName',
      'e.decidedAt',
      'e.createdAt',
    ])
}

type Row = Awaited<ReturnType<ReturnType<typeof enterpriseSelect>['executeTakeFirstOrThrow']>>

function toEnterprise(row: Omit<Row, 'fullCount'>): Enterprise {
  return {
    ...row,
    creditCode: row.creditCode ?? '',
    username: row.username ?? null,
    decidedAt: row.decidedAt ? row.decidedAt.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
  }
}

/** The verification queue of a bureau admin's region subtree, oldest pending first. */
export async function listEnterprises(
  db: Db,
  actor: Actor,
  query: EnterpriseQuery,
  window: PageWindow,
): Promise<PageResult<Enterprise>> {
  const scope = regionScope(actor, 'bureau_admin')
  if (!scope) throw platformError('auth.forbidden')
  let q = enterpriseSelect(db).where('o.regionCode', 'like', `${regionPrefix(scope)}%`)
  if (query.verification) q = q.where('e.verification', '=', query.verification)
  if (query.q) {
    const like = `%${query.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    q = q.where((eb) => eb.or([eb('o.name', 'like', like), eb('o.creditCode', 'like', like.toUpperCase())]))
  }
  const countAll = async () =>
    Number(
      (
        await q
          .clearSelect()
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  const rows = await q
    .select((eb) => eb.fn.countAll<number>().over().as('fullCount'))
    .orderBy('e.createdAt')
    .orderBy('e.orgId')
    .limit(window.limit)
    .offset(window.offset)
    .execute()
  const page = await pageOf(rows, window, countAll)
  return { ...page, items: page.items.map(toEnterprise) }
}

export async function getEnterprise(db: Db, actor: Actor, orgId: string): Promise<Enterprise> {
  const row = await enterpriseSelect(db).where('e.orgId', '=', orgId).executeTakeFirst()
  const own = actor.kind === 'user' && actor.orgId === orgId
  if (!row || !(own || isBureauAdminOver(actor, row.regionCode))) throw identityError('enterprise.not_found')
  return toEnterprise(row)
}
