import { fromDayNumber, parseCalendarDate, weekdayOfDayNumber, yearOfDayNumber } from './dates.ts'
import { yearNotLoaded } from './errors.ts'
import type { CalendarDayKind } from './schema.ts'

export interface CalendarException {
  readonly date: string
  readonly kind: CalendarDayKind
  readonly name: string
}

/**
 * The official working-day calendar held in memory, so deadline arithmetic on hot paths costs no queries.
 * Mon–Fri are working days unless listed as holidays; listed adjusted working days (调休) are working days
 * whatever the weekday. Any day in a year that has not been loaded throws calendar.year_not_loaded: a
 * guessed deadline is worse than a refused one.
 */
export class WorkingCalendar {
  readonly #years: ReadonlySet<number>
  readonly #exceptions: ReadonlyMap<number, CalendarException>

  constructor(years: Iterable<number>, exceptions: Iterable<CalendarException>) {
    this.#years = new Set(years)
    const map = new Map<number, CalendarException>()
    for (const e of exceptions) map.set(parseCalendarDate(e.date), e)
    this.#exceptions = map
  }

  /** Loaded years, ascending. */
  get years(): number[] {
    return [...this.#years].sort((a, b) => a - b)
  }

  hasYear(year: number): boolean {
    return this.#years.has(year)
  }

  /** The official exception on that day (holiday or adjusted working day), if any. */
  exception(date: string): CalendarException | undefined {
    return this.#exceptions.get(parseCalendarDate(date))
  }

  isWorkingDay(date: string): boolean {
    return this.#working(parseCalendarDate(date))
  }

  /** The first working day strictly after `date`. */
  nextWorkingDay(date: string): string {
    return fromDayNumber(this.#nextWorking(parseCalendarDate(date)))
  }

  /**
   * Deadline arithmetic: the n-th working day after `from` (from itself is not counted), so a 1-working-day
   * time limit starting on Tuesday ends on Wednesday. n = 0 means "due today": `from` when it is a working
   * day, otherwise the next working day.
   */
  addWorkingDays(from: string, n: number): string {
    if (!Number.isInteger(n) || n < 0)
      throw new RangeError(`working days must be a non-negative integer, got ${n}`)
    let day = parseCalendarDate(from, 'from')
    if (n === 0) return fromDayNumber(this.#working(day) ? day : this.#nextWorking(day))
    let left = n
    while (left > 0) {
      day += 1
      if (this.#working(day)) left -= 1
    }
    return fromDayNumber(day)
  }

  /**
   * Working days in (from, to]: after `from`, up to and including `to`. So
   * countWorkingDays(a, addWorkingDays(a, n)) is n for n ≥ 1, and a deadline is overdue when
   * countWorkingDays(start, today) exceeds the limit. When `to` is before `from` the result is the negative
   * count of working days in (to, from], which keeps count(a, b) = -count(b, a).
   */
  countWorkingDays(from: string, to: string): number {
    const a = parseCalendarDate(from, 'from')
    const b = parseCalendarDate(to, 'to')
    const lo = Math.min(a, b)
    const hi = Math.max(a, b)
    let count = 0
    for (let day = lo + 1; day <= hi; day += 1) if (this.#working(day)) count += 1
    // Written out rather than sign * count so that an empty backwards range gives 0, not -0.
    return a <= b || count === 0 ? count : -count
  }

  #nextWorking(day: number): number {
    let next = day + 1
    while (!this.#working(next)) next += 1
    return next
  }

  #working(day: number): boolean {
    const year = yearOfDayNumber(day)
    if (!this.#years.has(year)) throw yearNotLoaded(year)
    const exception = this.#exceptions.get(day)
    if (exception) return exception.kind === 'workday'
    const weekday = weekdayOfDayNumber(day)
    return weekday !== 0 && weekday !== 6
  }
}
