export {
  addCalendarDays,
  fromDayNumber,
  isCalendarDate,
  parseCalendarDate,
  shanghaiDate,
  toDayNumber,
  weekdayOfDayNumber,
} from './dates.ts'
export { calendarError } from './errors.ts'
export type { CalendarRouteDeps } from './routes.ts'
export { calendarRoutes } from './routes.ts'
export {
  CalendarDate,
  CalendarDayKind,
  CalendarYear,
  MAX_YEAR,
  MIN_YEAR,
  validateYearData,
  YearData,
} from './schema.ts'
export type { CalendarDay, CalendarYearSummary } from './service.ts'
export {
  bundledCalendarYears,
  CALENDAR_CACHE_MS,
  getWorkingCalendar,
  invalidateWorkingCalendar,
  listCalendarDays,
  listCalendarYears,
  loadCalendarYear,
  readWorkingCalendar,
  seedCalendar,
} from './service.ts'
export type { CalendarException } from './working-calendar.ts'
export { WorkingCalendar } from './working-calendar.ts'
