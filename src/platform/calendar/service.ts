import { readdirSync, readFileSync } from 'node:fs'
import { sql } from 'kysely'
import { recordAudit } from '../audit/service.ts'
import type { Actor, RequestContext } from '../context.ts'
import { systemContext } from '../context.ts'
import type { Db, Trx } from '../db/index.ts'
import { yearNotLoaded } from './errors.ts'
import type { CalendarDayKind, YearData } from './schema.ts'
import { validateYearData } from './schema.ts'
import { type CalendarException, WorkingCalendar } from './working-calendar.ts'

export interface CalendarYearSummary {
  year: number
  source: string
  /** ISO 8601 instant. */
  loadedAt: string
  /** Listed holidays, weekend ones included. */
  holidays: number
  /** Saturdays and Sundays that are working days (调休上班). */
  adjustedWorkdays: number
}

export interface CalendarDay {
  date: string
  kind: CalendarDayKind
  name: string
}

const DATA_DIR = new URL('./data/', import.meta.url)

/** The State Council arrangements shipped with this release, validated like an admin upload. */
export function bundledCalendarYears(): YearData[] {
  return readdirSync(DATA_DIR)
    .filter((f) => /^\d{4}\.json$/.test(f))
    .sort()
    .map((file) => {
      const data = validateYearData(JSON.parse(readFileSync(new URL(file, DATA_DIR), 'utf8')), `data/${file}`)
      if (`${data.year}.json` !== file) throw new Error(`calendar data file ${file} holds year ${data.year}`)
      return data
    })
}

function loadedBy(actor: Actor): string | null {
  if (actor.kind === 'user') return actor.userId
  if (actor.kind === 'app') return actor.appId
  return null
}

async function writeYearDays(trx: Trx, data: YearData): Promise<void> {
  await trx
    .deleteFrom('calendarDays')
    .where('day', '>=', `${data.year}-01-01`)
    .where('day', '<=', `${data.year}-12-31`)
    .execute()
  const rows = [
    ...data.holidays.map((d) => ({ day: d.date, kind: 'holiday' as const, name: d.name.trim() })),
    ...data.workdays.map((d) => ({ day: d.date, kind: 'workday' as const, name: d.name.trim() })),
  ]
  if (rows.length > 0) await trx.insertInto('calendarDays').values(rows).execute()
}

function auditDetails(data: YearData, origin: 'bundled' | 'upload', replaced: boolean) {
  return {
    year: data.year,
    source: data.source,
    holidays: data.holidays.length,
    adjustedWorkdays: data.workdays.length,
    origin,
    replaced,
  }
}

/**
 * Loads every bundled year that the database does not have yet; runs on every start. A year already present
 * is left alone even if the bundled file differs, because an administrator may have corrected it.
 * Replicas starting together are safe: the year row is claimed with ON CONFLICT DO NOTHING.
 * Returns the years it loaded.
 */
export async function seedCalendar(db: Db): Promise<number[]> {
  const present = new Set((await db.selectFrom('calendarYears').select('year').execute()).map((r) => r.year))
  const loaded: number[] = []
  for (const data of bundledCalendarYears()) {
    if (present.has(data.year)) continue
    const inserted = await db.transaction().execute(async (trx) => {
      const claimed = await trx
        .insertInto('calendarYears')
        .values({ year: data.year, source: data.source.trim(), loadedBy: null })
        .onConflict((oc) => oc.column('year').doNothing())
        .returning('year')
        .executeTakeFirst()
      if (!claimed) return false
      await writeYearDays(trx, data)
      await recordAudit(trx, systemContext('calendar.seed'), {
        action: 'calendar.load_year',
        targetType: 'calendar_year',
        targetId: String(data.year),
        details: auditDetails(data, 'bundled', false),
      })
      return true
    })
    if (inserted) loaded.push(data.year)
  }
  if (loaded.length > 0) invalidateWorkingCalendar()
  return loaded
}

/**
 * Replaces one year's holidays and adjusted working days, e.g. when the next year's notice is published
 * (usually in November) or a notice is amended. All or nothing, audited as calendar.load_year.
 */
