/** Helpers shared by the calendar test files (not itself a test file). */
import assert from 'node:assert/strict'
import { DomainError } from '../errors.ts'
import { bundledCalendarYears, type CalendarException, WorkingCalendar, type YearData } from './index.ts'

export function isDomainError(code: string) {
  return (error: unknown) => {
    assert.ok(error instanceof DomainError, `expected DomainError ${code}, got ${String(error)}`)
    assert.equal(error.code, code)
    return true
  }
}

export function bundledCalendar(): WorkingCalendar {
  const years = bundledCalendarYears()
  const exceptions: CalendarException[] = years.flatMap((y) => [
    ...y.holidays.map((d) => ({ date: d.date, kind: 'holiday' as const, name: d.name })),
    ...y.workdays.map((d) => ({ date: d.date, kind: 'workday' as const, name: d.name })),
  ])
  return new WorkingCalendar(
    years.map((y) => y.year),
    exceptions,
  )
}

/** Not the real 2027 arrangement (unpublished at the time of writing); only 1 January, a Friday. */
export const year2027: YearData = {
  year: 2027,
  source: '测试用数据（非正式通知）',
  holidays: [{ date: '2027-01-01', name: '元旦' }],
  workdays: [],
}
