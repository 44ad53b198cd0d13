/**
 * What the public sees of each field. The public is the least trusted audience, so the gateway's rules
 * (sharing/gateway/masking.ts) are applied at their strictest: core and important data (核心、重要数据) never
 * leave in clear, and recognised personal data (ID number, phone, name, address — catalog's maskKind) is always
 * masked, whatever the grade.
 */
import { type MaskKind, maskKind, maskValue, type OpenField } from '../../catalog/index.ts'
import type { CellValue } from '../../datastore/index.ts'

export const REDACTED = '******'

type Treatment = MaskKind | 'redact'

export interface PublicMask {
  /** Field codes whose values are masked or redacted. */
  readonly masked: readonly string[]
  apply(row: Record<string, CellValue>): Record<string, CellValue>
}

function treatmentOf(field: OpenField): Treatment | null {
  if (field.grade === 'core' || field.grade === 'important') return 'redact'
  return maskKind(field)
}

export function publicMask(fields: readonly OpenField[]): PublicMask {
  const rules = fields.flatMap((f) => {
    const treatment = treatmentOf(f)
    return treatment ? [[f.code, treatment] as const] : []
  })
  return {
    masked: rules.map(([code]) => code),
    apply(row) {
      const out = { ...row }
      for (const [code, treatment] of rules) {
        const v = out[code]
        if (v === null || v === undefined) continue
        out[code] = treatment === 'redact' ? REDACTED : maskValue(treatment, String(v))
      }
      return out
    },
  }
}
