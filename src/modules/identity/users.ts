import { randomInt } from 'node:crypto'
import { sql } from 'kysely'
import { recordAudit } from '../../platform/audit/index.ts'
import type { RequestContext, UserActor } from '../../platform/context.ts'
import { hashPassword } from '../../platform/crypto/index.ts'
import type { Db } from '../../platform/db/index.ts'
import { type PageResult, type PageWindow, pageOf } from '../../platform/http/pagination.ts'
import { newId } from '../../platform/ids.ts'
import { isWithinRegion } from '../../platform/validators/index.ts'
import { credentialCache } from './credential-cache.ts'
import { identityError } from './errors.ts'
import { orgFacts } from './orgs.ts'
import {
  canManageMembersOf,
  grantableRoles,
  memberListScope,
  REGION_SCOPED_ROLES,
  type Role,
  regionScope,
  requireUser,
} from './policy.ts'
import { regionExists } from './regions.ts'
import type { IdentityTables, OrgType, Status } from './tables.ts'

const t = (db: Db) => db.withTables<IdentityTables>()

export interface User {
  id: string
  username: string
  displayName: string
  orgId: string
  orgName: string
  orgType: OrgType
  roles: Role[]
  scopeRegionCode: string | null
  status: Status
  mustChangePassword: boolean
  createdAt: string
  lastLoginAt: string | null
}

function userSelect(db: Db) {
  return t(db)
    .selectFrom('users as u')
    .innerJoin('orgs as o', 'o.id', 'u.orgId')
    .select([
      'u.id',
      'u.username',
      'u.displayName',
      'u.orgId',
      'o.name as orgName',
      'o.type as orgType',
      'u.roles',
      'u.scopeRegionCode',
      'u.status',
      'u.mustChangePassword',
      'u.createdAt',
      'u.lastLoginAt',
    ])
}

type UserSelectRow = Awaited<ReturnType<ReturnType<typeof userSelect>['executeTakeFirstOrThrow']>>

function toUser(row: UserSelectRow): User {
  return {
    ...row,
    roles: row.roles as Role[],
    createdAt: row.createdAt.toISOString(),
    lastLoginAt: row.lastLoginAt ? row.lastLoginAt.toISOString() : null,
  }
}

export async function getUser(db: Db, id: string): Promise<User> {
  const row = await userSelect(db).where('u.id', '=', id).executeTakeFirst()
  if (!row) throw identityError('user.not_found')
  return toUser(row)
}

export interface UserQuery {
  q?: string | undefined
  orgId?: string | undefined
  role?: Role | undefined
  status?: Status | undefined
}

