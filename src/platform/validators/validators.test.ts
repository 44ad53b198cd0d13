import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import {
  creditCodeCheckChar,
  idNumberCheckChar,
  isRegionCodeFormat,
  isWithinRegion,
  normalizeFullWidth,
  parentRegionCode,
  regionLevel,
  regionPrefix,
  validateCreditCode,
  validateIdNumber,
} from './index.ts'

const NOW = new Date('2026-11-22T12:00:00+08:00')
const PROVINCES = [
  ...['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37'],
  ...['41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65'],
  ...['71', '81', '82'],
]
const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'

describe('normalizeFullWidth', () => {
  it('maps full-width ASCII and the ideographic space, then trims', () => {
    assert.equal(normalizeFullWidth('\u3000９１１１Ｌ\u3000ａ！\u3000'), '9111L a!')
    assert.equal(normalizeFullWidth('  数惠 '), '数惠')
    assert.equal(normalizeFullWidth('～'), '~')
  })
})

describe('validateIdNumber (GB 11643)', () => {
  it('accepts the standard vectors, including check character X', () => {
    assert.deepEqual(validateIdNumber('11010519491231002X', { now: NOW }), {
      ok: true,
      value: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'female',
      regionCode: '110105',
    })
    assert.deepEqual(validateIdNumber('440524188001010014', { now: NOW }), {
      ok: true,
      value: '440524188001010014',
      birthDate: '1880-01-01',
      sex: 'male',
      regionCode: '440524',
    })
  })

  it('normalises lower-case x, surrounding spaces and full-width digits', () => {
    for (const input of [
      ' 11010519491231002x ',
      '１１０１０５１９４９１２３１００２Ｘ',
      '\u300011010519491231002X',
    ]) {
      const result = validateIdNumber(input, { now: NOW })
      assert.ok(result.ok, input)
      assert.equal(result.value, '11010519491231002X')
    }
  })

  it('computes check characters', () => {
    assert.equal(idNumberCheckChar('11010519491231002'), 'X')
    assert.equal(idNumberCheckChar('44052418800101001'), '4')
    assert.throws(() => idNumberCheckChar('1101051949123100'), RangeError)
  })

  it('reports each problem with its stable reason', () => {
    const withCheck = (first17: string): string => first17 + idNumberCheckChar(first17)
    const cases: ReadonlyArray<readonly [string, string]> = [
      ['110105194912310021', 'checksum'],
      ['440524188001010015', 'checksum'],
      ['11010519491231002', 'format'],
      ['11010519491231002XX', 'format'],
      ['1101051949123100AX', 'format'],
      ['abcdefghijklmnopqr', 'format'],
      ['110105 19491231002X', 'format'],
      ['', 'format'],
      [withCheck('11010520230230001'), 'birth_date'],
      [withCheck('11010520230229001'), 'birth_date'],
      [withCheck('11010519491301001'), 'birth_date'],
      [withCheck('11010519491200001'), 'birth_date'],
      [withCheck('11010520261123001'), 'birth_date'],
      [withCheck('11010517991231001'), 'birth_date'],
      [withCheck('99010519491231001'), 'region'],
      [withCheck('00000019491231001'), 'region'],
    ]
    for (const [input, reason] of cases) {
      assert.deepEqual(validateIdNumber(input, { now: NOW }), { ok: false, reason }, input)
    }
  })

  it('accepts a leap day and today (in Beijing time), but not tomorrow', () => {
    const withCheck = (first17: string): string => first17 + idNumberCheckChar(first17)
    assert.ok(validateIdNumber(withCheck('11010520240229001'), { now: NOW }).ok)
    assert.ok(validateIdNumber(withCheck('11010520261122001'), { now: NOW }).ok)
    // 2026-11-21T16:30Z is already 2026-11-22 00:30 in Beijing.
    assert.ok(validateIdNumber(withCheck('11010520261122001'), { now: new Date('2026-11-21T16:30:00Z') }).ok)
    assert.equal(
      validateIdNumber(withCheck('11010520261122001'), { now: new Date('2026-11-21T15:30:00Z') }).ok,
      false,
    )
  })

  it('delegates the region decision to isKnownRegion when given', () => {
    const known = new Set(['110105'])
    const isKnownRegion = (code: string): boolean => known.has(code)
    assert.ok(validateIdNumber('11010519491231002X', { now: NOW, isKnownRegion }).ok)
    assert.deepEqual(validateIdNumber('440524188001010014', { now: NOW, isKnownRegion }), {
      ok: false,
      reason: 'region',
    })
  })

  const idFirst17 = fc
    .record({
      province: fc.constantFrom(...PROVINCES),
      rest: fc.integer({ min: 0, max: 9999 }),
      birth: fc.date({
        min: new Date('1800-01-01T00:00:00Z'),
        max: new Date('2026-11-21T00:00:00Z'),
        noInvalidDate: true,
      }),
      seq: fc.integer({ min: 0, max: 999 }),
    })
    .map(
      ({ province, rest, birth, seq }) =>
        province +
        String(rest).padStart(4, '0') +
        birth.toISOString().slice(0, 10).replaceAll('-', '') +
        String(seq).padStart(3, '0'),
    )

  it('property: any plausible 17 digits plus the computed check character is valid', () => {
    fc.assert(
      fc.property(idFirst17, (first17) => {
        const id = first17 + idNumberCheckChar(first17)
        const result = validateIdNumber(id, { now: NOW })
        return result.ok && result.value === id
      }),
    )
  })

  it('property: changing any one character makes it invalid', () => {
    const alphabet = '0123456789X'
    fc.assert(
      fc.property(
        idFirst17,
        fc.integer({ min: 0, max: 17 }),
        fc.integer({ min: 1, max: 10 }),
        (first17, position, shift) => {
          const id = first17 + idNumberCheckChar(first17)
          const current = alphabet.indexOf(id[position] ?? '')
          const replacement = alphabet[(current + shift) % alphabet.length] ?? ''
          const mutated = id.slice(0, position) + replacement + id.slice(position + 1)
          return !validateIdNumber(mutated, { now: NOW }).ok
        },
      ),
    )
  })
})

