/** Guided-price rules with worked examples (发改价格〔2025〕65号), in exact fen and basis points. */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { applyBp, formatYuan, parseYuan, ratioBp } from './money.ts'
import { capProblem, deviationCheck, maxAllowedRevenue, priceProblem, reportDue } from './pricing.ts'

const y = (text: string) => {
  const v = parseYuan(text)
  assert.ok(v !== null, text)
  return v
}

describe('money', () => {
  test('yuan strings round-trip exactly in fen', () => {
    assert.equal(y('0'), 0n)
    assert.equal(y('0.1'), 10n)
    assert.equal(y('1234.56'), 123456n)
    assert.equal(y('999999999999.99'), 99999999999999n, 'the largest amount stays exact as a JS number')
    assert.equal(formatYuan(123456n), '1234.56')
    assert.equal(formatYuan(5n), '0.05')
    assert.equal(formatYuan(-5n), '-0.05')
    for (const bad of ['-1', '1.234', '01', '1e3', '', ' ', 'NaN', '0x10', '1,000', '1000000000000'])
      assert.equal(parseYuan(bad), null, bad)
    // 0.1 + 0.2 in floats is 0.30000000000000004; in fen it is 30.
    assert.equal(formatYuan(y('0.1') + y('0.2')), '0.30')
  })

  test('basis points round half away from zero', () => {
    assert.equal(applyBp(100n, 768), 8n) // 7.68 fen → 8
    assert.equal(applyBp(50n, 100), 1n) // 0.5 fen → 1
    assert.equal(applyBp(49n, 100), 0n)
    assert.equal(ratioBp(12n, 108n), 1111) // 11.11 %
    assert.equal(ratioBp(-10n, 100n), -1000)
    assert.equal(ratioBp(1n, 0n), null)
  })
})

describe('maximum allowed revenue', () => {
  // Worked example: cost ¥1,000,000.00 of which subsidies ¥200,000.00; prior-year 10-year bond yield 1.68 %,
  // so the profit rate may be at most 7.68 %; tax ¥48,000.00.
  const base = {
    costFen: y('1000000.00'),
    subsidiesFen: y('200000.00'),
    bondYieldBp: 168,
    profitRateBp: 768,
    taxFen: y('48000.00'),
    carryOverFen: 0n,
  }

  test('= (cost − subsidies) × (1 + rate) + tax', () => {
    const cap = maxAllowedRevenue(base)
    assert.equal(formatYuan(cap.netCostFen), '800000.00')
    assert.equal(formatYuan(cap.profitFen), '61440.00') // 800,000 × 7.68 %
    assert.equal(formatYuan(cap.maxRevenueFen), '909440.00')
    assert.equal(capProblem(base), null)
  })

  test('the profit rate may not exceed bond yield + 6 percentage points', () => {
    assert.equal(capProblem({ ...base, profitRateBp: 769 }), 'profit_rate_too_high')
    assert.equal(capProblem({ ...base, subsidiesFen: y('1000000.01') }), 'subsidies_exceed_cost')
  })

  test("last cycle's excess is deducted from this cycle's cap, never below zero", () => {
    assert.equal(
      formatYuan(maxAllowedRevenue({ ...base, carryOverFen: y('9440.00') }).maxRevenueFen),
      '900000.00',
    )
    assert.equal(maxAllowedRevenue({ ...base, carryOverFen: y('2000000.00') }).maxRevenueFen, 0n)
  })
})

describe('yearly deviation check', () => {
  const cap = y('909440.00')

  test('revenue 5 % above the cap: the operator adjusts its prices; the excess carries over', () => {
    const d = deviationCheck(y('954912.00'), cap)
    assert.equal(d.deviationBp, 500)
    assert.equal(d.outcome, 'operator_adjusts')
    assert.equal(formatYuan(d.excessFen), '45472.00')
  })

  test('exactly 10 % below is still the operator’s adjustment; beyond 10 % flags the cap', () => {
    assert.equal(deviationCheck(y('818496.00'), cap).outcome, 'operator_adjusts') // −10.00 %
    const low = deviationCheck(y('818495.00'), cap)
    assert.equal(low.outcome, 'cap_adjustment_flagged')
    assert.equal(low.excessFen, 0n)
    const high = deviationCheck(y('1000384.01'), cap) // +10.0000011 % rounds to 1000 bp but exceeds in fen
    assert.equal(high.deviationBp, 1000)
    assert.equal(high.outcome, 'cap_adjustment_flagged', 'decided in fen, not on the rounded rate')
    assert.equal(deviationCheck(y('1000384.00'), cap).outcome, 'operator_adjusts') // exactly +10 %
    assert.equal(deviationCheck(y('1000500.00'), cap).outcome, 'cap_adjustment_flagged')
  })

  test('revenue equal to the cap needs no adjustment', () => {
    assert.deepEqual(deviationCheck(cap, cap), { deviationBp: 0, outcome: 'within', excessFen: 0n })
  })
})

describe('price caps', () => {
  test('actual price ≤ cap; public-interest products are free; no cap means free only', () => {
    assert.equal(priceProblem('industry', y('0.40'), y('0.50')), null)
    assert.equal(priceProblem('industry', y('0.50'), y('0.50')), null)
    assert.equal(priceProblem('industry', y('0.51'), y('0.50')), 'above_cap')
    assert.equal(priceProblem('industry', y('0.01'), null), 'no_cap')
    assert.equal(priceProblem('public_interest', y('0.01'), y('1.00')), 'public_interest_not_free')
    assert.equal(priceProblem('public_interest', 0n, null), null)
  })

  test('the annual report is due on 31 March of the next year', () => {
    assert.equal(reportDue(2026), '2027-03-31')
  })
})
