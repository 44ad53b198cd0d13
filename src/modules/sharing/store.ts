import type { Db } from '../../platform/db/index.ts'
import type { SharingTables } from './tables.ts'

export const t = (db: Db) => db.withTables<SharingTables>()
