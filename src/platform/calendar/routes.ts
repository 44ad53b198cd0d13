import { Type } from 'typebox'
import type { Actor } from '../context.ts'
import type { Db } from '../db/index.ts'
import { platformError } from '../errors.ts'
import type { AppInstance } from '../http/index.ts'
import { requestContext } from '../http/index.ts'
import { parseCalendarDate } from './dates.ts'
import { calendarError } from './errors.ts'
import { CalendarDate, CalendarDayKind, CalendarYear, YearData } from './schema.ts'
import { getWorkingCalendar, listCalendarDays, listCalendarYears, loadCalendarYear } from './service.ts'

export interface CalendarRouteDeps {
  readonly db: Db
  /** Who may load or replace a year's arrangement; decided by the identity module's roles. */
  readonly canAdminister: (actor: Actor) => boolean
}

const YearSummary = Type.Object({
  year: Type.Integer(),
  source: Type.String(),
  loadedAt: Type.String({ format: 'date-time' }),
  holidays: Type.Integer({ description: '放假日期数（含周末）' }),
  adjustedWorkdays: Type.Integer({ description: '调休上班日数' }),
})

const CalendarDayItem = Type.Object({ date: CalendarDate, kind: CalendarDayKind, name: Type.String() })

/** Working-day arithmetic for every signed-in user; loading a year's arrangement for administrators. */
export async function calendarRoutes(app: AppInstance, deps: CalendarRouteDeps): Promise<void> {
  const { db, canAdminister } = deps

  app.get(
    '/api/v1/calendar/add-working-days',
    {
      schema: {
        tags: ['calendar'],
        summary: '计算期限：起算日之后第 N 个工作日（N=0 为当日或其后第一个工作日）',
        querystring: Type.Object(
          { from: CalendarDate, days: Type.Integer({ minimum: 0, maximum: 3650 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ date: CalendarDate }) },
      },
    },
    async (request) => {
      const { from, days } = request.query
      parseCalendarDate(from, 'query.from')
      const calendar = await getWorkingCalendar(db)
      return { date: calendar.addWorkingDays(from, days) }
    },
  )

  app.get(
    '/api/v1/calendar/working-days',
    {
      schema: {
        tags: ['calendar'],
        summary: '两日之间的工作日数：from 之后至 to（含）；to 早于 from 时为负数',
        querystring: Type.Object({ from: CalendarDate, to: CalendarDate }, { additionalProperties: false }),
        response: { 200: Type.Object({ workingDays: Type.Integer() }) },
      },
    },
    async (request) => {
      const { from, to } = request.query
      parseCalendarDate(from, 'query.from')
      parseCalendarDate(to, 'query.to')
      const calendar = await getWorkingCalendar(db)
      return { workingDays: calendar.countWorkingDays(from, to) }
    },
  )

  app.get(
    '/api/v1/calendar/days',
    {
      schema: {
        tags: ['calendar'],
        summary: '某年的放假日与调休上班日',
        querystring: Type.Object({ year: CalendarYear }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(CalendarDayItem) }) },
      },
    },
    async (request) => ({ items: await listCalendarDays(db, request.query.year) }),
  )

  app.get(
    '/api/v1/calendar/years',
    {
      schema: {
        tags: ['calendar'],
        summary: '已导入节假日安排的年度',
        response: { 200: Type.Object({ items: Type.Array(YearSummary) }) },
      },
    },
    async () => ({ items: await listCalendarYears(db) }),
  )

  app.put(
    '/api/v1/calendar/years/:year',
    {
      schema: {
        tags: ['calendar'],
        summary: '导入或替换某年的节假日安排（依据国务院办公厅通知）',
        params: Type.Object({ year: CalendarYear }),
        body: YearData,
        response: { 200: YearSummary },
      },
    },
    async (request) => {
      if (!canAdminister(request.actor)) {
        throw platformError('auth.forbidden', {
          detail: {
            zh: '只有管理员可以导入节假日安排',
            en: 'Only administrators may load holiday arrangements',
          },
        })
      }
      if (request.body.year !== request.params.year) {
        throw calendarError('calendar.invalid_year_data', {
          fields: [{ field: 'body.year', message: 'must equal the year in the path' }],
          detail: {
            zh: '请求体中的年度与路径中的年度不一致',
            en: 'body.year differs from the year in the path',
          },
        })
      }
      return loadCalendarYear(db, requestContext(request), request.body)
    },
  )
}
