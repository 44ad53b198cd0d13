/**
 * Working-day deadlines of share requests. Dates are Beijing-time calendar days ('YYYY-MM-DD'); a deadline is
 * the last working day on which the step is still on time, counted with the official calendar (holidays and
 * 调休 working days), never with plain weekdays.
 */
import type { WorkingCalendar } from '../../../platform/calendar/index.ts'

export { shanghaiDate } from '../../../platform/calendar/index.ts'

/** 00:00 Beijing time of a calendar day, as an instant. */
export function startOfDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00+08:00`))
}

/** The instant a day ends in Beijing (00:00 of the next day): a grant "until 2027-06-30" is valid through it. */
export function endOfDay(date: string): Date {
  return new Date(startOfDay(date).getTime() + 86_400_000)
}

/** Adds whole calendar days (for period bounds, not deadlines). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}

export interface Countdown {
  /** Working days from today to the deadline: 1 = due on the next working day, 0 = due today. */
  readonly workingDaysLeft: number | null
  readonly overdue: boolean
}

/**
 * Where a pending request stands against its reply deadline. Overdue means today is past the due day. The
 * count is null when the calendar lacks a year on the way (it is never guessed).
 */
export function countdown(cal: WorkingCalendar, due: string | null, today: string): Countdown {
  if (!due) return { workingDaysLeft: null, overdue: false }
  const overdue = today > due
  try {
    return { workingDaysLeft: cal.countWorkingDays(today, due), overdue }
  } catch {
    return { workingDaysLeft: null, overdue }
  }
}

/** How long the provider took: working days from the request day to the decision day. */
export function workingDaysBetween(cal: WorkingCalendar, from: string, to: string): number | null {
  try {
    return Math.max(0, cal.countWorkingDays(from, to))
  } catch {
    return null
  }
}
