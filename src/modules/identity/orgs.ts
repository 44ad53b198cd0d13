import { sql } from 'kysely'
import { recordAudit } from '../../platform/audit/index.ts'
import type { RequestContext } from '../../platform/context.ts'
import type { Db } from '../../platform/db/index.ts'
import { type PageResult, type PageWindow, pageOf } from '../../platform/http/pagination.ts'
import { newId } from '../../platform/ids.ts'
import { isRegionCodeFormat, regionPrefix, validateCreditCode } from '../../platform/validators/index.ts'
import { credentialCache } from './credential-cache.ts'
import { identityError } from './errors.ts'
import { isBureauAdminOver } from './policy.ts'
import { regionExists } from './regions.ts'
import type { IdentityTables, OrgType, Status } from './tables.ts'

const t = (db: Db) => db.withTables<IdentityTables>()

export interface Org {
  id: string
  name: string
  type: OrgType
  regionCode: string
  regionName: string
  parentId: string | null
  parentName: string | null
  creditCode: string | null
  status: Status
  createdAt: string
  updatedAt: string
}

export interface OrgTreeNode extends Org {
  children: OrgTreeNode[]
}

export interface OrgQuery {
  q?: string | undefined
  regionCode?: string | undefined
  type?: OrgType | undefined
  parentId?: string | undefined
  status?: Status | undefined
}

function orgSelect(db: Db) {
  return t(db)
    .selectFrom('orgs as o')
    .innerJoin('regions as r', 'r.code', 'o.regionCode')
    .leftJoin('orgs as p', 'p.id', 'o.parentId')
    .select([
      'o.id',
      'o.name',
      'o.type',
      'o.regionCode',
      'r.name as regionName',
      'o.parentId',
      'p.name as parentName',
      'o.creditCode',
      'o.status',
      'o.createdAt',
      'o.updatedAt',
    ])
}

type OrgSelectRow = Awaited<ReturnType<ReturnType<typeof orgSelect>['executeTakeFirstOrThrow']>>

function toOrg(row: OrgSelectRow): Org {
  return { ...row, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() }
}

