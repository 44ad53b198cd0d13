import type { ColumnType, Generated, Selectable } from 'kysely'
import type { JsonObject } from '../../platform/db/index.ts'

export type DeliveryMode = 'api' | 'batch' | 'file'
export type GrantStatus = 'active' | 'suspended' | 'revoked'

/** Only the rows whose `field` holds a region code inside `regionCode` (回流 / 直达基层, row-level scope). */
export interface RowScope {
  readonly field: string
  readonly regionCode: string
}

export interface GrantsTable {
  id: string
  requestId: string | null
  appId: string
  consumerOrgId: string
  consumerRegionCode: string
  resourceId: string
  resourceCode: string
  providerOrgId: string
  providerRegionCode: string
  fields: ColumnType<string[], string[], string[]>
  purpose: string
  scenario: string | null
  deliveryMode: DeliveryMode
  validFrom: ColumnType<Date, Date | undefined, Date>
  validUntil: Date
  rowScope: ColumnType<JsonObject | null, string | null, string | null>
  quotaPerDay: number | null
  ratePerSecond: number | null
  status: Generated<GrantStatus>
  statusReason: string | null
  statusChangedAt: Date | null
  statusChangedBy: string | null
  createdBy: string | null
  createdAt: Generated<Date>
  updatedAt: Generated<Date>
}

export type GrantRow = Selectable<GrantsTable>
