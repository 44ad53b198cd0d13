/**
 * Registered enterprises (企业): companies sign themselves up on a public form to buy operation products. A signup
 * creates an org of type `enterprise` (pending verification) and its first org admin, who cannot sign in until a
 * bureau admin whose region subtree covers the enterprise's region has checked the credit code and verified it.
 * Enterprises are external parties: the auth hook refuses them on every route that does not opt in (ADR 0013).
 */
import { recordAudit } from '../../platform/audit/index.ts'
import type { Config } from '../../platform/config.ts'
import type { RequestContext } from '../../platform/context.ts'
import { hashPassword, sm3Hmac } from '../../platform/crypto/index.ts'
import type { Db, Trx } from '../../platform/db/index.ts'
import type { FieldIssue } from '../../platform/errors.ts'
import { platformError } from '../../platform/errors.ts'
import { newId } from '../../platform/ids.ts'
import { validateCreditCode } from '../../platform/validators/index.ts'
import { credentialCache } from './credential-cache.ts'
import { identityError } from './errors.ts'
import { isBureauAdminOver, regionScope, requireUser } from './policy.ts'
import { regionExists } from './regions.ts'
import type { IdentityTables } from './tables.ts'

const t = (db: Db) => db.withTables<IdentityTables>()

/** Signups one source address may make per hour (successful ones; refused forms do not count). */
export const SIGNUPS_PER_HOUR = 5
const MOBILE_RE = /^1[3-9][0-9]{9}$/

export interface EnterpriseSignup {
  readonly name: string
  readonly creditCode: string
  readonly regionCode: string
  readonly contactName: string
  readonly contactMobile: string
  readonly username: string
  readonly password: string
}

/** 138****5678: the audit trail and any log see the contact's mobile only like this. */
export function maskMobile(mobile: string): string {
  return mobile.length === 11 ? `${mobile.slice(0, 3)}****${mobile.slice(7)}` : '***'
}

function issue(field: string, message: string, messageZh: string): FieldIssue {
  return { field: `body.${field}`, message, messageZh }
}

/** Every problem of the form at once, so the page can mark all fields; the credit code by GB 32100. */
async function formIssues(db: Db, input: EnterpriseSignup): Promise<{ issues: FieldIssue[]; code: string }> {
  const issues: FieldIssue[] = []
  const credit = validateCreditCode(input.creditCode)
  if (!credit.ok) {
    const zh = {
      format: '统一社会信用代码应为 18 位数字或大写字母（不含 I、O、S、V、Z）',
      checksum: '统一社会信用代码校验位不正确，请核对',
      region: '统一社会信用代码中的行政区划码不正确',
    }[credit.reason]
    issues.push(issue('creditCode', credit.reason, zh))
  }
  if (!(await regionExists(db, input.regionCode)))
    issues.push(issue('regionCode', 'unknown region', '行政区划不存在'))
  if (!MOBILE_RE.test(input.contactMobile.trim()))
    issues.push(issue('contactMobile', 'a mainland mobile number', '请填写 11 位手机号'))
  if (!input.name.trim()) issues.push(issue('name', 'is required', '请填写企业名称'))
  if (!input.contactName.trim()) issues.push(issue('contactName', 'is required', '请填写联系人'))
  const p = input.password
  if (p.length < 8 || !/[A-Za-z]/.test(p) || !/\d/.test(p))
    issues.push(
      issue(
        'password',
        'at least 8 characters with letters and digits',
        '密码至少 8 位，须同时包含字母和数字',
      ),
    )
  return { issues, code: credit.ok ? credit.value : '' }
}

async function assertFree(trx: Trx, creditCode: string, name: string, regionCode: string, username: string) {
  const t2 = t(trx)
  if (await t2.selectFrom('orgs').select('id').where('creditCode', '=', creditCode).executeTakeFirst())
    throw identityError('org.credit_code_taken')
  const sameName = await t2
    .selectFrom('orgs')
    .select('id')
    .where('regionCode', '=', regionCode)
    .where('name', '=', name)
    .executeTakeFirst()
  if (sameName) throw identityError('org.name_taken')
  const user = await t2
    .selectFrom('users')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
    .executeTakeFirst()
  if (user) throw identityError('user.username_taken')
}

/** Two signups racing past the checks meet the unique indexes; answer as the checks would have. */
function uniqueViolation(err: unknown): never {
  const e = err as { code?: unknown; constraint?: unknown; message?: unknown }
  if (e?.code !== '23505') throw err
  const where = `${String(e.constraint ?? '')} ${String(e.message ?? '')}`
  if (where.includes('users_username')) throw identityError('user.username_taken')
  if (where.includes('orgs_name_region')) throw identityError('org.name_taken')
  throw identityError('org.credit_code_taken')
}

