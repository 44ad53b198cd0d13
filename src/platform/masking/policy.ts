/**
 * Which strategy a field gets, chosen by its grade (数据分级) and the grant it is read under. The grade → mode
 * table is governance's configurable policy; modules below governance (catalog, sharing) cannot call it, so
 * governance hands a rules source to this piece for its database handle, and every consumer path asks
 * `maskingRulesFor` (falling back to the built-in defaults below when no source is registered, e.g. a CLI run).
 */
import { type NamedField, type SensitiveType, STRATEGY_OF_TYPE, sensitiveTypeByName } from './recognise.ts'
import type { MaskStrategy } from './strategies.ts'

export const GRADES = ['core', 'important', 'general_4', 'general_3', 'general_2', 'general_1'] as const
export type Grade = (typeof GRADES)[number]

/**
 * - `redact`: every value of the field is hidden, whatever it holds;
 * - `hash`: every value becomes its joinable SM3-HMAC token;
 * - `mask`: recognised personal data is masked by its type's strategy, other values stay;
 * - `mask_unless_reviewed`: as `mask`, but clear under a grant the provider reviewed (a conditional resource
 *   granted through an approved request);
 * - `clear`: nothing is hidden.
 */
export const GRADE_MASKINGS = ['redact', 'hash', 'mask', 'mask_unless_reviewed', 'clear'] as const
export type GradeMasking = (typeof GRADE_MASKINGS)[number]

export const DEFAULT_GRADE_MASKING: Readonly<Record<Grade, GradeMasking>> = {
  core: 'redact',
  important: 'mask',
  general_4: 'mask_unless_reviewed',
  general_3: 'mask_unless_reviewed',
  general_2: 'mask_unless_reviewed',
  general_1: 'mask_unless_reviewed',
}

/** Ungraded fields are treated like the lowest general grade: personal data hidden unless reviewed. */
export const UNGRADED_MASKING: GradeMasking = 'mask_unless_reviewed'

export interface MaskingRules {
  readonly grades: Readonly<Record<Grade, GradeMasking>>
  /** Types a steward confirmed per field code; they win over name recognition (null = confirmed "none"). */
  readonly fieldTypes: Readonly<Record<string, SensitiveType | null>>
}

export const DEFAULT_MASKING_RULES: MaskingRules = { grades: DEFAULT_GRADE_MASKING, fieldTypes: {} }

export interface MaskableField extends NamedField {
  readonly grade: string | null
}

const isGrade = (g: string | null): g is Grade => g !== null && (GRADES as readonly string[]).includes(g)

/** The sensitive type masking assumes for a field: the confirmed one, else what its name says. */
export function fieldType(field: NamedField, rules: MaskingRules): SensitiveType | null {
  if (Object.hasOwn(rules.fieldTypes, field.code)) return rules.fieldTypes[field.code] ?? null
  return sensitiveTypeByName(field)
}

/** The strategy for one field under one grant (`reviewed`: the provider looked at who gets it), or null. */
export function strategyFor(
  field: MaskableField,
  rules: MaskingRules,
  reviewed: boolean,
): MaskStrategy | null {
  const mode = isGrade(field.grade) ? rules.grades[field.grade] : UNGRADED_MASKING
  if (mode === 'redact' || mode === 'hash') return mode
  if (mode === 'clear') return null
  const type = fieldType(field, rules)
  const strategy = type ? STRATEGY_OF_TYPE[type] : null
  if (!strategy) return null
  return mode === 'mask' || !reviewed ? strategy : null
}

export type MaskingRulesSource = (resourceId: string) => Promise<MaskingRules>

/** Keyed by the database handle the app was built with, so apps on other databases never share a source. */
const sources = new WeakMap<object, MaskingRulesSource>()

export function provideMaskingRules(db: object, source: MaskingRulesSource): void {
  sources.set(db, source)
}

export async function maskingRulesFor(db: object, resourceId: string): Promise<MaskingRules> {
  const source = sources.get(db)
  return source ? source(resourceId) : DEFAULT_MASKING_RULES
}
