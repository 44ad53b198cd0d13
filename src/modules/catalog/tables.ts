import type { ColumnType, Generated, Selectable } from 'kysely'
import type { JsonObject } from '../../platform/db/index.ts'
import type {
  Category,
  FieldDataType,
  FieldGrade,
  MountStatus,
  OpenType,
  ResourceFormat,
  ResourceStatus,
  ShareType,
  UpdateFrequency,
} from './vocabulary.ts'

export interface CodeCountersTable {
  classCode: string
  lastSeq: number
}

export interface ResourcesTable {
  id: string
  orgId: string
  regionCode: string
  code: string
  name: string
  summary: Generated<string>
  category: Category
  classCode: string
  className: Generated<string>
  format: ResourceFormat
  shareType: ShareType
  shareCondition: string | null
  shareMethod: string | null
  openType: OpenType
  openCondition: string | null
  operable: Generated<boolean>
  updateFrequency: UpdateFrequency
  publishDate: string | null
  relatedCodes: ColumnType<string[], string[] | undefined, string[]>
  sourceOrgId: string | null
  status: Generated<ResourceStatus>
  returnReason: string | null
  version: Generated<number>
  mountStatus: Generated<MountStatus>
  lastDataUpdateAt: Date | null
  createdBy: string | null
  createdAt: Generated<Date>
  updatedAt: Generated<Date>
  submittedAt: Date | null
  publishedAt: Date | null
}

export interface ResourceFieldsTable {
  id: string
  resourceId: string
  position: number
  name: string
  code: string
  dataType: FieldDataType
  length: number | null
  description: Generated<string>
  isKey: Generated<boolean>
  grade: FieldGrade | null
  elementCode: string | null
  authoritative: Generated<boolean>
}

export interface ResourceVersionsTable {
  resourceId: string
  version: number
  snapshot: ColumnType<JsonObject, string, never>
  publishedBy: string | null
  publishedAt: Generated<Date>
}

/** A type alias, not an interface: Kysely's withTables needs an index-signature-compatible type. */
export type CatalogTables = {
  catalogCodeCounters: CodeCountersTable
  resources: ResourcesTable
  resourceFields: ResourceFieldsTable
  resourceVersions: ResourceVersionsTable
}

export type ResourceRow = Selectable<ResourcesTable>
export type FieldRow = Selectable<ResourceFieldsTable>
