import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { DomainError } from '../errors.ts'
import { bundledCalendarYears, fromDayNumber, toDayNumber, validateYearData, type YearData } from './index.ts'

import { bundledCalendar, isDomainError } from './test-fixtures.ts'

describe('calendar dates', () => {
  it('accepts real dates only', () => {
    assert.equal(toDayNumber('1970-01-01'), 0)
    assert.equal(toDayNumber('2024-02-29') !== null, true)
    for (const bad of [
      '2025-02-29',
      '2025-02-30',
      '2025-13-01',
      '2025-00-10',
      '0099-01-01',
      '2025-1-01',
      '',
    ]) {
      assert.equal(toDayNumber(bad), null, bad)
    }
  })

  it('round-trips day numbers whatever the process time zone', () => {
    for (const d of ['1999-12-31', '2025-03-30', '2025-10-26', '2026-01-01']) {
      const n = toDayNumber(d)
      assert.ok(n !== null)
      assert.equal(fromDayNumber(n), d)
    }
  })
})

describe('bundled State Council arrangements', () => {
  it('are valid and cover 2024–2026', () => {
    const years = bundledCalendarYears()
    assert.deepEqual(
      years.map((y) => y.year),
      [2024, 2025, 2026],
    )
    assert.match(years[0]?.source ?? '', /国办发明电〔2023〕7号/)
    assert.match(years[1]?.source ?? '', /国办发明电〔2024〕12号/)
    assert.match(years[2]?.source ?? '', /国办发明电〔2025〕7号/)
  })
})

describe('WorkingCalendar on the official 2024–2026 calendar', () => {
  const cal = bundledCalendar()

  it('2025 National Day and Mid-autumn: 1–8 October off, 28 September and 11 October working', () => {
    assert.equal(cal.addWorkingDays('2025-09-30', 1), '2025-10-09')
    assert.equal(cal.addWorkingDays('2025-09-26', 1), '2025-09-28')
    assert.equal(cal.addWorkingDays('2025-10-10', 1), '2025-10-11')
    assert.equal(cal.isWorkingDay('2025-10-08'), false)
    assert.equal(cal.isWorkingDay('2025-10-06'), false)
    assert.equal(cal.isWorkingDay('2025-09-28'), true)
    assert.equal(cal.isWorkingDay('2025-10-11'), true)
    assert.equal(cal.isWorkingDay('2025-10-12'), false)
    assert.equal(cal.exception('2025-10-06')?.name, '中秋节')
  })

  it('counts working days across the 2025 National Day', () => {
    assert.equal(cal.countWorkingDays('2025-09-30', '2025-10-09'), 1)
    // 28 Sep (Sun, adjusted), 29, 30 Sep, 9, 10 Oct, 11 Oct (Sat, adjusted).
    assert.equal(cal.countWorkingDays('2025-09-26', '2025-10-12'), 6)
    assert.equal(cal.countWorkingDays('2025-10-01', '2025-10-08'), 0)
    assert.equal(cal.countWorkingDays('2025-10-09', '2025-09-30'), -1)
    assert.ok(Object.is(cal.countWorkingDays('2025-10-08', '2025-10-01'), 0))
    assert.equal(cal.countWorkingDays('2025-09-30', '2025-09-30'), 0)
  })

  it('2026 Spring Festival: 15–23 February off, 14 and 28 February working', () => {
    assert.equal(cal.addWorkingDays('2026-02-13', 1), '2026-02-14')
    assert.equal(cal.addWorkingDays('2026-02-14', 1), '2026-02-24')
    assert.equal(cal.addWorkingDays('2026-02-27', 1), '2026-02-28')
    assert.equal(cal.countWorkingDays('2026-02-13', '2026-02-28'), 6)
  })

  it('2024 Spring Festival: 10–17 February off, 4 and 18 February working, 除夕 (9 Feb) a working day', () => {
    assert.equal(cal.addWorkingDays('2024-02-02', 1), '2024-02-04')
    assert.equal(cal.isWorkingDay('2024-02-09'), true)
    assert.equal(cal.addWorkingDays('2024-02-09', 1), '2024-02-18')
    assert.equal(cal.countWorkingDays('2024-02-09', '2024-02-18'), 1)
    // 2, 4 (Sun), 5–9, 18 (Sun), 19–23, 26–29 February.
    assert.equal(cal.countWorkingDays('2024-02-01', '2024-02-29'), 17)
  })

  it('crosses the year boundary: 2026-01-01..03 off, Sunday 2026-01-04 working', () => {
    assert.equal(cal.addWorkingDays('2025-12-31', 1), '2026-01-04')
    assert.equal(cal.addWorkingDays('2025-12-31', 2), '2026-01-05')
    assert.equal(cal.nextWorkingDay('2025-12-31'), '2026-01-04')
    assert.equal(cal.countWorkingDays('2025-12-31', '2026-01-05'), 2)
  })

  it('n = 0 means the day itself when it is a working day, else the next working day', () => {
    assert.equal(cal.addWorkingDays('2025-10-09', 0), '2025-10-09')
    assert.equal(cal.addWorkingDays('2025-10-01', 0), '2025-10-09')
    assert.equal(cal.addWorkingDays('2025-09-28', 0), '2025-09-28')
  })

  it('refuses to guess in a year that is not loaded', () => {
    assert.throws(() => cal.isWorkingDay('2027-03-01'), isDomainError('calendar.year_not_loaded'))
    assert.throws(() => cal.addWorkingDays('2026-12-31', 1), isDomainError('calendar.year_not_loaded'))
    assert.throws(
      () => cal.countWorkingDays('2023-12-29', '2024-01-02'),
      isDomainError('calendar.year_not_loaded'),
    )
    try {
      cal.addWorkingDays('2026-12-30', 5)
      assert.fail('expected year_not_loaded')
    } catch (error) {
      assert.ok(error instanceof DomainError)
      assert.equal(error.status, 422)
      assert.deepEqual(error.extra, { year: 2027 })
    }
  })

  it('rejects impossible dates and bad counts', () => {
    assert.throws(() => cal.isWorkingDay('2025-02-30'), isDomainError('calendar.date_invalid'))
    assert.throws(() => cal.addWorkingDays('2025-02-29', 1), isDomainError('calendar.date_invalid'))
    assert.throws(() => cal.addWorkingDays('2025-02-03', -1), RangeError)
    assert.throws(() => cal.addWorkingDays('2025-02-03', 1.5), RangeError)
  })

  it('property: count(d, add(d, n)) = n, and the result is the first such working day', () => {
    const start = toDayNumber('2024-01-01') ?? 0
    const end = toDayNumber('2026-12-31') ?? 0
    fc.assert(
      fc.property(fc.integer({ min: start, max: end }), fc.integer({ min: 0, max: 200 }), (dayNumber, n) => {
        const d = fromDayNumber(dayNumber)
        let r: string
        try {
          r = cal.addWorkingDays(d, n)
        } catch (error) {
          if (error instanceof DomainError && error.code === 'calendar.year_not_loaded') {
            fc.pre(false)
          }
          throw error
        }
        assert.equal(cal.isWorkingDay(r), true)
        if (n === 0) {
          assert.equal(r, cal.isWorkingDay(d) ? d : cal.nextWorkingDay(d))
          return
        }
        assert.equal(cal.countWorkingDays(d, r), n)
        assert.equal(cal.countWorkingDays(r, d), -n)
        const dayBefore = fromDayNumber((toDayNumber(r) ?? 0) - 1)
        assert.equal(cal.countWorkingDays(d, dayBefore), n - 1)
      }),
      { numRuns: 500 },
    )
  })
})