export async function loadCalendarYear(
  db: Db,
  ctx: RequestContext,
  input: YearData,
): Promise<CalendarYearSummary> {
  const data = validateYearData(input)
  const summary = await db.transaction().execute(async (trx) => {
    const previous = await trx
      .selectFrom('calendarYears')
      .select('year')
      .where('year', '=', data.year)
      .executeTakeFirst()
    // Upsert first: its row lock makes concurrent loads of one year take turns before touching the days.
    const row = await trx
      .insertInto('calendarYears')
      .values({ year: data.year, source: data.source.trim(), loadedBy: loadedBy(ctx.actor) })
      .onConflict((oc) =>
        oc.column('year').doUpdateSet({
          source: (eb) => eb.ref('excluded.source'),
          loadedBy: (eb) => eb.ref('excluded.loadedBy'),
          loadedAt: sql<Date>`now()`,
        }),
      )
      .returning(['year', 'source', 'loadedAt'])
      .executeTakeFirstOrThrow()
    await writeYearDays(trx, data)
    await recordAudit(trx, ctx, {
      action: 'calendar.load_year',
      targetType: 'calendar_year',
      targetId: String(data.year),
      details: auditDetails(data, 'upload', previous !== undefined),
    })
    return {
      ...row,
      loadedAt: row.loadedAt.toISOString(),
      holidays: data.holidays.length,
      adjustedWorkdays: data.workdays.length,
    }
  })
  invalidateWorkingCalendar()
  return summary
}

export async function listCalendarYears(db: Db): Promise<CalendarYearSummary[]> {
  const yearOf = sql<number>`extract(year from day)::int`
  const [years, counts] = await Promise.all([
    db.selectFrom('calendarYears').select(['year', 'source', 'loadedAt']).orderBy('year').execute(),
    db
      .selectFrom('calendarDays')
      .select([yearOf.as('year'), 'kind', (eb) => eb.fn.countAll<number>().as('count')])
      .groupBy([yearOf, 'kind'])
      .execute(),
  ])
  const countOf = (year: number, kind: CalendarDayKind) =>
    Number(counts.find((c) => c.year === year && c.kind === kind)?.count ?? 0)
  return years.map((y) => ({
    ...y,
    loadedAt: y.loadedAt.toISOString(),
    holidays: countOf(y.year, 'holiday'),
    adjustedWorkdays: countOf(y.year, 'workday'),
  }))
}

/** The exceptions of one loaded year, in date order. */
export async function listCalendarDays(db: Db, year: number): Promise<CalendarDay[]> {
  const loaded = await db
    .selectFrom('calendarYears')
    .select('year')
    .where('year', '=', year)
    .executeTakeFirst()
  if (!loaded) throw yearNotLoaded(year)
  const rows = await db
    .selectFrom('calendarDays')
    .select(['day', 'kind', 'name'])
    .where('day', '>=', `${year}-01-01`)
    .where('day', '<=', `${year}-12-31`)
    .orderBy('day')
    .execute()
  return rows.map((r) => ({ date: r.day, kind: r.kind, name: r.name }))
}

export async function readWorkingCalendar(db: Db): Promise<WorkingCalendar> {
  const [years, days] = await Promise.all([
    db.selectFrom('calendarYears').select('year').execute(),
    db.selectFrom('calendarDays').select(['day', 'kind', 'name']).execute(),
  ])
  const exceptions: CalendarException[] = days.map((d) => ({ date: d.day, kind: d.kind, name: d.name }))
  return new WorkingCalendar(
    years.map((y) => y.year),
    exceptions,
  )
}

/** Another replica may load a year at any time; this bounds how long this process keeps an older calendar. */
export const CALENDAR_CACHE_MS = 60_000

interface CacheEntry {
  readonly generation: number
  readonly at: number
  readonly calendar: Promise<WorkingCalendar>
}

const cache = new WeakMap<Db, CacheEntry>()
let generation = 0

/**
 * The calendar as of at most `maxAgeMs` ago. Concurrent callers share one read; a failed read is not kept.
 */
export function getWorkingCalendar(db: Db, maxAgeMs = CALENDAR_CACHE_MS): Promise<WorkingCalendar> {
  const now = Date.now()
  const hit = cache.get(db)
  if (hit && hit.generation === generation && now - hit.at < maxAgeMs) return hit.calendar
  const entry: CacheEntry = { generation, at: now, calendar: readWorkingCalendar(db) }
  cache.set(db, entry)
  entry.calendar.catch(() => {
    if (cache.get(db) === entry) cache.delete(db)
  })
  return entry.calendar
}

/** Drops every cached calendar in this process; reads already under way are discarded when they finish. */
export function invalidateWorkingCalendar(): void {
  generation += 1
}
