/**
 * How each returned field is shown, by its grade (数据分级) and the grant (docs/gateway.md, "Masking"):
 *
 * - core (核心数据): never in clear; the value is replaced by `******`.
 * - important (重要数据): recognised personal data (ID number, phone, name, address — catalog's maskKind) is
 *   masked; other fields are clear.
 * - general grades and ungraded fields: personal data is clear only when the provider reviewed the grant (a
 *   conditional resource granted through an approved request); an unconditional grant, made without anyone
 *   looking at who gets it, sees personal data masked.
 */

import { type MaskKind, maskKind, maskValue, type SharedField } from '../../catalog/index.ts'
import type { CellValue } from '../../datastore/index.ts'

export type Treatment = MaskKind | 'redact'

export const REDACTED = '******'

export function reviewedGrant(resource: { shareType: string }, grant: { requestId: string | null }): boolean {
  return resource.shareType === 'conditional' && grant.requestId !== null
}

export function treatmentOf(field: SharedField, reviewed: boolean): Treatment | null {
  if (field.grade === 'core') return 'redact'
  const kind = maskKind(field)
  if (!kind) return null
  if (field.grade === 'important') return kind
  return reviewed ? null : kind
}

export function applyTreatment(treatment: Treatment, value: CellValue): CellValue {
  if (value === null) return null
  if (treatment === 'redact') return REDACTED
  if (typeof value === 'boolean') return value
  return maskValue(treatment, String(value))
}
