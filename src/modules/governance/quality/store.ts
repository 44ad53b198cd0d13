import type { Db } from '../../../platform/db/index.ts'
import type { QualityTables } from './tables.ts'

export const q = (db: Db) => db.withTables<QualityTables>()
