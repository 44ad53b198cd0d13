/** Public door of the validators platform piece: pure checks of national code standards. */
export {
  type CreditCodeProblem,
  type CreditCodeResult,
  type CreditCodeWarning,
  creditCodeCheckChar,
  validateCreditCode,
} from './credit-code.ts'
export {
  type IdNumberOptions,
  type IdNumberProblem,
  type IdNumberResult,
  idNumberCheckChar,
  validateIdNumber,
} from './id-number.ts'
export { normalizeFullWidth } from './normalize.ts'
export {
  isProvincePrefix,
  isRegionCodeFormat,
  isWithinRegion,
  parentRegionCode,
  type RegionLevel,
  regionLevel,
  regionPrefix,
} from './region-code.ts'
