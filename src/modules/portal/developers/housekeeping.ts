/** Expired developer sessions and old sign-in failures are dead weight; a daily job removes them. */
import type { Db } from '../../../platform/db/index.ts'
import { t } from '../tables.ts'

export const PURGE_QUEUE = 'portal.developers.purge'
export const PURGE_SCHEDULE = 'portal.developers.purge.daily'
export const PURGE_CRON = '40 3 * * *'

export async function purgeDeveloperCredentials(db: Db, now = new Date()): Promise<number> {
  const sessions = await t(db)
    .deleteFrom('portalDeveloperSessions')
    .where('expiresAt', '<', now)
    .executeTakeFirst()
  const failures = await t(db)
    .deleteFrom('portalLoginFailures')
    .where('at', '<', new Date(now.getTime() - 86_400_000))
    .executeTakeFirst()
  return Number(sessions.numDeletedRows) + Number(failures.numDeletedRows)
}
