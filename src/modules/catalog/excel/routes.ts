import type { Db } from '../../../platform/db/index.ts'
import type { AppInstance } from '../../../platform/http/index.ts'

/** Routes of this catalog area; registered by catalogRoutes. */
export async function excelRoutes(app: AppInstance, deps: { db: Db; secretKey: Buffer }): Promise<void> {
  void app
  void deps
}
