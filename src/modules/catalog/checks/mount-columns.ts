import type { Db } from '../../../platform/db/index.ts'

/**
 * The columns of each mounted resource's real data, by resource id (lower-case column names). The mount module
 * provides it when it is loaded (`provideMountColumns(fn)`); until then the `mount_columns_mismatch` check is
 * skipped, so the checks never depend on the mount tables directly.
 */
export type MountColumnsProvider = (
  db: Db,
  resourceIds: readonly string[],
) => Promise<ReadonlyMap<string, readonly string[]>>

let provider: MountColumnsProvider | null = null

export function provideMountColumns(fn: MountColumnsProvider | null): void {
  provider = fn
}

export function mountColumnsProvider(): MountColumnsProvider | null {
  return provider
}
