import type { ColumnType, Generated, Selectable } from 'kysely'

export type OrgType = 'bureau' | 'department' | 'operator' | 'other' | 'enterprise'
export type Verification = 'pending' | 'verified' | 'rejected'
export type Status = 'active' | 'disabled'

export interface RegionsTable {
  code: string
  name: string
  level: number
  parentCode: string | null
}

export interface OrgsTable {
  id: string
  name: string
  type: OrgType
  regionCode: string
  parentId: string | null
  creditCode: string | null
  status: Generated<Status>
  createdAt: Generated<Date>
  updatedAt: Generated<Date>
}

export interface UsersTable {
  id: string
  username: string
  displayName: string
  orgId: string
  roles: string[]
  scopeRegionCode: string | null
  passwordHash: string
  mustChangePassword: Generated<boolean>
  status: Generated<Status>
  createdAt: Generated<Date>
  updatedAt: Generated<Date>
  lastLoginAt: Date | null
  passwordChangedAt: Date | null
}

export interface SessionsTable {
  id: string
  tokenHash: string
  userId: string
  csrfToken: string
  createdAt: Generated<Date>
  lastSeenAt: ColumnType<Date, Date | undefined, Date>
  expiresAt: Date
}

export interface LoginFailuresTable {
  id: string
  username: string
  ip: string | null
  failedAt: Generated<Date>
}

export interface AppsTable {
  id: string
  orgId: string
  name: string
  description: string | null
  clientId: string
  secretHash: string
  status: Generated<Status>
  createdBy: string | null
  createdAt: Generated<Date>
  updatedAt: Generated<Date>
  secretRotatedAt: Date | null
  signingKeySealed: ColumnType<string | null, string | null | undefined, string | null>
}

export interface AppTokensTable {
  tokenHash: string
  appId: string
  createdAt: Generated<Date>
  expiresAt: Date
}

/** The verification record of an org of type `enterprise` (0003_enterprises.sql). */
export interface EnterprisesTable {
  orgId: string
  contactName: string
  contactMobile: string
  verification: Generated<Verification>
  rejectReason: string | null
  decidedBy: string | null
  decidedByName: string | null
  decidedAt: Date | null
  sourceHash: string
  createdAt: Generated<Date>
}

/** A type alias, not an interface: Kysely's withTables needs an index-signature-compatible type. */
export type IdentityTables = {
  regions: RegionsTable
  orgs: OrgsTable
  users: UsersTable
  sessions: SessionsTable
  loginFailures: LoginFailuresTable
  apps: AppsTable
  appTokens: AppTokensTable
  enterprises: EnterprisesTable
}

export type RegionRow = Selectable<RegionsTable>
export type OrgRow = Selectable<OrgsTable>
export type UserRow = Selectable<UsersTable>
export type AppRow = Selectable<AppsTable>
