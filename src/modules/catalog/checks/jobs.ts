import type { Db } from '../../../platform/db/index.ts'
import type { JobRunner } from '../../../platform/jobs/index.ts'

/** Background work of the catalog (nightly catalog checks); called once at start by the app's job runner. */
export async function registerCatalogJobs(runner: JobRunner, db: Db): Promise<void> {
  void runner
  void db
}
