/** Flags data demands left unanswered past their reply deadline (once each, whatever the number of replicas). */
import { recordAudit } from '../../../platform/audit/index.ts'
import { shanghaiDate } from '../../../platform/calendar/index.ts'
import { systemContext } from '../../../platform/context.ts'
import type { Db } from '../../../platform/db/index.ts'
import { t } from '../tables.ts'

export const DEMAND_QUEUE = 'portal.demands.overdue'
export const DEMAND_SCHEDULE = 'portal.demands.overdue.hourly'
export const DEMAND_CRON = '15 * * * *'

export async function flagOverdueDemands(db: Db, now = new Date()): Promise<number> {
  const ctx = systemContext(DEMAND_SCHEDULE)
  return db.transaction().execute(async (trx) => {
    const rows = await t(trx)
      .updateTable('portalDataDemands')
      .set({ overdueAt: now })
      .where('status', '=', 'pending')
      .where('overdueAt', 'is', null)
      .where('replyDue', '<', shanghaiDate(now))
      .returning(['id', 'orgId', 'regionCode', 'replyDue'])
      .execute()
    for (const r of rows) {
      await recordAudit(trx, ctx, {
        action: 'data_demand.overdue',
        targetType: 'data_demand',
        targetId: r.id,
        orgId: r.orgId,
        regionCode: r.regionCode,
        details: { replyDue: r.replyDue },
      })
    }
    return rows.length
  })
}