export async function registerEnterprise(
  db: Db,
  config: Config,
  ctx: RequestContext,
  input: EnterpriseSignup,
  now = new Date(),
): Promise<{ orgId: string; verification: 'pending' }> {
  const { issues, code: creditCode } = await formIssues(db, input)
  if (issues.length) throw identityError('enterprise.invalid', { fields: issues })
  const sourceHash = sm3Hmac(config.secretKey, `enterprise-signup:${ctx.ip ?? 'unknown'}`)
  const name = input.name.trim()
  const username = input.username.trim()
  const mobile = input.contactMobile.trim()
  const passwordHash = await hashPassword(input.password)
  const orgId = newId()
  const userId = newId()
  try {
    await db.transaction().execute(async (trx) => {
      const recent = await t(trx)
        .selectFrom('enterprises')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('sourceHash', '=', sourceHash)
        .where('createdAt', '>', new Date(now.getTime() - 3_600_000))
        .executeTakeFirstOrThrow()
      if (Number(recent.n) >= SIGNUPS_PER_HOUR)
        throw identityError('enterprise.rate_limited', { retryAfter: 3600 })
      await assertFree(trx, creditCode, name, input.regionCode, username)
      await t(trx)
        .insertInto('orgs')
        .values({
          id: orgId,
          name,
          type: 'enterprise',
          regionCode: input.regionCode,
          parentId: null,
          creditCode,
        })
        .execute()
      await t(trx)
        .insertInto('enterprises')
        .values({
          orgId,
          contactName: input.contactName.trim(),
          contactMobile: mobile,
          sourceHash,
          createdAt: now,
        })
        .execute()
      await t(trx)
        .insertInto('users')
        .values({
          id: userId,
          username,
          displayName: input.contactName.trim(),
          orgId,
          roles: ['org_admin'],
          scopeRegionCode: null,
          passwordHash,
        })
        .execute()
      await recordAudit(trx, ctx, {
        action: 'enterprise.register',
        targetType: 'org',
        targetId: orgId,
        orgId,
        regionCode: input.regionCode,
        // The contact's mobile is personal data: the trail keeps it masked.
        details: { name, creditCode, username, userId, contactMobile: maskMobile(mobile) },
      })
    })
  } catch (err) {
    uniqueViolation(err)
  }
  return { orgId, verification: 'pending' }
}

/** A bureau admin whose region subtree covers the enterprise; anyone else gets the same 404 as a missing one. */
async function lockPending(trx: Trx, ctx: RequestContext, orgId: string) {
  const actor = requireUser(ctx.actor)
  if (!regionScope(actor, 'bureau_admin')) throw platformError('auth.forbidden')
  const row = await t(trx)
    .selectFrom('enterprises as e')
    .innerJoin('orgs as o', 'o.id', 'e.orgId')
    .select(['e.orgId', 'e.verification', 'o.regionCode', 'o.name'])
    .where('e.orgId', '=', orgId)
    .forUpdate()
    .executeTakeFirst()
  if (!row || !isBureauAdminOver(actor, row.regionCode)) throw identityError('enterprise.not_found')
  if (row.verification !== 'pending') throw identityError('enterprise.already_decided')
  return { actor, row }
}

export async function decideEnterprise(
  db: Db,
  ctx: RequestContext,
  orgId: string,
  decision: { verified: true } | { verified: false; reason: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { actor, row } = await lockPending(trx, ctx, orgId)
    const reason = decision.verified ? null : decision.reason.trim()
    if (reason !== null && reason.length < 2)
      throw identityError('enterprise.invalid', {
        fields: [issue('reason', 'is required', '请填写不通过的理由')],
      })
    await t(trx)
      .updateTable('enterprises')
      .set({
        verification: decision.verified ? 'verified' : 'rejected',
        rejectReason: reason,
        decidedBy: actor.userId,
        decidedByName: actor.displayName,
        decidedAt: new Date(),
      })
      .where('orgId', '=', orgId)
      .execute()
    await recordAudit(trx, ctx, {
      action: decision.verified ? 'enterprise.verify' : 'enterprise.reject',
      targetType: 'org',
      targetId: orgId,
      orgId,
      regionCode: row.regionCode,
      details: { name: row.name, ...(reason ? { reason } : {}) },
    })
  })
  credentialCache.evictOrg(orgId)
}