/** Subtree filter prefix; a code that cannot exist is a 404, never a crash. */
function subtreePrefix(code: string): string {
  if (!isRegionCodeFormat(code)) throw identityError('region.not_found')
  return regionPrefix(code)
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`)
}

export async function listOrgs(db: Db, query: OrgQuery, window: PageWindow): Promise<PageResult<Org>> {
  let q = orgSelect(db)
  if (query.q) q = q.where('o.name', 'like', `%${escapeLike(query.q.trim())}%`)
  if (query.regionCode) q = q.where('o.regionCode', 'like', `${subtreePrefix(query.regionCode)}%`)
  if (query.type) q = q.where('o.type', '=', query.type)
  if (query.parentId) q = q.where('o.parentId', '=', query.parentId)
  if (query.status) q = q.where('o.status', '=', query.status)
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
    .orderBy('o.regionCode')
    .orderBy('o.type')
    .orderBy('o.name')
    .orderBy('o.id')
    .limit(window.limit)
    .offset(window.offset)
    .execute()
  const page = await pageOf(rows, window, countAll)
  return { ...page, items: page.items.map(toOrg) }
}

/** The org forest of a region subtree: roots are orgs whose parent lies outside it (or who have none). */
export async function orgTree(db: Db, regionCode: string): Promise<OrgTreeNode[]> {
  const rows = await orgSelect(db)
    .where('o.regionCode', 'like', `${subtreePrefix(regionCode)}%`)
    .orderBy('o.regionCode')
    .orderBy('o.type')
    .orderBy('o.name')
    .limit(5000)
    .execute()
  const nodes = new Map<string, OrgTreeNode>(rows.map((r) => [r.id, { ...toOrg(r), children: [] }]))
  const roots: OrgTreeNode[] = []
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined
    if (parent) parent.children.push(node)
    else roots.push(node)
  }
  return roots
}

export async function getOrg(db: Db, id: string): Promise<Org> {
  const row = await orgSelect(db).where('o.id', '=', id).executeTakeFirst()
  if (!row) throw identityError('org.not_found')
  return toOrg(row)
}

export interface OrgInput {
  name: string
  type: OrgType
  regionCode: string
  parentId?: string | null | undefined
  creditCode?: string | null | undefined
}

export function normalizeCreditCode(input: string | null | undefined): string | null | undefined {
  if (input === undefined || input === null) return input
  if (input.trim() === '') return null
  const result = validateCreditCode(input)
  if (!result.ok) {
    throw identityError('org.credit_code_invalid', {
      fields: [
        {
          field: 'body.creditCode',
          message: result.reason,
          messageZh: result.reason === 'checksum' ? '校验位不正确' : '格式不正确',
        },
      ],
      detail: {
        zh:
          result.reason === 'checksum'
            ? '统一社会信用代码校验位不正确'
            : '统一社会信用代码格式不正确（18 位）',
        en:
          result.reason === 'checksum'
            ? 'The check character is wrong'
            : 'The code must have 18 valid characters',
      },
    })
  }
  return result.value
}

async function assertParent(
  db: Db,
  ctx: RequestContext,
  orgId: string | null,
  parentId: string,
): Promise<void> {
  let cursor: string | null = parentId
  const seen = new Set<string>()
  let first = true
  while (cursor) {
    if (cursor === orgId || seen.has(cursor)) throw identityError('org.parent_invalid')
    seen.add(cursor)
    const row = await t(db)
      .selectFrom('orgs')
      .select(['id', 'parentId', 'regionCode'])
      .where('id', '=', cursor)
      .executeTakeFirst()
    if (!row) throw identityError('org.parent_invalid')
    // Hanging an org under a parent the admin cannot see would leak it into another scope's tree.
    if (first && !isBureauAdminOver(ctx.actor, row.regionCode)) {
      throw identityError('org.parent_invalid')
    }
    first = false
    cursor = row.parentId
  }
}

async function assertUnique(
  db: Db,
  input: { id?: string; name?: string; regionCode?: string; creditCode?: string | null },
) {
  if (input.name && input.regionCode) {
    const dup = await t(db)
      .selectFrom('orgs')
      .select('id')
      .where('regionCode', '=', input.regionCode)
      .where('name', '=', input.name)
      .$if(input.id !== undefined, (q) => q.where('id', '!=', input.id ?? ''))
      .executeTakeFirst()
    if (dup) throw identityError('org.name_taken')
  }
  if (input.creditCode) {
    const dup = await t(db)
      .selectFrom('orgs')
      .select('id')
      .where('creditCode', '=', input.creditCode)
      .$if(input.id !== undefined, (q) => q.where('id', '!=', input.id ?? ''))
      .executeTakeFirst()
    if (dup) throw identityError('org.credit_code_taken')
  }
}

export async function createOrg(db: Db, ctx: RequestContext, input: OrgInput): Promise<Org> {
  const name = input.name.trim()
  if (!(await regionExists(db, input.regionCode))) {
    throw identityError('region.not_found', {
      fields: [{ field: 'body.regionCode', message: 'unknown region', messageZh: '行政区划不存在' }],
    })
  }
  if (!isBureauAdminOver(ctx.actor, input.regionCode)) throw identityError('org.out_of_scope')
  if (input.type === 'enterprise') throw identityError('org.type_locked')
  const creditCode = normalizeCreditCode(input.creditCode) ?? null
  const id = newId()
  await db.transaction().execute(async (trx) => {
    if (input.parentId) await assertParent(trx, ctx, null, input.parentId)
    await assertUnique(trx, { name, regionCode: input.regionCode, creditCode })
    await t(trx)
      .insertInto('orgs')
      .values({
        id,
        name,
        type: input.type,
        regionCode: input.regionCode,
        parentId: input.parentId ?? null,
        creditCode,
      })
      .execute()
    await recordAudit(trx, ctx, {
      action: 'org.create',
      targetType: 'org',
      targetId: id,
      orgId: id,
      regionCode: input.regionCode,
      details: { name, type: input.type, parentId: input.parentId ?? null },
    })
  })
  return getOrg(db, id)
}

export interface OrgPatch {
  name?: string | undefined
  type?: OrgType | undefined
  parentId?: string | null | undefined
  creditCode?: string | null | undefined
  status?: Status | undefined
}

export async function updateOrg(db: Db, ctx: RequestContext, id: string, patch: OrgPatch): Promise<Org> {
  const current = await getOrg(db, id)
  if (!isBureauAdminOver(ctx.actor, current.regionCode)) throw identityError('org.out_of_scope')
  // Turning a government org into an enterprise (or back) would move it across the external boundary.
  if (
    patch.type !== undefined &&
    patch.type !== current.type &&
    [patch.type, current.type].includes('enterprise')
  )
    throw identityError('org.type_locked')
  // An enterprise is identified by its credit code: it may be corrected, never removed.
  if (current.type === 'enterprise' && patch.creditCode !== undefined && !patch.creditCode?.trim())
    throw identityError('org.credit_code_invalid', {
      fields: [{ field: 'body.creditCode', message: 'required', messageZh: '企业必须有统一社会信用代码' }],
    })
  const creditCode = normalizeCreditCode(patch.creditCode)
  const name = patch.name?.trim()
  await db.transaction().execute(async (trx) => {
    // Lock the row so two concurrent edits cannot both pass the uniqueness checks.
    await sql`select 1 from orgs where id = ${id} for update`.execute(trx)
    if (patch.parentId) await assertParent(trx, ctx, id, patch.parentId)
    await assertUnique(trx, {
      id,
      ...(name !== undefined ? { name, regionCode: current.regionCode } : {}),
      ...(creditCode ? { creditCode } : {}),
    })
    const changes = {
      ...(name !== undefined ? { name } : {}),
      ...(patch.type !== undefined ? { type: patch.type } : {}),
      ...(patch.parentId !== undefined ? { parentId: patch.parentId } : {}),
      ...(creditCode !== undefined ? { creditCode } : {}),
      ...(patch.status !== undefined ? { status: patch.status } : {}),
    }
    await t(trx)
      .updateTable('orgs')
      .set({ ...changes, updatedAt: new Date() })
      .where('id', '=', id)
      .execute()
    await recordAudit(trx, ctx, {
      action: 'org.update',
      targetType: 'org',
      targetId: id,
      orgId: id,
      regionCode: current.regionCode,
      details: { changed: Object.keys(changes) },
    })
  })
  // A disabled org's users and apps lose access now, not when their cached credential expires.
  if (patch.status !== undefined) credentialCache.evictOrg(id)
  return getOrg(db, id)
}

/** Minimal facts other services need about an org (scope checks, token issuance). */
export async function orgFacts(
  db: Db,
  id: string,
): Promise<{ id: string; regionCode: string; type: OrgType; status: Status } | null> {
  const row = await t(db)
    .selectFrom('orgs')
    .select(['id', 'regionCode', 'type', 'status'])
    .where('id', '=', id)
    .executeTakeFirst()
  return row ?? null
}

/** Names and regions of several orgs at once, for other modules' listings. */
export async function orgSummaries(
  db: Db,
  ids: readonly string[],
): Promise<Map<string, { name: string; regionCode: string; creditCode: string | null }>> {
  const unique = [...new Set(ids)]
  if (unique.length === 0) return new Map()
  const rows = await t(db)
    .selectFrom('orgs')
    .select(['id', 'name', 'regionCode', 'creditCode'])
    .where('id', 'in', unique)
    .execute()
  return new Map(
    rows.map((r) => [r.id, { name: r.name, regionCode: r.regionCode, creditCode: r.creditCode }]),
  )
}

/** The data bureau at province level (region XX0000): the deployment's top authority, e.g. for publishing. */
export async function provinceBureau(
  db: Db,
): Promise<{ id: string; name: string; regionCode: string } | null> {
  const row = await t(db)
    .selectFrom('orgs')
    .select(['id', 'name', 'regionCode'])
    .where('type', '=', 'bureau')
    .where('status', '=', 'active')
    .where('regionCode', 'like', '__0000')
    .orderBy('createdAt')
    .orderBy('id')
    .executeTakeFirst()
  return row ?? null
}

/** Orgs by exact name, for spreadsheets that name orgs instead of giving ids; a name may exist in several regions. */
export async function orgIdsByNames(db: Db, names: readonly string[]): Promise<Map<string, string[]>> {
  const unique = [...new Set(names.map((n) => n.trim()).filter(Boolean))]
  if (unique.length === 0) return new Map()
  const rows = await t(db)
    .selectFrom('orgs')
    .select(['id', 'name'])
    .where('name', 'in', unique)
    .orderBy('id')
    .execute()
  const out = new Map<string, string[]>()
  for (const r of rows) out.set(r.name, [...(out.get(r.name) ?? []), r.id])
  return out
}
