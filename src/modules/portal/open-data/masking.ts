/**
 * What the public sees of each field, through the one platform masking function and the governance policy in
 * force for the resource (confirmed sensitive types included). The public is the least trusted reader, so on
 * top of the policy: core and important data (核心、重要数据) never leave in clear, and recognised personal data is
 * masked even where the policy would let a reviewed grant see it.
 */
import {
  fieldType,
  type MaskingRules,
  type MaskStrategy,
  maskCell,
  maskingRulesFor,
  STRATEGY_OF_TYPE,
  strategyFor,
} from '../../../platform/masking/index.ts'
import type { OpenField } from '../../catalog/index.ts'
import type { CellValue } from '../../datastore/index.ts'

export interface PublicMask {
  /** Field codes whose values are masked or redacted. */
  readonly masked: readonly string[]
  apply(row: Record<string, CellValue>): Record<string, CellValue>
}

export function publicStrategy(field: OpenField, rules: MaskingRules): MaskStrategy | null {
  if (field.grade === 'core' || field.grade === 'important') return 'redact'
  const strategy = strategyFor(field, rules, false)
  if (strategy) return strategy
  const type = fieldType(field, rules)
  return type ? STRATEGY_OF_TYPE[type] : null
}

/** The mask of one resource's public rows; `pepper` (the server key) keys the hash strategy. */
export async function publicMask(
  db: object,
  pepper: Uint8Array,
  resource: { readonly id: string; readonly fields: readonly OpenField[] },
): Promise<PublicMask> {
  const rules = await maskingRulesFor(db, resource.id)
  const plan = resource.fields.flatMap((f) => {
    const strategy = publicStrategy(f, rules)
    return strategy ? [[f.code, strategy] as const] : []
  })
  return {
    masked: plan.map(([code]) => code),
    apply(row) {
      const out = { ...row }
      for (const [code, strategy] of plan) {
        const v = out[code]
        if (v === null || v === undefined) continue
        out[code] = maskCell(strategy, v, pepper)
      }
      return out
    },
  }
}
