/**
 * Government-guided prices (发改价格〔2025〕65号): the maximum allowed revenue of an operator for a year, the
 * allowed profit rate, the price cap of each product, and the yearly deviation check with its carry-over.
 * Pure functions over fen and basis points; the services store what they return.
 */
import { applyBp, ratioBp } from './money.ts'

/** Allowed profit rate ≤ prior-year average 10-year government bond yield + 6 percentage points. */
export const PROFIT_MARGIN_OVER_BOND_BP = 600
/** |revenue − cap| within 10 % of the cap: the operator adjusts its prices; beyond: the authorizer adjusts the cap. */
export const DEVIATION_LIMIT_BP = 1000

export interface RevenueCapInput {
  readonly costFen: bigint
  readonly subsidiesFen: bigint
  readonly bondYieldBp: number
  readonly profitRateBp: number
  readonly taxFen: bigint
  /** Excess revenue of the previous cycle, deducted from this one. */
  readonly carryOverFen: bigint
}

export interface RevenueCap {
  readonly netCostFen: bigint
  readonly profitFen: bigint
  /** Before the carry-over. */
  readonly baseFen: bigint
  readonly maxRevenueFen: bigint
}

export type CapProblem = 'subsidies_exceed_cost' | 'profit_rate_too_high'

export function capProblem(input: RevenueCapInput): CapProblem | null {
  if (input.subsidiesFen > input.costFen) return 'subsidies_exceed_cost'
  if (input.profitRateBp > input.bondYieldBp + PROFIT_MARGIN_OVER_BOND_BP) return 'profit_rate_too_high'
  return null
}

/** Max allowed revenue = (cost − subsidies) + (cost − subsidies) × rate + tax − carry-over (never below 0). */
export function maxAllowedRevenue(input: RevenueCapInput): RevenueCap {
  const netCostFen = input.costFen - input.subsidiesFen
  const profitFen = applyBp(netCostFen, input.profitRateBp)
  const baseFen = netCostFen + profitFen + input.taxFen
  const maxRevenueFen = baseFen > input.carryOverFen ? baseFen - input.carryOverFen : 0n
  return { netCostFen, profitFen, baseFen, maxRevenueFen }
}

export type DeviationOutcome = 'within' | 'operator_adjusts' | 'cap_adjustment_flagged'

export interface Deviation {
  /** (revenue − cap) / cap in basis points; null when the cap is 0. */
  readonly deviationBp: number | null
  readonly outcome: DeviationOutcome
  /** Revenue above the cap, carried into the next cycle's cap. */
  readonly excessFen: bigint
}

export function deviationCheck(revenueFen: bigint, capFen: bigint): Deviation {
  const excessFen = revenueFen > capFen ? revenueFen - capFen : 0n
  const deviationBp = ratioBp(revenueFen - capFen, capFen)
  if (deviationBp === null)
    return { deviationBp, outcome: revenueFen === 0n ? 'within' : 'cap_adjustment_flagged', excessFen }
  if (deviationBp === 0) return { deviationBp, outcome: 'within', excessFen }
  // Compared exactly in fen (|revenue − cap| × 10000 ≤ limit × cap), not on the rounded basis points.
  const diff = revenueFen > capFen ? revenueFen - capFen : capFen - revenueFen
  const within = diff * 10000n <= BigInt(DEVIATION_LIMIT_BP) * capFen
  const outcome = within ? 'operator_adjusts' : 'cap_adjustment_flagged'
  return { deviationBp, outcome, excessFen }
}

export type PriceProblem = 'public_interest_not_free' | 'above_cap' | 'no_cap'

/** An actual price is allowed when public-interest products are free and fee products stay within their cap. */
export function priceProblem(
  useClass: 'public_interest' | 'industry',
  priceFen: bigint,
  capFen: bigint | null,
): PriceProblem | null {
  if (useClass === 'public_interest') return priceFen === 0n ? null : 'public_interest_not_free'
  if (capFen === null) return priceFen === 0n ? null : 'no_cap'
  return priceFen > capFen ? 'above_cap' : null
}

/** The annual report on year Y is due on 31 March of Y + 1. */
export function reportDue(year: number): string {
  return `${year + 1}-03-31`
}
