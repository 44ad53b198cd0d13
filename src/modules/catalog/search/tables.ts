import type { Generated } from 'kysely'
import type { CatalogTables } from '../tables.ts'
import type { Category, OpenType, ResourceStatus, ShareType, UpdateFrequency } from '../vocabulary.ts'

/** Search row of a resource; everything after indexedAt mirrors resources (kept by triggers, migration 0002). */
export interface ResourceSearchTable {
  resourceId: string
  /** tsvector; written as text and cast in SQL. */
  document: Generated<string>
  stale: Generated<boolean>
  generation: Generated<number>
  indexedAt: Date | null
  orgId: string
  regionCode: string
  status: ResourceStatus
  category: Category
  shareType: ShareType
  openType: OpenType
  operable: boolean
  updateFrequency: UpdateFrequency
  name: string
  code: string
  updatedAt: Date
}

export interface ResourceSearchTermsTable {
  term: string
  reversed: string
  /** Documents the indexer wrote with this word (migration 0006); 0 for words known from before it. */
  occurrences: Generated<number>
}

/** Catalog tables plus the search side tables of migration 0002. */
export type SearchTables = CatalogTables & {
  resourceSearch: ResourceSearchTable
  resourceSearchTerms: ResourceSearchTermsTable
}
