import type { Db } from '../db/index.ts'

/**
 * Finished jobs are kept for a while for troubleshooting, then removed. Their dedupe keys go with them, which is
 * fine: schedule keys name a time slot that never comes back.
 */
export async function purgeFinishedJobs(db: Db, olderThanDays: number): Promise<number> {
  const cutoff = new Date(Date.now() - olderThanDays * 86_400_000)
  const result = await db
    .deleteFrom('jobs')
    .where('status', 'in', ['done', 'failed'])
    .where('finishedAt', '<', cutoff)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}
