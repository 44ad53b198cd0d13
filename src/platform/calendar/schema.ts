import { type Static, Type } from 'typebox'
import { Value } from 'typebox/value'
import type { FieldIssue } from '../errors.ts'
import { toDayNumber, weekdayOfDayNumber } from './dates.ts'
import { calendarError } from './errors.ts'

export const MIN_YEAR = 2000
export const MAX_YEAR = 2100

export const CalendarDate = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: '日历日 YYYY-MM-DD（北京时间）',
  examples: ['2025-10-09'],
})

export const CalendarYear = Type.Integer({ minimum: MIN_YEAR, maximum: MAX_YEAR, description: '年度' })

const DayEntry = Type.Object(
  {
    date: CalendarDate,
    name: Type.String({ minLength: 1, maxLength: 40, description: '节日名称，如 春节、国庆节' }),
  },
  { additionalProperties: false },
)

/** One year's official arrangement, as published by the General Office of the State Council (国务院办公厅). */
export const YearData = Type.Object(
  {
    year: CalendarYear,
    source: Type.String({
      minLength: 1,
      maxLength: 200,
      description:
        '依据的通知名称及文号，如 国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）',
    }),
    holidays: Type.Array(DayEntry, { maxItems: 366, description: '放假日期（含落在周末的放假日）' }),
    workdays: Type.Array(DayEntry, { maxItems: 366, description: '调休上班的周六、周日' }),
  },
  { additionalProperties: false },
)
export type YearData = Static<typeof YearData>

export const CalendarDayKind = Type.Union([Type.Literal('holiday'), Type.Literal('workday')])
export type CalendarDayKind = Static<typeof CalendarDayKind>

const MAX_ISSUES = 20

function pathOf(prefix: string, instancePath: string, extra?: string): string {
  const parts = instancePath.split('/').filter(Boolean)
  if (extra) parts.push(extra)
  return [prefix, ...parts].join('.')
}

function shapeIssues(input: unknown, prefix: string): FieldIssue[] {
  const issues: FieldIssue[] = []
  for (const e of Value.Errors(YearData, input)) {
    // additionalProperties is reported twice (as a false sub-schema and as the keyword); keep one.
    if (e.keyword === 'boolean') continue
    const params = e.params as { requiredProperties?: unknown; additionalProperties?: unknown }
    if (e.keyword === 'required' && Array.isArray(params.requiredProperties)) {
      for (const name of params.requiredProperties) {
        issues.push({ field: pathOf(prefix, e.instancePath, String(name)), message: 'is required' })
      }
    } else if (e.keyword === 'additionalProperties' && Array.isArray(params.additionalProperties)) {
      for (const name of params.additionalProperties) {
        issues.push({
          field: pathOf(prefix, e.instancePath, String(name)),
          message: 'is not an allowed field',
        })
      }
    } else {
      issues.push({ field: pathOf(prefix, e.instancePath), message: e.message })
    }
  }
  return issues
}

function ruleIssues(data: YearData, prefix: string): FieldIssue[] {
  const issues: FieldIssue[] = []
  if (data.source.trim() === '') issues.push({ field: `${prefix}.source`, message: 'must not be blank' })
  const seen = new Map<string, string>()
  const check = (list: 'holidays' | 'workdays') => {
    data[list].forEach((entry, i) => {
      const field = `${prefix}.${list}.${i}`
      if (entry.name.trim() === '') issues.push({ field: `${field}.name`, message: 'must not be blank' })
      const day = toDayNumber(entry.date)
      if (day === null) {
        issues.push({ field: `${field}.date`, message: 'is not a real date' })
        return
      }
      // Replacing a year rewrites exactly that year's rows, so a row outside it would be orphaned.
      if (!entry.date.startsWith(`${data.year}-`)) {
        issues.push({ field: `${field}.date`, message: `must lie in ${data.year}` })
      }
      const earlier = seen.get(entry.date)
      if (earlier !== undefined) {
        issues.push({
          field: `${field}.date`,
          message: earlier.startsWith(list) ? `repeats ${earlier}` : `is also listed at ${earlier}`,
        })
      } else {
        seen.set(entry.date, `${list}.${i}`)
      }
      const weekday = weekdayOfDayNumber(day)
      // Monday–Friday are working days already; a listed one is almost always a typo for another date.
      if (list === 'workdays' && weekday !== 0 && weekday !== 6) {
        issues.push({
          field: `${field}.date`,
          message: 'an adjusted working day must be a Saturday or Sunday',
        })
      }
    })
  }
  check('holidays')
  check('workdays')
  return issues
}

/**
 * Checks the shape and the rules of a year's arrangement; the same check guards bundled files and the
 * admin API. Throws calendar.invalid_year_data listing every problem found (up to 20).
 */
export function validateYearData(input: unknown, prefix = 'body'): YearData {
  const shape = shapeIssues(input, prefix)
  const issues = shape.length > 0 ? shape : ruleIssues(input as YearData, prefix)
  if (issues.length > 0) {
    throw calendarError('calendar.invalid_year_data', {
      fields: issues.slice(0, MAX_ISSUES),
      detail: {
        zh: `年度节假日安排有 ${issues.length} 处问题：${issues
          .slice(0, 3)
          .map((i) => i.field)
          .join('、')}`,
        en: `${issues.length} problem(s): ${issues
          .slice(0, 3)
          .map((i) => `${i.field} ${i.message}`)
          .join('; ')}`,
      },
    })
  }
  return input as YearData
}
