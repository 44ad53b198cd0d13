import { calendarError } from './errors.ts'

/**
 * Calendar dates are 'YYYY-MM-DD' strings meaning a day on the Asia/Shanghai calendar. Arithmetic runs on
 * whole day numbers derived with Date.UTC, so neither the server's time zone nor any DST rule can shift a
 * date by one.
 */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/
const MS_PER_DAY = 86_400_000

/** Days since 1970-01-01, or null when the string is not a real date (2025-02-30, 2025-13-01, 0099-01-01). */
export function toDayNumber(date: string): number | null {
  const m = DATE_RE.exec(date)
  if (!m) return null
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  const ms = Date.UTC(year, month - 1, day)
  const check = new Date(ms)
  // Date.UTC rolls 02-30 over into March and maps years 0–99 to 1900–1999; a round trip exposes both.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
    return null
  return ms / MS_PER_DAY
}

export function fromDayNumber(dayNumber: number): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10)
}

export function yearOfDayNumber(dayNumber: number): number {
  return new Date(dayNumber * MS_PER_DAY).getUTCFullYear()
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOfDayNumber(dayNumber: number): number {
  // 1970-01-01 was a Thursday.
  return (((dayNumber + 4) % 7) + 7) % 7
}

export function isCalendarDate(value: string): boolean {
  return toDayNumber(value) !== null
}

/** Throws calendar.date_invalid naming the field, so a client sees which parameter was wrong. */
export function parseCalendarDate(value: string, field = 'date'): number {
  const n = toDayNumber(value)
  if (n === null) {
    throw calendarError('calendar.date_invalid', {
      fields: [{ field, message: 'is not a real YYYY-MM-DD date' }],
      detail: { zh: `${field} 不是有效的日期（YYYY-MM-DD）`, en: `${field} is not a real YYYY-MM-DD date` },
    })
  }
  return n
}

/** China keeps one offset all year (no DST), so a fixed +08:00 is exact. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000

/** The calendar day in Beijing at this instant ('YYYY-MM-DD'): "today" of every deadline and daily counter. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10)
}

/** Adds whole calendar (natural) days to a calendar date. */
export function addCalendarDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * MS_PER_DAY).toISOString().slice(0, 10)
}
