/**
 * Data demands (数据需求): anyone asks publicly for data not yet open, naming the org that should answer (or
 * leaving it to the province bureau). The org replies publicly within DATA_DEMAND_REPLY_WORKING_DAYS working days;
 * a job flags demands left unanswered past the deadline. Submissions are limited per address (keyed hash of the
 * IP, never the IP itself) and contact details are kept only as a keyed hash.
 */
import { recordAudit } from '../../../platform/audit/index.ts'
import { getWorkingCalendar, shanghaiDate } from '../../../platform/calendar/index.ts'
import type { Config } from '../../../platform/config.ts'
import type { RequestContext } from '../../../platform/context.ts'
import { sm3Hmac } from '../../../platform/crypto/index.ts'
import type { Db } from '../../../platform/db/index.ts'
import type { FieldIssue } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { orgFacts, orgSummaries, provinceBureau } from '../../identity/index.ts'
import { portalError } from '../errors.ts'
import { actsFor, BUREAU_DECIDERS, bureauOver } from '../requests/policy.ts'
import { t } from '../tables.ts'

/** Demands one address may file per hour and per day. */
export const DEMANDS_PER_HOUR = 5
export const DEMANDS_PER_DAY = 20

export interface DemandInput {
  readonly title: string
  readonly description: string
  readonly category?: string | undefined
  readonly orgId?: string | undefined
  readonly askerName: string
  readonly contact?: string | undefined
}

const issue = (field: string, message: string, messageZh: string): FieldIssue => ({
  field: `body.${field}`,
  message,
  messageZh,
})

async function checkRate(db: Db, ipHash: string, now: Date): Promise<void> {
  const count = async (ms: number) =>
    Number(
      (
        await t(db)
          .selectFrom('portalDataDemands')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('ipHash', '=', ipHash)
          .where('createdAt', '>', new Date(now.getTime() - ms))
          .executeTakeFirstOrThrow()
      ).n,
    )
  if ((await count(3_600_000)) >= DEMANDS_PER_HOUR || (await count(86_400_000)) >= DEMANDS_PER_DAY)
    throw portalError('data_demand.rate_limited', { retryAfter: 3600 })
}

async function answeringOrg(db: Db, orgId: string | undefined) {
  if (!orgId) {
    const bureau = await provinceBureau(db)
    if (!bureau) throw portalError('data_demand.org_invalid')
    return bureau
  }
  const facts = await orgFacts(db, orgId)
  if (facts?.status !== 'active') throw portalError('data_demand.org_invalid')
  const name = (await orgSummaries(db, [orgId])).get(orgId)?.name ?? ''
  return { id: facts.id, name, regionCode: facts.regionCode }
}

export async function createDemand(
  db: Db,
  config: Config,
  ctx: RequestContext,
  input: DemandInput,
  now = new Date(),
): Promise<string> {
  const issues: FieldIssue[] = []
  if (input.title.trim().length < 4) issues.push(issue('title', 'too short', '标题至少 4 个字'))
  if (input.description.trim().length < 10)
    issues.push(issue('description', 'too short', '请具体描述需要的数据与用途（至少 10 个字）'))
  if (!input.askerName.trim()) issues.push(issue('askerName', 'is required', '请填写称呼'))
  if (issues.length) throw portalError('portal.invalid', { fields: issues })
  const ipHash = sm3Hmac(config.secretKey, `demand-ip:${ctx.ip ?? 'unknown'}`)
  await checkRate(db, ipHash, now)
  const org = await answeringOrg(db, input.orgId)
  const today = shanghaiDate(now)
  const cal = await getWorkingCalendar(db)
  const id = newId()
  await db.transaction().execute(async (trx) => {
    await t(trx)
      .insertInto('portalDataDemands')
      .values({
        id,
        title: input.title.trim(),
        description: input.description.trim(),
        category: input.category?.trim() || null,
        orgId: org.id,
        orgName: org.name,
        regionCode: org.regionCode,
        askerName: input.askerName.trim(),
        contactHash: input.contact?.trim()
          ? sm3Hmac(config.secretKey, `demand-contact:${input.contact.trim()}`)
          : null,
        ipHash,
        status: 'pending',
        createdOn: today,
        replyDue: cal.addWorkingDays(today, config.dataDemandReplyWorkingDays),
        overdueAt: null,
        reply: null,
        repliedAt: null,
        repliedOn: null,
        repliedBy: null,
        repliedOnTime: null,
        createdAt: now,
      })
      .execute()
    await recordAudit(trx, ctx, {
      action: 'data_demand.create',
      targetType: 'data_demand',
      targetId: id,
      orgId: org.id,
      regionCode: org.regionCode,
    })
  })
  return id
}

/** The answering org's stewards and admins, or the bureau over its region, reply once, publicly. */
export async function replyDemand(db: Db, ctx: RequestContext, id: string, reply: string, now = new Date()) {
  const actor = ctx.actor
  const text = reply.trim()
  if (text.length < 4)
    throw portalError('portal.invalid', { fields: [issue('reply', 'too short', '答复至少 4 个字')] })
  await db.transaction().execute(async (trx) => {
    const row = await t(trx)
      .selectFrom('portalDataDemands')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst()
    if (!row) throw portalError('data_demand.not_found')
    if (
      actor.kind !== 'user' ||
      !(actsFor(actor, row.orgId) || bureauOver(actor, row.regionCode, BUREAU_DECIDERS))
    )
      throw portalError('data_demand.forbidden')
    if (row.status !== 'pending') throw portalError('data_demand.already_replied')
    const today = shanghaiDate(now)
    await t(trx)
      .updateTable('portalDataDemands')
      .set({
        status: 'replied',
        reply: text,
        repliedAt: now,
        repliedOn: today,
        repliedBy: actor.userId,
        repliedOnTime: today <= row.replyDue,
      })
      .where('id', '=', id)
      .execute()
    await recordAudit(trx, ctx, {
      action: 'data_demand.reply',
      targetType: 'data_demand',
      targetId: id,
      orgId: row.orgId,
      regionCode: row.regionCode,
      details: { onTime: today <= row.replyDue },
    })
  })
}
