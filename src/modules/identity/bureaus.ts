/**
 * The data bureau serving a region: the active bureau org of the region itself, else of its city, else of the
 * province. Registration uses it to find the registration body (登记机构) of a registrant.
 */
import type { Db } from '../../platform/db/index.ts'
import type { IdentityTables } from './tables.ts'

const t = (db: Db) => db.withTables<IdentityTables>()

export interface BureauFacts {
  readonly id: string
  readonly name: string
  readonly regionCode: string
}

export async function bureauServing(db: Db, regionCode: string): Promise<BureauFacts | null> {
  const candidates = [
    ...new Set([regionCode, `${regionCode.slice(0, 4)}00`, `${regionCode.slice(0, 2)}0000`]),
  ]
  const rows = await t(db)
    .selectFrom('orgs')
    .select(['id', 'name', 'regionCode'])
    .where('type', '=', 'bureau')
    .where('status', '=', 'active')
    .where('regionCode', 'in', candidates)
    .orderBy('createdAt')
    .orderBy('id')
    .execute()
  for (const code of candidates) {
    const found = rows.find((r) => r.regionCode === code)
    if (found) return found
  }
  return null
}