describe('validateCreditCode (GB 32100)', () => {
  it('accepts the standard vectors with category labels', () => {
    assert.deepEqual(validateCreditCode('91110000600037341L'), {
      ok: true,
      value: '91110000600037341L',
      warnings: [],
      category: '企业',
    })
    assert.deepEqual(validateCreditCode('9144030071526726XG'), {
      ok: true,
      value: '9144030071526726XG',
      warnings: [],
      category: '企业',
    })
    assert.deepEqual(validateCreditCode('11100000000013338W'), {
      ok: true,
      value: '11100000000013338W',
      warnings: [],
      category: '机关',
    })
  })

  it('computes check characters', () => {
    assert.equal(creditCodeCheckChar('91110000600037341'), 'L')
    assert.equal(creditCodeCheckChar('9144030071526726X'), 'G')
    assert.equal(creditCodeCheckChar('11100000000013338'), 'W')
    assert.throws(() => creditCodeCheckChar('9111000060003734'), RangeError)
    assert.throws(() => creditCodeCheckChar('9111000060003734I'), RangeError)
  })

  it('normalises case, spaces and full-width characters', () => {
    for (const input of [
      ' 91110000600037341l ',
      '９１１１００００６０００３７３４１Ｌ',
      '\u30009144030071526726xg',
    ]) {
      const result = validateCreditCode(input)
      assert.ok(result.ok, input)
    }
    const result = validateCreditCode('９１１１００００６０００３７３４１ｌ')
    assert.ok(result.ok)
    assert.equal(result.value, '91110000600037341L')
  })

  it('warns, but accepts, when the embedded organisation code check fails', () => {
    const first17 = '91110000600037342'
    assert.deepEqual(validateCreditCode(first17 + creditCodeCheckChar(first17)), {
      ok: true,
      value: first17 + creditCodeCheckChar(first17),
      warnings: ['org_code_check'],
      category: '企业',
    })
  })

  it('accepts unknown department/category pairs without a category', () => {
    const first17 = 'A1110000600037341'
    const result = validateCreditCode(first17 + creditCodeCheckChar(first17))
    assert.deepEqual(result, { ok: true, value: first17 + creditCodeCheckChar(first17), warnings: [] })
  })

  it('reports each problem with its stable reason', () => {
    const withCheck = (first17: string): string => first17 + creditCodeCheckChar(first17)
    const cases: ReadonlyArray<readonly [string, string]> = [
      ['91110000600037341M', 'checksum'],
      ['91110000600037342L', 'checksum'],
      ['81110000600037341L', 'checksum'],
      ['9144030071526726XH', 'checksum'],
      ['91110000600037341', 'format'],
      ['91110000600037341LL', 'format'],
      ['9111000060003734IL', 'format'],
      ['9111000060003734OL', 'format'],
      ['91110000600037341S', 'format'],
      ['9111000Z600037341L', 'format'],
      [withCheck('911A0000600037341'), 'format'],
      ['', 'format'],
      [withCheck('91990000600037341'), 'region'],
      [withCheck('91000000600037341'), 'region'],
    ]
    for (const [input, reason] of cases)
      assert.deepEqual(validateCreditCode(input), { ok: false, reason }, input)
  })

  const creditFirst17 = fc
    .record({
      head: fc.array(fc.constantFrom(...CREDIT_ALPHABET), { minLength: 2, maxLength: 2 }),
      province: fc.constantFrom(...PROVINCES),
      region: fc.integer({ min: 0, max: 9999 }),
      body: fc.array(fc.constantFrom(...CREDIT_ALPHABET), { minLength: 9, maxLength: 9 }),
    })
    .map(
      ({ head, province, region, body }) =>
        head.join('') + province + String(region).padStart(4, '0') + body.join(''),
    )

  it('property: any 17 alphabet characters with a valid region plus the computed check character is valid', () => {
    fc.assert(
      fc.property(creditFirst17, (first17) => {
        const code = first17 + creditCodeCheckChar(first17)
        const result = validateCreditCode(code)
        return result.ok && result.value === code
      }),
    )
  })

  it('property: changing any one character makes it invalid', () => {
    fc.assert(
      fc.property(
        creditFirst17,
        fc.integer({ min: 0, max: 17 }),
        fc.integer({ min: 1, max: 30 }),
        (first17, position, shift) => {
          const code = first17 + creditCodeCheckChar(first17)
          const current = CREDIT_ALPHABET.indexOf(code[position] ?? '')
          const replacement = CREDIT_ALPHABET[(current + shift) % CREDIT_ALPHABET.length] ?? ''
          const mutated = code.slice(0, position) + replacement + code.slice(position + 1)
          return !validateCreditCode(mutated).ok
        },
      ),
    )
  })
})

