import dayjs from 'dayjs'
import timezone from 'dayjs/plugin/timezone'
import utc from 'dayjs/plugin/utc'
import 'dayjs/locale/zh-cn'

dayjs.extend(utc)
dayjs.extend(timezone)
dayjs.locale('zh-cn')

export const TZ = 'Asia/Shanghai'

/** `YYYY-MM-DD HH:mm:ss` in Beijing time, or a dash for missing values. */
export function formatTime(value: string | null | undefined): string {
  if (!value) return '—'
  const d = dayjs(value)
  return d.isValid() ? d.tz(TZ).format('YYYY-MM-DD HH:mm:ss') : value
}

/** Reads a picker's wall-clock value as Beijing time and returns an ISO instant. */
export function wallTimeToIso(value: dayjs.Dayjs): string {
  return dayjs.tz(value.format('YYYY-MM-DD HH:mm:ss'), TZ).toISOString()
}

/**
 * Today on the Beijing calendar as a local date for pickers. Deadlines and periods are Beijing days; a browser
 * in another zone (or a Beijing night in UTC) would otherwise offer yesterday, which the server refuses.
 */
export function beijingToday(): dayjs.Dayjs {
  return dayjs(dayjs().tz(TZ).format('YYYY-MM-DD'))
}

export function weekdayName(date: string): string {
  return dayjs(date).format('dddd')
}

export { dayjs }
