/**
 * Escalation: an open ticket past its working-day deadline goes to the bureau over the provider's region (it
 * appears in their "escalated" box). Idempotent: each overdue period is escalated once, whatever the number of
 * replicas running the job; a reopened ticket gets a fresh deadline and may escalate again.
 */
import { recordAudit } from '../../../../platform/audit/index.ts'
import { shanghaiDate } from '../../../../platform/calendar/index.ts'
import { systemContext } from '../../../../platform/context.ts'
import { type Db, drainInBatches } from '../../../../platform/db/index.ts'
import { q } from '../store.ts'
import { addEvent } from './store.ts'

export const ESCALATE_QUEUE = 'governance.rectification.escalate'
export const ESCALATE_SCHEDULE = 'governance.rectification.escalate.hourly'
export const ESCALATE_CRON = '15 * * * *'
const BATCH = 200

export async function escalateOverdueTickets(db: Db, now = new Date()): Promise<number> {
  const today = shanghaiDate(now)
  const ctx = systemContext(ESCALATE_SCHEDULE)
  return drainInBatches(db, BATCH, async (trx) => {
    const rows = await q(trx)
      .selectFrom('rectificationTickets')
      .select(['id', 'providerOrgId', 'providerRegionCode', 'dueDate'])
      .where('status', '=', 'open')
      .where('escalatedAt', 'is', null)
      .where('dueDate', '<', today)
      .orderBy('dueDate')
      .orderBy('id')
      .limit(BATCH)
      .forUpdate()
      .skipLocked()
      .execute()
    for (const r of rows) {
      await q(trx)
        .updateTable('rectificationTickets')
        .set({ escalatedAt: now, updatedAt: now })
        .where('id', '=', r.id)
        .execute()
      const note = `超过整改期限（${r.dueDate}）未答复，已升级至数据局`
      await addEvent(trx, ctx, { ticketId: r.id, action: 'escalate', from: 'open', to: 'open', note }, now)
      await recordAudit(trx, ctx, {
        action: 'rectification.escalate',
        targetType: 'rectification_ticket',
        targetId: r.id,
        orgId: r.providerOrgId,
        regionCode: r.providerRegionCode,
        details: { dueDate: r.dueDate },
      })
    }
    return rows.length
  })
}