describe('region codes (GB/T 2260)', () => {
  it('checks the format', () => {
    for (const ok of ['110000', '430300', '430321', '429004', '710000', '820000'])
      assert.ok(isRegionCodeFormat(ok), ok)
    for (const bad of ['000000', '100000', '160000', '720000', '99', '4303000', '43030a', ' 430300', ''])
      assert.equal(isRegionCodeFormat(bad), false, bad)
  })

  it('derives level, parent and prefix', () => {
    const cases: ReadonlyArray<readonly [string, 1 | 2 | 3, string | null, string]> = [
      ['430000', 1, null, '43'],
      ['430300', 2, '430000', '4303'],
      ['430321', 3, '430300', '430321'],
      ['429004', 3, '420000', '429004'],
      ['469001', 3, '460000', '469001'],
      ['110105', 3, '110100', '110105'],
    ]
    for (const [code, level, parent, prefix] of cases) {
      assert.equal(regionLevel(code), level, code)
      assert.equal(parentRegionCode(code), parent, code)
      assert.equal(regionPrefix(code), prefix, code)
    }
    assert.throws(() => regionLevel('000000'), RangeError)
    assert.throws(() => parentRegionCode('43030'), RangeError)
  })

  it('checks subtree membership', () => {
    assert.ok(isWithinRegion('430321', '430000'))
    assert.ok(isWithinRegion('430321', '430300'))
    assert.ok(isWithinRegion('430321', '430321'))
    assert.ok(isWithinRegion('429004', '420000'))
    assert.equal(isWithinRegion('430421', '430300'), false)
    assert.equal(isWithinRegion('440300', '430000'), false)
    assert.equal(isWithinRegion('430000', '430300'), false)
    assert.equal(isWithinRegion('bogus', '430000'), false)
  })
})