/** Bureau admins see users of orgs in their region subtree, org admins their own org; nobody else lists users. */
export async function listUsers(
  db: Db,
  actor: UserActor,
  query: UserQuery,
  window: PageWindow,
): Promise<PageResult<User>> {
  const reach = memberListScope(actor)
  let q = userSelect(db).where((eb) => {
    const allowed = []
    if (reach.regionPrefix) allowed.push(eb('o.regionCode', 'like', `${reach.regionPrefix}%`))
    if (reach.orgId) allowed.push(eb('u.orgId', '=', reach.orgId))
    return eb.or(allowed)
  })
  if (query.q) {
    const like = `%${query.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    q = q.where((eb) => eb.or([eb('u.username', 'ilike', like), eb('u.displayName', 'like', like)]))
  }
  if (query.orgId) q = q.where('u.orgId', '=', query.orgId)
  if (query.role) q = q.where(sql<boolean>`${query.role} = any(u.roles)`)
  if (query.status) q = q.where('u.status', '=', query.status)
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
    .orderBy('u.username')
    .orderBy('u.id')
    .limit(window.limit)
    .offset(window.offset)
    .execute()
  const page = await pageOf(rows, window, countAll)
  return { ...page, items: page.items.map(toUser) }
}

const PASSWORD_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789'

/** 14 characters from an unambiguous alphabet, always with letters and digits. */
export function generatePassword(): string {
  for (;;) {
    let out = ''
    for (let i = 0; i < 14; i++) out += PASSWORD_CHARS[randomInt(PASSWORD_CHARS.length)]
    if (/[A-Za-z]/.test(out) && /\d/.test(out)) return out
  }
}

export function assertPasswordStrength(password: string): void {
  if (password.length < 8 || !/[A-Za-z]/.test(password) || !/\d/.test(password)) {
    throw identityError('auth.password_weak', {
      fields: [{ field: 'body.password', message: 'too weak', messageZh: '密码强度不足' }],
    })
  }
}

type OrgFacts = { id: string; regionCode: string; type: OrgType }

/** Checks that the actor may give these roles (and this scope) to a member of this org; returns the scope to store. */
function decideScope(
  actor: UserActor,
  org: OrgFacts,
  roles: readonly Role[],
  requested: string | null | undefined,
): string | null {
  const allowed = grantableRoles(actor, org)
  const denied = roles.filter((r) => !allowed.includes(r))
  if (denied.length > 0) {
    throw identityError('user.role_not_allowed', {
      fields: [
        { field: 'body.roles', message: denied.join(','), messageZh: `无权授予：${denied.join('、')}` },
      ],
    })
  }
  const needsScope =
    roles.some((r) => REGION_SCOPED_ROLES.includes(r)) &&
    (org.type === 'bureau' || roles.includes('bureau_admin'))
  if (!needsScope) return null
  const scope = requested ?? org.regionCode
  // A bureau admin's reach must lie inside the org's own region and inside the granting admin's reach.
  const granterScope = regionScope(actor, 'bureau_admin')
  if (
    !isWithinRegion(scope, org.regionCode) ||
    (roles.includes('bureau_admin') && (!granterScope || !isWithinRegion(scope, granterScope)))
  ) {
    throw identityError('user.role_not_allowed', {
      fields: [{ field: 'body.scopeRegionCode', message: 'out of scope', messageZh: '超出您的管辖范围' }],
    })
  }
  return scope
}

async function assertRegion(db: Db, code: string | null): Promise<void> {
  if (code && !(await regionExists(db, code))) {
    throw identityError('region.not_found', {
      fields: [{ field: 'body.scopeRegionCode', message: 'unknown region', messageZh: '行政区划不存在' }],
    })
  }
}

async function manageableOrg(db: Db, actor: UserActor, orgId: string, field: string): Promise<OrgFacts> {
  const org = await orgFacts(db, orgId)
  if (!org)
    throw identityError('org.not_found', {
      fields: [{ field, message: 'unknown org', messageZh: '单位不存在' }],
    })
  if (!canManageMembersOf(actor, org)) throw identityError('org.out_of_scope')
  return org
}

export interface NewUser {
  username: string
  displayName: string
  orgId: string
  roles: Role[]
  password?: string | undefined
  scopeRegionCode?: string | null | undefined
}

export async function createUser(
  db: Db,
  ctx: RequestContext,
  input: NewUser,
): Promise<{ user: User; initialPassword?: string }> {
  const actor = requireUser(ctx.actor)
  const org = await manageableOrg(db, actor, input.orgId, 'body.orgId')
  const roles = [...new Set(input.roles)]
  const scopeRegionCode = decideScope(actor, org, roles, input.scopeRegionCode)
  await assertRegion(db, scopeRegionCode)
  const generated = input.password === undefined ? generatePassword() : undefined
  const password = input.password ?? generated ?? ''
  assertPasswordStrength(password)
  const passwordHash = await hashPassword(password)
  const id = newId()
  const username = input.username.trim()
  await db.transaction().execute(async (trx) => {
    const dup = await t(trx)
      .selectFrom('users')
      .select('id')
      .where(sql<boolean>`lower(username) = lower(${username})`)
      .executeTakeFirst()
    if (dup) throw identityError('user.username_taken')
    await t(trx)
      .insertInto('users')
      .values({
        id,
        username,
        displayName: input.displayName.trim(),
        orgId: org.id,
        roles,
        scopeRegionCode,
        passwordHash,
        mustChangePassword: generated !== undefined,
      })
      .execute()
    await recordAudit(trx, ctx, {
      action: 'user.create',
      targetType: 'user',
      targetId: id,
      orgId: org.id,
      regionCode: org.regionCode,
      details: { username, roles, scopeRegionCode },
    })
  })
  const user = await getUser(db, id)
  return generated ? { user, initialPassword: generated } : { user }
}

export interface UserPatch {
  displayName?: string | undefined
  roles?: Role[] | undefined
  status?: Status | undefined
  orgId?: string | undefined
  scopeRegionCode?: string | null | undefined
}

export async function updateUser(db: Db, ctx: RequestContext, id: string, patch: UserPatch): Promise<User> {
  const actor = requireUser(ctx.actor)
  const current = await getUser(db, id)
  const currentOrg = await manageableOrg(db, actor, current.orgId, 'id')
  const self = actor.userId === id
  if (self && (patch.roles !== undefined || patch.status === 'disabled' || patch.orgId !== undefined)) {
    throw identityError('user.self_change_forbidden')
  }
  const targetOrg = patch.orgId ? await manageableOrg(db, actor, patch.orgId, 'body.orgId') : currentOrg
  const roles = patch.roles ? [...new Set(patch.roles)] : current.roles
  // Changing org or roles re-checks that every kept role may be held there, so a move cannot escalate.
  const scopeRegionCode =
    patch.roles || patch.orgId || patch.scopeRegionCode !== undefined
      ? decideScope(actor, targetOrg, roles, patch.scopeRegionCode ?? current.scopeRegionCode)
      : current.scopeRegionCode
  await assertRegion(db, scopeRegionCode)
  await db.transaction().execute(async (trx) => {
    const changes = {
      ...(patch.displayName !== undefined ? { displayName: patch.displayName.trim() } : {}),
      ...(patch.status !== undefined ? { status: patch.status } : {}),
      roles,
      orgId: targetOrg.id,
      scopeRegionCode,
    }
    await t(trx)
      .updateTable('users')
      .set({ ...changes, updatedAt: new Date() })
      .where('id', '=', id)
      .execute()
    if (patch.status === 'disabled' || patch.orgId !== undefined || patch.roles !== undefined) {
      await t(trx).deleteFrom('sessions').where('userId', '=', id).execute()
    }
    await recordAudit(trx, ctx, {
      action: 'user.update',
      targetType: 'user',
      targetId: id,
      orgId: targetOrg.id,
      regionCode: targetOrg.regionCode,
      details: { changed: Object.keys(patch), roles, status: patch.status ?? current.status },
    })
  })
  credentialCache.evictUser(id)
  return getUser(db, id)
}

export async function resetPassword(
  db: Db,
  ctx: RequestContext,
  id: string,
): Promise<{ initialPassword: string }> {
  const actor = requireUser(ctx.actor)
  const current = await getUser(db, id)
  const org = await manageableOrg(db, actor, current.orgId, 'id')
  const initialPassword = generatePassword()
  const passwordHash = await hashPassword(initialPassword)
  await db.transaction().execute(async (trx) => {
    await t(trx)
      .updateTable('users')
      .set({ passwordHash, mustChangePassword: true, passwordChangedAt: new Date(), updatedAt: new Date() })
      .where('id', '=', id)
      .execute()
    await t(trx).deleteFrom('sessions').where('userId', '=', id).execute()
    await recordAudit(trx, ctx, {
      action: 'user.reset_password',
      targetType: 'user',
      targetId: id,
      orgId: org.id,
      regionCode: org.regionCode,
    })
  })
  credentialCache.evictUser(id)
  return { initialPassword }
}
