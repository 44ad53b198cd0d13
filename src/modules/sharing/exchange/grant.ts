/** The grants an exchange job rests on: read-only here (the requests part issues and changes them). */
import type { Db } from '../../../platform/db/index.ts'
import type { GrantRow, RowScope } from '../grants-table.ts'
import { t } from '../store.ts'
import { exchangeError } from './errors.ts'

export async function grantById(db: Db, id: string): Promise<GrantRow | undefined> {
  return t(db).selectFrom('grants').selectAll().where('id', '=', id).executeTakeFirst()
}

export function grantInForce(grant: GrantRow, now = new Date()): boolean {
  return (
    grant.status === 'active' &&
    grant.validFrom.getTime() <= now.getTime() &&
    grant.validUntil.getTime() > now.getTime()
  )
}

export function assertInForce(grant: GrantRow): void {
  if (grantInForce(grant)) return
  const why =
    grant.status !== 'active'
      ? { zh: grant.status === 'suspended' ? '授权已暂停' : '授权已撤销', en: `the grant is ${grant.status}` }
      : grant.validUntil.getTime() <= Date.now()
        ? { zh: '授权已过期', en: 'the grant has expired' }
        : { zh: '授权尚未生效', en: 'the grant is not yet valid' }
  throw exchangeError('exchange.grant_inactive', { detail: why, extra: { grantStatus: grant.status } })
}

export function grantScope(grant: GrantRow): RowScope | null {
  const s = grant.rowScope as { field?: unknown; regionCode?: unknown } | null
  if (!s || typeof s.field !== 'string' || typeof s.regionCode !== 'string') return null
  return { field: s.field, regionCode: s.regionCode }
}

export const isBatchGrant = (grant: GrantRow) =>
  grant.deliveryMode === 'batch' || grant.deliveryMode === 'file'
