export type Role = 'bureau_admin' | 'org_admin' | 'data_steward' | 'reviewer' | 'auditor' | 'operator_staff'

export type Status = 'active' | 'disabled'

export interface User {
  id: string
  username: string
  displayName: string
  orgId: string
  orgName: string
  /** `enterprise`: a registered company (external buyer); the console shows it only the buyer's pages. */
  orgType: OrgType
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

export type OrgType = 'bureau' | 'department' | 'operator' | 'other' | 'enterprise'

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

// ---- Catalog (数据资源目录) ----

export type CatalogCategory = 'base' | 'theme' | 'department'
export type ResourceFormat =
  | 'file'
  | 'spreadsheet'
  | 'database'
  | 'image'
  | 'stream'
  | 'self_describing'
  | 'api'
export type ShareType = 'unconditional' | 'conditional' | 'none'
export type OpenType = 'open' | 'conditional' | 'closed'
export type UpdateFrequency =
  | 'realtime'
  | 'daily'
  | 'weekly'
  | 'monthly'
  | 'quarterly'
  | 'half_yearly'
  | 'yearly'
  | 'irregular'
export type FieldDataType = 'string' | 'integer' | 'decimal' | 'date' | 'datetime' | 'boolean' | 'binary'
export type FieldGrade = 'core' | 'important' | 'general_4' | 'general_3' | 'general_2' | 'general_1'
export type ResourceStatus = 'draft' | 'submitted' | 'returned' | 'published' | 'retired'
export type MountStatus = 'unmounted' | 'mounted' | 'error'
export type CatalogView = 'share' | 'open' | 'operation'

export interface ResourceField {
  id: string
  position: number
  name: string
  code: string
  dataType: FieldDataType
  length: number | null
  description: string
  isKey: boolean
  grade: FieldGrade | null
  elementCode: string | null
  authoritative: boolean
}

/** Marked-up snippets of a search hit: `<em>` around matches, everything else HTML-escaped. */
export interface ResourceHighlights {
  name?: string
  summary?: string
  fields?: string[]
}

export interface Resource {
  id: string
  code: string
  name: string
  summary: string
  category: CatalogCategory
  classCode: string
  className: string
  orgId: string
  orgName: string
  orgCreditCode: string | null
  regionCode: string
  format: ResourceFormat
  shareType: ShareType
  shareCondition: string | null
  shareMethod: string | null
  openType: OpenType
  openCondition: string | null
  operable: boolean
  updateFrequency: UpdateFrequency
  publishDate: string | null
  relatedCodes: string[]
  sourceOrgId: string | null
  sourceOrgName: string | null
  status: ResourceStatus
  returnReason: string | null
  version: number
  mountStatus: MountStatus
  lastDataUpdateAt: string | null
  fieldCount: number
  createdAt: string
  updatedAt: string
  submittedAt: string | null
  publishedAt: string | null
  highlights?: ResourceHighlights
}

export interface ResourceDetail extends Resource {
  fields: ResourceField[]
}

export interface FieldInput {
  name: string
  code: string
  dataType: FieldDataType
  length?: number | null
  description?: string
  isKey?: boolean
  elementCode?: string | null
  authoritative?: boolean
}

export interface ResourceInput {
  orgId?: string
  code?: string
  name: string
  summary?: string
  category: CatalogCategory
  classCode: string
  className?: string
  format: ResourceFormat
  shareType: ShareType
  shareCondition?: string | null
  shareMethod?: string | null
  openType: OpenType
  openCondition?: string | null
  operable?: boolean
  updateFrequency: UpdateFrequency
  publishDate?: string | null
  relatedCodes?: string[]
  sourceOrgId?: string | null
  fields?: FieldInput[]
}

export interface FacetBucket {
  value: string
  label: string
  count: number
}

export interface CatalogFacets {
  orgs?: FacetBucket[]
  regions?: FacetBucket[]
  shareTypes?: FacetBucket[]
  openTypes?: FacetBucket[]
  categories?: FacetBucket[]
  updateFrequencies?: FacetBucket[]
}

export interface ResourcePage extends Page<Resource> {
  facets?: CatalogFacets
  /** False when total and facet counts are estimates (broad searches). */
  totalExact?: boolean
}

export interface ResourceVersion {
  version: number
  publishedAt: string
  publishedBy: string | null
  name: string
  fieldCount: number
}

export interface VersionChange {
  path: string
  kind: 'added' | 'removed' | 'changed'
  before: unknown
  after: unknown
}

export interface VersionDiff {
  from: number
  to: number
  changes: VersionChange[]
}

export interface ImportProblem {
  sheet: string | null
  /** 1-based spreadsheet row; null for a problem with the whole file or sheet. */
  row: number | null
  /** Column letter, e.g. "I". */
  column: string | null
  /** The header the problem concerns, as the template names it. */
  header?: string | null
  message: string
}

export interface ImportedResource {
  sheet?: string
  row: number
  id: string | null
  code: string | null
  name: string
  action: 'created' | 'updated' | 'skipped' | string
}

export interface ImportReport {
  orgId?: string
  mode?: ImportMode
  dryRun?: boolean
  /** True when all-or-nothing refused the file: nothing was (or would be) written. */
  rejected?: boolean
  created: number
  updated: number
  skipped: number
  problems: ImportProblem[]
  resources: ImportedResource[]
}

export type ImportMode = 'allOrNothing' | 'skipInvalid'

export interface MountLoadProblem {
  row: number
  column: string | null
  message: string
  messageZh: string
}

export interface MountLoad {
  id: string
  format: 'csv' | 'xlsx' | 'jsonl'
  status: 'running' | 'succeeded' | 'failed'
  rowsRead: number
  rowsLoaded: number
  rowsRejected: number
  error: string | null
  problems: MountLoadProblem[]
  startedAt: string
  updatedAt: string
  finishedAt: string | null
}

export interface MountInfo {
  resourceId?: string
  kind: 'datastore' | 'postgres' | 'http' | null
  status: MountStatus
  /** Connection settings without secrets. */
  config: Record<string, unknown> | null
  rowCount: number | null
  lastLoadedAt: string | null
  lastDataUpdateAt?: string | null
  error: string | null
  updatedAt?: string | null
  lastLoad?: MountLoad | null
}

export interface PreviewColumn {
  code: string
  name: string
  dataType: FieldDataType
}

export interface ResourcePreview {
  columns: PreviewColumn[]
  rows: Record<string, unknown>[]
  masked: string[]
}

export type CheckSeverity = 'error' | 'warning' | 'info'

export interface CheckResult {
  id?: string
  resourceId: string
  resourceCode?: string
  resourceName: string
  resourceStatus?: ResourceStatus
  orgId: string
  orgName: string
  regionCode?: string
  check: string
  /** Chinese label of the check (older servers sent `label`). */
  checkLabel?: string
  label?: string
  severity: CheckSeverity
  /** Chinese message (older servers sent `message`). */
  messageZh?: string
  message?: string
  checkedAt?: string
}

export interface CheckRun {
  id: string
  trigger: 'manual' | 'nightly'
  regionPrefix: string
  orgId: string | null
  startedAt: string
  finishedAt: string | null
  resourceCount: number
  issueCount: number
  byCheck: Record<string, number>
}

export interface OrgCheckScore {
  orgId: string
  orgName: string
  regionCode: string
  resourceCount: number
  errorCount: number
  warningCount: number
  infoCount: number
  score: number
  runId: string
  computedAt: string
}

export interface LedgerCounts {
  resources: number
  fields: number
  published: number
  publishedPct: number
  mounted: number
  mountedPct: number
  byShareType: Record<ShareType, number>
  byOpenType: Record<OpenType, number>
  byCategory: Record<CatalogCategory, number>
}

export interface LedgerOrg extends LedgerCounts {
  orgId: string
  orgName: string
  regionCode: string
}

export interface LedgerRegion extends LedgerCounts {
  regionCode: string
  orgCount: number
}

export interface Ledger {
  orgs: LedgerOrg[]
  regions: LedgerRegion[]
  total: LedgerCounts & { orgCount: number }
}
