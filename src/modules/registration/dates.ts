/** Beijing-time calendar days and the working-day countdown of the current step. */
import { addCalendarDays as addDays, type WorkingCalendar } from '../../platform/calendar/index.ts'
import type { RegistrationRow } from './tables.ts'

export { addCalendarDays as addDays, shanghaiDate } from '../../platform/calendar/index.ts'

/** Same month and day `years` later (29 February falls back to 28 February). */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number)
  const target = new Date(Date.UTC((y ?? 0) + years, (m ?? 1) - 1, d ?? 1))
  if (target.getUTCDate() !== d) target.setUTCDate(0)
  return target.toISOString().slice(0, 10)
}

/** The deadline of the step the registration is in, if that step has one. */
export function currentDue(row: RegistrationRow): string | null {
  switch (row.status) {
    case 'draft':
      return row.kind === 'initial' ? row.initialDue : null
    case 'submitted':
      return row.acceptDue
    case 'under_review':
      return row.kind === 'cancellation' ? row.cancelDue : row.reviewDue
    case 'public_notice':
      return row.noticeDue
    default:
      return null
  }
}

export function countdown(cal: WorkingCalendar, due: string | null, today: string) {
  if (!due) return { workingDaysLeft: null, overdue: false }
  const overdue = today > due
  try {
    return { workingDaysLeft: cal.countWorkingDays(today, due), overdue }
  } catch {
    return { workingDaysLeft: null, overdue }
  }
}

/** Renewal may be filed from `windowDays` natural days before the last valid day up to that day. */
export function renewalOpen(validUntil: string | null, today: string, windowDays: number): boolean {
  return validUntil !== null && today >= addDays(validUntil, -windowDays) && today <= validUntil
}
