import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp } from '../../../../test/support/app.ts'
import { testEngines } from '../../../../test/support/db.ts'
import {
  creditCodeCheckChar,
  idNumberCheckChar,
  validateCreditCode,
  validateIdNumber,
} from '../../../platform/validators/index.ts'
import { datastoreSelect } from '../../datastore/index.ts'
import {
  creditCodeExpr,
  dateTextExpr,
  functionDefinitions,
  idNumberExpr,
  SQL_FUNCTIONS,
} from './sql-checks.ts'

/** rules.md §12 vectors and invalid cases, through both SQL forms (migration functions and inline). */
const TODAY = '20261122'
/** A valid check character, so the case fails for its stated reason only. */
const id = (first17: string) => first17 + idNumberCheckChar(first17)
const cc = (first17: string) => first17 + creditCodeCheckChar(first17)
const NOW = new Date('2026-11-22T12:00:00+08:00')
const ID_CASES: [string, boolean][] = [
  ['11010519491231002X', true],
  ['440524188001010014', true],
  ['11010519491231002x', true], // lower-case x is accepted once upper-cased (the audit upper-cases)
  ['110105194912310021', false], // wrong check character
  ['11010519491231002', false], // 17 characters
  ['1101051949123100200', false], // 19 characters
  [id('11010519490231002'), false], // 31 February
  [id('99010519491231002'), false], // no such province
  [id('11010520991231002'), false], // born in the future
  [id('11010520261122002'), true], // born today
  ['1101052090123100XX', false], // X inside
  [id('11010517991231002'), false], // before 1800
  ['ABCDEFGHIJKLMNOPQR', false],
  ['', false],
  ['１１０１０５１９４９１２３１００２Ｘ', false], // full-width digits are not normalised by the audit
]
const CREDIT_CASES: [string, boolean][] = [
  ['91110000600037341L', true],
  ['9144030071526726XG', true],
  ['11100000000013338W', true],
  ['91110000600037341M', false], // wrong check character
  ['91110000600037341', false], // 17 characters
  ['9111000060003734IL', false], // I is not in the alphabet
  ['91AB0000600037341L', false], // region not digits
  [cc('91990000600037341'), false], // no such province
  [cc('11100000000013338'), true], // 中央 100000
  ['', false],
]
const DATE_CASES: [string, boolean, boolean][] = [
  // value, valid date, valid and not after TODAY
  ['2024-02-29', true, true],
  ['2023-02-29', false, false],
  ['1990/12/31', true, true],
  ['19900115', true, true],
  ['1990-1-5', false, false],
  ['2000-13-01', false, false],
  ['2000-00-10', false, false],
  ['2026-11-22 08:00:00', true, true],
  ['2026-11-23', true, false],
  ['1799-12-31', false, false],
  ['1990-01/15', false, false],
  ['abc', false, false],
  ['2026-11-22T08:00', true, true],
  ['2026-11-22X', false, false],
  ['2026-11-22 ', true, true],
  ['1990/12-31', false, false],
  ['19900230', false, false],
  ['1990011a', false, false],
  ['1990-0a-15', false, false],
  ['２０２０-01-01', false, false], // full-width digits
  ['2020-01-0１', false, false],
  ['20261123', true, false],
]

test('the newest governance migration defining the check functions holds exactly functionDefinitions()', () => {
  const dir = new URL('../migrations/', import.meta.url)
  const defining = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .filter((f) => readFileSync(new URL(f, dir), 'utf8').includes(`function ${SQL_FUNCTIONS.idNumber}(`))
  const newest = defining[defining.length - 1]
  assert.ok(newest, 'a migration defines the functions')
  // A change to sql-checks.ts needs a new migration (applied databases keep the old bodies otherwise).
  assert.ok(
    readFileSync(new URL(newest, dir), 'utf8').includes(functionDefinitions()),
    `${newest} differs from functionDefinitions(): add a migration with the new text`,
  )
})

const lit = (v: string) => `'${v.replace(/'/g, "''")}'`

for (const engine of testEngines()) {
  describe(`SQL code checks on ${engine}`, () => {
    let t: TestApp
    before(async () => {
      t = await createTestApp(engine)
    })
    after(() => t.close())

    async function both(fn: string, inline: string): Promise<[boolean, boolean]> {
      const [row] = await datastoreSelect<{ f: boolean; i: boolean }>(t.db, {
        text: `select ${fn} as f, ${inline} as i`,
        params: [],
      })
      return [Boolean(row?.f), Boolean(row?.i)]
    }

    test('公民身份号码 (GB 11643): vectors and invalid cases agree with the platform validator', async () => {
      for (const [v, ok] of ID_CASES) {
        const up = v.toUpperCase()
        const got = await both(
          `${SQL_FUNCTIONS.idNumber}(${lit(up)}, ${lit(TODAY)})`,
          idNumberExpr(lit(up), lit(TODAY)),
        )
        assert.deepEqual(got, [ok, ok], v)
        if (/^[0-9A-Za-z]*$/.test(v))
          assert.equal(validateIdNumber(up, { now: NOW }).ok, ok, `validator ${v}`)
      }
    })

    test('统一社会信用代码 (GB 32100): vectors and invalid cases agree with the platform validator', async () => {
      for (const [v, ok] of CREDIT_CASES) {
        const got = await both(`${SQL_FUNCTIONS.creditCode}(${lit(v)})`, creditCodeExpr(lit(v)))
        assert.deepEqual(got, [ok, ok], v)
        assert.equal(validateCreditCode(v).ok, ok, `validator ${v}`)
      }
    })

    test('dates: calendar validity and "not after today"', async () => {
      for (const [v, ok, notAfter] of DATE_CASES) {
        assert.deepEqual(
          await both(`${SQL_FUNCTIONS.dateText}(${lit(v)})`, dateTextExpr(lit(v))),
          [ok, ok],
          v,
        )
        assert.deepEqual(
          await both(
            `${SQL_FUNCTIONS.dateTextNotAfter}(${lit(v)}, ${lit(TODAY)})`,
            dateTextExpr(lit(v), lit(TODAY)),
          ),
          [notAfter, notAfter],
          `${v} not after ${TODAY}`,
        )
      }
    })
  })
}
