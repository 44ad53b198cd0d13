/**
 * Masking of catalog reads (preview, and the rows other modules hand out, e.g. portal downloads), through the
 * one platform masking function (src/platform/masking): the strategy of each field follows its grade, the
 * governance policy and whether the reader holds a reviewed grant (a preview never does).
 */
import {
  DEFAULT_MASKING_RULES,
  type MaskingRules,
  type MaskStrategy,
  maskCell,
  maskingRulesFor,
  maskText,
  type NamedField,
  STRATEGY_OF_TYPE,
  sensitiveTypeByName,
  strategyFor,
} from '../../../platform/masking/index.ts'

export type MaskKind = MaskStrategy

export interface MaskableField extends NamedField {
  readonly grade?: string | null
}

/** The strategy a field's name calls for, if any (grade and policy aside). */
export function maskKind(field: NamedField): MaskKind | null {
  const type = sensitiveTypeByName(field)
  return type ? STRATEGY_OF_TYPE[type] : null
}

/** Masks one value with a named strategy; `pepper` (the server key) is needed by `hash` only. */
export function maskValue(kind: MaskKind, value: string, pepper?: Uint8Array): string | null {
  return maskText(kind, value, pepper)
}

export interface MaskOptions {
  readonly rules?: MaskingRules
  readonly pepper?: Uint8Array
  /** The reader holds a grant the provider reviewed; previews and public downloads never do. */
  readonly reviewed?: boolean
}

/** Masks rows in a copy; returns them with the codes of the masked columns. */
export function maskRows<V>(
  fields: readonly MaskableField[],
  rows: readonly Record<string, V | string | null>[],
  options: MaskOptions = {},
): { rows: Record<string, V | string | null>[]; masked: string[] } {
  const rules = options.rules ?? DEFAULT_MASKING_RULES
  const plan = fields.flatMap((f) => {
    const strategy = strategyFor({ ...f, grade: f.grade ?? null }, rules, options.reviewed ?? false)
    return strategy ? [[f.code, strategy] as const] : []
  })
  const out = rows.map((row) => {
    const copy: Record<string, V | string | null> = { ...row }
    for (const [code, strategy] of plan) {
      if (code in copy) copy[code] = maskCell(strategy, copy[code] ?? null, options.pepper)
    }
    return copy
  })
  return { rows: out, masked: plan.map(([code]) => code) }
}

/**
 * The rows of a resource masked by the governance policy in force for it: what every module handing catalog
 * data to someone (downloads, exports) calls before the rows leave.
 */
export async function maskResourceRows<V>(
  db: object,
  secretKey: Uint8Array,
  resourceId: string,
  fields: readonly MaskableField[],
  rows: readonly Record<string, V | string | null>[],
  reviewed = false,
): Promise<{ rows: Record<string, V | string | null>[]; masked: string[] }> {
  const rules = await maskingRulesFor(db, resourceId)
  return maskRows(fields, rows, { rules, pepper: secretKey, reviewed })
}
