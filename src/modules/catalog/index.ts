import { fileURLToPath } from 'node:url'
import type { MigrationSource } from '../../platform/db/index.ts'

export {
  type DataSource,
  dataSourceOf,
  resourceForSharing,
  type SharedField,
  type SharedResource,
} from './access.ts'
export { registerCatalogJobs } from './checks/jobs.ts'
export { catalogError } from './errors.ts'
export { type GradingFacts, gradingFacts, setFieldGrades } from './grades.ts'
export { transition } from './lifecycle.ts'
export { type CatalogView, listResources, type ResourceQuery } from './listing.ts'
export { withExternalClient } from './mount/external.ts'
export {
  type MaskKind,
  type MaskOptions,
  maskKind,
  maskResourceRows,
  maskRows,
  maskValue,
} from './mount/masking.ts'
export { type ExternalSnapshotSource, externalSnapshotDigest } from './mount/snapshot.ts'
export {
  newestOpenResources,
  type OpenField,
  type OpenResource,
  type OpenResourceDetail,
  openResource,
  openResourcesByIds,
} from './open-catalog.ts'
export { type OperationFacts, operationFactsOf } from './operation-facts.ts'
export { canEditFor, canRead, canReviewIn } from './policy.ts'
export { fieldLengths, type QualityFacts, qualityFacts, resourcesLoadedSince } from './quality-facts.ts'
export {
  createResource,
  type Field,
  getResource,
  insertDraft,
  patchDraft,
  type Resource,
  type ResourceDetail,
  readableResource,
  updateResource,
} from './resources.ts'
export { catalogRoutes } from './routes.ts'
export type { CatalogTables } from './tables.ts'
export { type FieldInput, type ResourceInput, resourceIssues } from './validate.ts'
export { diffSnapshots } from './versions.ts'
export * from './vocabulary.ts'

export const catalogMigrations: MigrationSource = {
  module: 'catalog',
  dir: fileURLToPath(new URL('./migrations', import.meta.url)),
}
