import { systemContext } from '../../../platform/context.ts'
import type { Db } from '../../../platform/db/index.ts'
import type { JobRunner } from '../../../platform/jobs/index.ts'
import { refreshStaleSearchIndex, SEARCH_INDEX_QUEUE } from '../search/indexer.ts'
import { runChecks } from './service.ts'

export const CHECKS_QUEUE = 'catalog.checks'
export const CHECKS_SCHEDULE = 'catalog.checks.nightly'
/** 02:30 Beijing time: after the day's edits, before housekeeping at 03:15. */
export const CHECKS_CRON = '30 2 * * *'

/** Background work of the catalog (nightly catalog checks); called once at start by the app's job runner. */
export async function registerCatalogJobs(runner: JobRunner, db: Db): Promise<void> {
  void db
  // The whole deployment in one run: duplicate codes and 一数一源 are province-wide questions anyway.
  runner.handle(CHECKS_QUEUE, async (_job, handle) => {
    await runChecks(handle, systemContext(CHECKS_SCHEDULE), { regionPrefix: '', orgId: null }, 'nightly')
  })
  await runner.schedule(CHECKS_SCHEDULE, CHECKS_CRON, CHECKS_QUEUE)
  runner.handle(SEARCH_INDEX_QUEUE, async (_job, handle) => {
    // Each call works for a bounded time; a bulk import of 10,000 resources takes a few rounds.
    for (let round = 0; round < 1000; round++) {
      if ((await refreshStaleSearchIndex(handle, 5_000)) === 0) break
    }
  })
  await runner.schedule('catalog.search_index.sweep', '*/5 * * * *', SEARCH_INDEX_QUEUE)
}
