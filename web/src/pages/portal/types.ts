export interface OpenResource {
  id: string
  code: string
  name: string
  summary: string
  category: string
  format: string
  openType: 'open' | 'conditional'
  openCondition: string | null
  updateFrequency: string
  orgId: string
  orgName: string
  regionCode: string
  publishedAt: string | null
  lastDataUpdateAt: string | null
}

export interface FacetValue {
  value: string
  label: string
  count: number
}

export interface OpenFacets {
  orgs: FacetValue[]
  regions: FacetValue[]
  openTypes: FacetValue[]
  categories: FacetValue[]
  updateFrequencies: FacetValue[]
}

export interface Usage {
  views: number
  downloads: number
  apiCalls: number
}

export type Cell = string | number | boolean | null

export interface ResourcePage {
  resource: OpenResource
  fields: { code: string; name: string; dataType: string; description: string; masked: boolean }[]
  usage: Usage
  downloadable: boolean
  dataAvailable: boolean
  /** Hosted data: the last load; external PostgreSQL mounts: when the open-data mirror read its source. */
  dataUpdatedAt: string | null
  mirror: { status: MirrorStatus; rows: number | null; refreshedAt: string | null } | null
  unavailableReason: 'portal.data_unavailable' | 'portal.mirror_not_ready' | null
  formats: string[]
  dcatUrl: string
  apiUrl: string
  preview: { rows: Record<string, Cell>[]; masked: string[] }
  chart: {
    field: string
    fieldName: string
    measure: string | null
    measureName: string | null
    sampled: number
    points: { label: string; value: number }[]
  } | null
}

export interface OpenRequest {
  id: string
  resourceCode: string
  resourceName: string
  providerOrgName: string
  developerName: string
  purpose: string
  scenario: string
  delivery: 'sandbox' | 'download'
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn' | 'active' | 'completed'
  createdOn: string
  replyDue: string
  workingDaysLeft: number | null
  overdue: boolean
  escalated: boolean
  decidedAt: string | null
  decidedOnTime: boolean | null
  decisionReason: string | null
  agreementTerms: string | null
  agreementUntil: string | null
  agreementAcceptedAt: string | null
  sandboxScopeId: string | null
  outcomeReport: string | null
  outcomeReportedAt: string | null
  createdAt: string
  actions?: string[]
  history?: {
    action: string
    fromStatus: string | null
    toStatus: string
    actorName: string
    reason: string | null
    at: string
  }[]
}

export interface Demand {
  id: string
  title: string
  description: string
  category: string | null
  orgId: string
  orgName: string
  askerName: string
  status: 'pending' | 'replied'
  createdOn: string
  replyDue: string
  overdue: boolean
  reply: string | null
  repliedOn: string | null
  repliedOnTime: boolean | null
  canReply?: boolean
}

export type MirrorStatus = 'pending' | 'running' | 'ready' | 'failed' | 'too_large'

/** An open-data mirror (开放数据镜像) as the console sees it. */
export interface Mirror {
  resourceId: string
  resourceCode: string
  resourceName: string
  orgId: string
  orgName: string
  status: MirrorStatus
  rows: number | null
  sourceRows: number | null
  rowsCopied: number
  rowsSkipped: number
  progress: number | null
  sourceDigest: string | null
  refreshedAt: string | null
  startedAt: string | null
  finishedAt: string | null
  durationMs: number | null
  error: string | null
  canRefresh: boolean
}