describe('YearData validation', () => {
  const valid: YearData = {
    year: 2030,
    source: '测试',
    holidays: [{ date: '2030-01-01', name: '元旦' }],
    workdays: [{ date: '2030-01-05', name: '元旦' }],
  }
  const fields = (input: unknown): string[] => {
    try {
      validateYearData(input)
    } catch (error) {
      assert.ok(error instanceof DomainError)
      assert.equal(error.code, 'calendar.invalid_year_data')
      assert.equal(error.status, 400)
      return (error.fields ?? []).map((f) => f.field)
    }
    return []
  }

  it('accepts a sensible year', () => {
    assert.deepEqual(fields(valid), [])
  })

  it('reports shape problems by field', () => {
    assert.deepEqual(fields({ ...valid, source: undefined }), ['body.source'])
    assert.deepEqual(fields({ ...valid, extra: 1 }), ['body.extra'])
    assert.deepEqual(fields({ ...valid, holidays: [{ date: '2030-1-1', name: '元旦' }] }), [
      'body.holidays.0.date',
    ])
    assert.deepEqual(fields({ ...valid, year: 1999 }), ['body.year'])
    assert.deepEqual(fields('nonsense'), ['body'])
  })

  it('enforces the rules: real dates, inside the year, no repeats, adjusted working days on weekends', () => {
    assert.deepEqual(fields({ ...valid, holidays: [{ date: '2030-02-30', name: '春节' }] }), [
      'body.holidays.0.date',
    ])
    assert.deepEqual(fields({ ...valid, holidays: [{ date: '2031-01-01', name: '元旦' }] }), [
      'body.holidays.0.date',
    ])
    assert.deepEqual(fields({ ...valid, workdays: [{ date: '2030-01-01', name: '元旦' }] }), [
      'body.workdays.0.date',
      'body.workdays.0.date',
    ])
    assert.deepEqual(fields({ ...valid, workdays: [{ date: '2030-01-07', name: '元旦' }] }), [
      'body.workdays.0.date',
    ])
    assert.deepEqual(
      fields({
        ...valid,
        holidays: [
          { date: '2030-01-01', name: '元旦' },
          { date: '2030-01-01', name: '元旦' },
        ],
      }),
      ['body.holidays.1.date'],
    )
    assert.deepEqual(fields({ ...valid, source: '   ' }), ['body.source'])
  })
})
