import type { ExchangeTables } from './exchange/tables.ts'
import type { GatewayTables } from './gateway/tables.ts'
import type { GrantsTable } from './grants-table.ts'
import type { RequestsTables } from './requests/tables.ts'

export type SharingTables = { grants: GrantsTable } & RequestsTables & GatewayTables & ExchangeTables
