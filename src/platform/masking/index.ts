/** Public door of the masking platform piece (脱敏): strategies, type recognition by name, grade policy. */
export {
  DEFAULT_GRADE_MASKING,
  DEFAULT_MASKING_RULES,
  fieldType,
  GRADE_MASKINGS,
  GRADES,
  type Grade,
  type GradeMasking,
  type MaskableField,
  type MaskingRules,
  type MaskingRulesSource,
  maskingRulesFor,
  provideMaskingRules,
  strategyFor,
  UNGRADED_MASKING,
} from './policy.ts'
export {
  type NamedField,
  SENSITIVE_TYPE_LABELS,
  SENSITIVE_TYPES,
  type SensitiveType,
  STRATEGY_OF_TYPE,
  sensitiveTypeByName,
} from './recognise.ts'
export { MASK_STRATEGIES, type MaskStrategy, maskCell, maskHash, maskText, REDACTED } from './strategies.ts'
