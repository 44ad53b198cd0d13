import type { ColumnType, Generated, Selectable } from 'kysely'
import type { Db, Json } from '../../platform/db/index.ts'

export type ScopeKind = 'operation_project' | 'open_application'
export type QueryStatus = 'done' | 'refused' | 'pending' | 'rejected'
type Numeric = ColumnType<string, string | number, string | number>

export interface SandboxScopesTable {
  id: string
  kind: ScopeKind
  refId: string
  label: string
  resourceIds: ColumnType<string[], string[], string[]>
  memberOrgIds: ColumnType<string[], string[] | undefined, string[]>
  epsilonBudget: ColumnType<string | null, string | number | null, string | number | null>
  epsilonSpent: ColumnType<string, string | number | undefined, string | number>
  requiresApproval: ColumnType<boolean, boolean | undefined, boolean>
  approverOrgId: string | null
  expiresAt: Date | null
  status: Generated<'active' | 'closed'>
  createdAt: Generated<Date>
  updatedAt: Generated<Date>
}

export interface SandboxQueriesTable {
  id: string
  scopeId: string
  actorKind: 'user' | 'developer'
  actorId: string
  actorName: string
  sqlText: string
  shape: string | null
  filters: ColumnType<string[], string[] | undefined, string[]>
  epsilon: Numeric | null
  status: QueryStatus
  errorCode: string | null
  rowCount: number | null
  suppressedGroups: number | null
  result: ColumnType<Json | null, string | null, string | null>
  decidedBy: string | null
  decidedAt: Date | null
  createdAt: Generated<Date>
}

export type SandboxTables = {
  sandboxScopes: SandboxScopesTable
  sandboxQueries: SandboxQueriesTable
}

export type ScopeRow = Selectable<SandboxScopesTable>
export type QueryRow = Selectable<SandboxQueriesTable>

export const t = (db: Db) => db.withTables<SandboxTables>()
