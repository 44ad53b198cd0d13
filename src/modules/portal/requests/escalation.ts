/**
 * Escalation: an open request still pending after its reply deadline goes to the bureau over the provider's
 * region, which may then decide it. Idempotent: each request is escalated once, whatever the number of replicas
 * running the job.
 */
import { recordAudit } from '../../../platform/audit/index.ts'
import { shanghaiDate } from '../../../platform/calendar/index.ts'
import { systemContext } from '../../../platform/context.ts'
import { type Db, drainInBatches } from '../../../platform/db/index.ts'
import { t } from '../tables.ts'
import { addHistory } from './service.ts'

export const ESCALATE_QUEUE = 'portal.open_requests.escalate'
export const ESCALATE_SCHEDULE = 'portal.open_requests.escalate.hourly'
export const ESCALATE_CRON = '10 * * * *'

const BATCH = 200

export async function escalateOverdueRequests(db: Db, now = new Date()): Promise<number> {
  const today = shanghaiDate(now)
  const ctx = systemContext(ESCALATE_SCHEDULE)
  return drainInBatches(db, BATCH, async (trx) => {
    const rows = await t(trx)
      .selectFrom('portalOpenRequests')
      .select(['id', 'providerOrgId', 'providerRegionCode', 'replyDue'])
      .where('status', '=', 'pending')
      .where('escalatedAt', 'is', null)
      .where('replyDue', '<', today)
      .orderBy('replyDue')
      .orderBy('id')
      .limit(BATCH)
      .forUpdate()
      .skipLocked()
      .execute()
    for (const r of rows) {
      await t(trx)
        .updateTable('portalOpenRequests')
        .set({ escalatedAt: now, updatedAt: now })
        .where('id', '=', r.id)
        .execute()
      await addHistory(
        trx,
        {
          requestId: r.id,
          action: 'escalate',
          from: 'pending',
          to: 'pending',
          actorName: '系统',
          reason: `超过答复期限（${r.replyDue}）未答复，已升级至数据局`,
        },
        now,
      )
      await recordAudit(trx, ctx, {
        action: 'open_request.escalate',
        targetType: 'open_request',
        targetId: r.id,
        orgId: r.providerOrgId,
        regionCode: r.providerRegionCode,
        details: { replyDue: r.replyDue },
      })
    }
    return rows.length
  })
}
