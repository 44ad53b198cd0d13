/**
 * Escalation: a conditional request still pending after its reply deadline goes to the bureau over the
 * provider's region (it appears in their arbitration box, and the bureau may decide it). Idempotent: each
 * request is escalated once, whatever the number of replicas running the job.
 */
import { recordAudit } from '../../../platform/audit/index.ts'
import { systemContext } from '../../../platform/context.ts'
import { type Db, drainInBatches } from '../../../platform/db/index.ts'
import { t } from '../store.ts'
import { shanghaiDate } from './deadlines.ts'
import { addHistory } from './store.ts'

export const ESCALATE_QUEUE = 'sharing.requests.escalate'
export const ESCALATE_SCHEDULE = 'sharing.requests.escalate.hourly'
export const ESCALATE_CRON = '5 * * * *'

const BATCH = 200

/** Marks every overdue pending request as escalated; returns how many were escalated now. */
export async function escalateOverdue(db: Db, now = new Date()): Promise<number> {
  const today = shanghaiDate(now)
  const ctx = systemContext(ESCALATE_SCHEDULE)
  return drainInBatches(db, BATCH, async (trx) => {
    const rows = await t(trx)
      .selectFrom('shareRequests')
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
        .updateTable('shareRequests')
        .set({ escalatedAt: now, updatedAt: now })
        .where('id', '=', r.id)
        .execute()
      await addHistory(
        trx,
        ctx,
        {
          requestId: r.id,
          action: 'escalate',
          from: 'pending',
          to: 'pending',
          reason: `超过答复期限（${r.replyDue}）未答复，已升级至数据局`,
          details: { replyDue: r.replyDue },
        },
        now,
      )
      await recordAudit(trx, ctx, {
        action: 'sharing.request_escalate',
        targetType: 'share_request',
        targetId: r.id,
        orgId: r.providerOrgId,
        regionCode: r.providerRegionCode,
        details: { replyDue: r.replyDue },
      })
    }
    return rows.length
  })
}
