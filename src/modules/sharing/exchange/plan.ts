/**
 * What one run delivers, decided when it first starts and stored with the run, so a run resumed after a crash
 * reads exactly the same rows in the same order:
 *
 * - columns: the job's fields (all granted, in the resource's field order), each treated as the gateway treats it
 *   (gateway/masking.ts: core fields redacted, important personal fields masked, other personal fields clear only
 *   under a grant the provider reviewed);
 * - order: the resource's key fields, ascending with NULLs first; without key fields, the delivered columns. A
 *   chunk always ends at the end of a key value (rows sharing the last key come along), so no key is split;
 * - row scope: the grant's (narrowed by the job's), rows whose region field starts with the region's prefix;
 * - incremental window: watermark above the job's last delivered value and at most the largest value seen at
 *   start; rows changed later fall into the next run.
 */
import type { Json } from '../../../platform/db/index.ts'
import { DEFAULT_MASKING_RULES, type MaskingRules } from '../../../platform/masking/index.ts'
import { regionPrefix } from '../../../platform/validators/index.ts'
import type { FieldDataType, SharedField, SharedResource } from '../../catalog/index.ts'
import type { ScanColumn, ScanFilter, ScanSpec } from '../../datastore/index.ts'
import { reviewedGrant, type Treatment, treatmentOf } from '../gateway/masking.ts'
import type { GrantRow, RowScope } from '../grants-table.ts'
import type { FileFormat, JobRow } from './tables.ts'

export interface PlanColumn {
  readonly code: string
  readonly name: string
  readonly dataType: FieldDataType
  /** The column's name in the source table (external tables may differ from the field code). */
  readonly source: string
  readonly mask: Treatment | null
}

export interface PlanKey {
  readonly code: string
  readonly dataType: FieldDataType
  readonly source: string
}

export type PlanTarget =
  | { readonly kind: 'postgres'; readonly schema: string; readonly table: string }
  | { readonly kind: 'file'; readonly format: FileFormat }

export interface RunPlan {
  readonly sourceKind: 'datastore' | 'postgres'
  readonly mode: 'full' | 'incremental'
  readonly columns: readonly PlanColumn[]
  readonly order: readonly PlanKey[]
  /** Key fields when every one is delivered in clear: an incremental run replaces target rows by them. */
  readonly upsertKeys: readonly string[]
  readonly scope: (PlanKey & { readonly regionCode: string; readonly prefix: string }) | null
  readonly watermark: PlanKey | null
  readonly above: string | null
  readonly upTo: string | null
  readonly includeNull: boolean
  readonly chunkSize: number
  readonly target: PlanTarget
}

/** How a delivered field is shown: the gateway's rule, so an API call and a batch agree. */
export function maskFor(
  field: SharedField,
  resource: { shareType: string },
  grant: Pick<GrantRow, 'requestId'>,
  rules: MaskingRules = DEFAULT_MASKING_RULES,
) {
  return treatmentOf(field, reviewedGrant(resource, grant), rules)
}

/** The grant's row scope, narrowed by the job's region when it sets one. */
export function effectiveScope(
  grantScope: RowScope | null,
  job: Pick<JobRow, 'regionField' | 'regionCode'>,
): RowScope | null {
  if (job.regionCode && job.regionField) return { field: job.regionField, regionCode: job.regionCode }
  return grantScope
}

export function buildPlan(
  job: JobRow,
  grant: Pick<GrantRow, 'requestId'>,
  grantScope: RowScope | null,
  resource: SharedResource,
  source: { kind: 'datastore' | 'postgres'; columns: Readonly<Record<string, string>> },
  rules: MaskingRules = DEFAULT_MASKING_RULES,
): RunPlan {
  const byCode = new Map(resource.fields.map((f) => [f.code, f]))
  const sourceOf = (code: string) => source.columns[code] ?? code
  const key = (code: string): PlanKey => {
    const f = byCode.get(code)
    if (!f) throw new Error(`exchange plan: unknown field ${code}`)
    return { code, dataType: f.dataType, source: sourceOf(code) }
  }
  const wanted = new Set(job.fields)
  const columns: PlanColumn[] = resource.fields
    .filter((f) => wanted.has(f.code))
    .map((f) => ({
      code: f.code,
      name: f.name,
      dataType: f.dataType,
      source: sourceOf(f.code),
      mask: maskFor(f, resource, grant, rules),
    }))
  const keyFields = resource.fields.filter((f) => f.isKey).map((f) => f.code)
  const order = keyFields.length ? keyFields.map(key) : columns.map((c) => key(c.code))
  const scope = effectiveScope(grantScope, job)
  return {
    sourceKind: source.kind,
    mode: job.mode,
    columns,
    order,
    upsertKeys:
      keyFields.length && keyFields.every((k) => columns.some((c) => c.code === k && c.mask === null))
        ? keyFields
        : [],
    scope: scope
      ? { ...key(scope.field), regionCode: scope.regionCode, prefix: regionPrefix(scope.regionCode) }
      : null,
    watermark: job.mode === 'incremental' && job.watermarkField ? key(job.watermarkField) : null,
    above: job.mode === 'incremental' ? job.lastWatermark : null,
    upTo: null,
    includeNull: job.mode === 'incremental' && job.lastWatermark === null,
    chunkSize: job.chunkSize,
    target:
      job.targetKind === 'postgres'
        ? { kind: 'postgres', schema: job.targetSchema ?? 'public', table: job.targetTable ?? '' }
        : { kind: 'file', format: job.fileFormat ?? 'csv' },
  }
}

const scanColumn = (k: PlanKey): ScanColumn => ({ name: k.source, dataType: k.dataType })

/**
 * The scan of a plan. `window` false leaves out the incremental upper bound (used to find it); with no upper
 * bound found (no watermark values at all) a first run takes every row and a later run takes none.
 */
export function scanSpec(plan: RunPlan, window = true): ScanSpec {
  const filter: {
    prefix?: ScanFilter['prefix']
    above?: ScanFilter['above']
    upTo?: ScanFilter['upTo']
  } = {}
  if (plan.scope) filter.prefix = { column: scanColumn(plan.scope), prefix: plan.scope.prefix }
  if (plan.watermark && plan.above !== null)
    filter.above = { column: scanColumn(plan.watermark), value: plan.above }
  if (window && plan.watermark && plan.upTo !== null)
    filter.upTo = { column: scanColumn(plan.watermark), value: plan.upTo, includeNull: plan.includeNull }
  return { columns: plan.columns.map(scanColumn), order: plan.order.map(scanColumn), filter }
}

/** True when an incremental run has nothing to deliver (a later run with no new watermark values). */
export function emptyWindow(plan: RunPlan): boolean {
  return plan.watermark !== null && plan.above !== null && plan.upTo === null
}

export const planJson = (plan: RunPlan): string => JSON.stringify(plan)
export const planOf = (json: Json | null): RunPlan | null => (json ? (json as unknown as RunPlan) : null)
