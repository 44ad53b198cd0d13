export type Role = 'bureau_admin' | 'org_admin' | 'data_steward' | 'reviewer' | 'auditor' | 'operator_staff'

export type Status = 'active' | 'disabled'

export interface User {
  id: string
  username: string
  displayName: string
  orgId: string
  orgName: string
  roles: Role[]
  scopeRegionCode: string | null
  status: Status
  mustChangePassword: boolean
  createdAt: string
  lastLoginAt: string | null
}

export interface Region {
  code: string
  name: string
  level: 1 | 2 | 3
  parentCode: string | null
  hasChildren: boolean
}

export interface RegionWithPath extends Region {
  path: Region[]
}

export type OrgType = 'bureau' | 'department' | 'operator' | 'other'

export interface Org {
  id: string
  name: string
  type: OrgType
  regionCode: string
  regionName: string
  parentId: string | null
  parentName: string | null
  creditCode: string | null
  status: Status
  createdAt: string
  updatedAt: string
}

export interface OrgTreeNode extends Org {
  children: OrgTreeNode[]
}

export interface ApiApp {
  id: string
  orgId: string
  orgName: string
  name: string
  description: string | null
  clientId: string
  status: Status
  createdAt: string
  secretRotatedAt: string | null
}

export interface AuditEvent {
  id: string
  seq: number
  occurredAt: string
  actorType: string
  actorId: string | null
  actorName: string | null
  orgId: string | null
  regionCode: string | null
  action: string
  targetType: string | null
  targetId: string | null
  purpose: string | null
  requestId: string | null
  ip: string | null
  outcome: string
  details: Record<string, unknown>
}

export interface AuditVerifyResult {
  ok: boolean
  checked: number
  firstBrokenId: string | null
}

export interface CalendarYear {
  year: number
  source: string
  loadedAt: string
  holidays: number
  adjustedWorkdays: number
}

export interface Page<T> {
  items: T[]
  total: number
  page: number
  pageSize: number
}

export interface ItemList<T> {
  items: T[]
}

export interface FieldProblem {
  field: string
  message: string
}

export interface Problem {
  type: string
  title: string
  status: number
  detail?: string
  code: string
  errors?: FieldProblem[]
  requestId?: string
}
