import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import type { FastifyRequest } from 'fastify'
import pg from 'pg'
import { loadConfig } from '../config.ts'
import type { Actor } from '../context.ts'
import { systemContext } from '../context.ts'
import { type DbHandle, migrate, openDatabase } from '../db/index.ts'
import { DomainError } from '../errors.ts'
import type { AppInstance, AuthResolver } from '../http/index.ts'
import { createHttpServer } from '../http/index.ts'
import { newId } from '../ids.ts'
import {
  bundledCalendarYears,
  type CalendarException,
  calendarRoutes,
  fromDayNumber,
  getWorkingCalendar,
  invalidateWorkingCalendar,
  listCalendarDays,
  listCalendarYears,
  loadCalendarYear,
  seedCalendar,
  toDayNumber,
  validateYearData,
  WorkingCalendar,
  type YearData,
} from './index.ts'

function isDomainError(code: string) {
  return (error: unknown) => {
    assert.ok(error instanceof DomainError, `expected DomainError ${code}, got ${String(error)}`)
    assert.equal(error.code, code)
    return true
  }
}

function bundledCalendar(): WorkingCalendar {
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
const year2027: YearData = {
  year: 2027,
  source: '测试用数据（非正式通知）',
  holidays: [{ date: '2027-01-01', name: '元旦' }],
  workdays: [],
}

describe('calendar dates', () => {
  it('accepts real dates only', () => {
    assert.equal(toDayNumber('1970-01-01'), 0)
    assert.equal(toDayNumber('2024-02-29') !== null, true)
    for (const bad of [
      '2025-02-29',
      '2025-02-30',
      '2025-13-01',
      '2025-00-10',
      '0099-01-01',
      '2025-1-01',
      '',
    ]) {
      assert.equal(toDayNumber(bad), null, bad)
    }
  })

  it('round-trips day numbers whatever the process time zone', () => {
    for (const d of ['1999-12-31', '2025-03-30', '2025-10-26', '2026-01-01']) {
      const n = toDayNumber(d)
      assert.ok(n !== null)
      assert.equal(fromDayNumber(n), d)
    }
  })
})

describe('bundled State Council arrangements', () => {
  it('are valid and cover 2024–2026', () => {
    const years = bundledCalendarYears()
    assert.deepEqual(
      years.map((y) => y.year),
      [2024, 2025, 2026],
    )
    assert.match(years[0]?.source ?? '', /国办发明电〔2023〕7号/)
    assert.match(years[1]?.source ?? '', /国办发明电〔2024〕12号/)
    assert.match(years[2]?.source ?? '', /国办发明电〔2025〕7号/)
  })
})

describe('WorkingCalendar on the official 2024–2026 calendar', () => {
  const cal = bundledCalendar()

  it('2025 National Day and Mid-autumn: 1–8 October off, 28 September and 11 October working', () => {
    assert.equal(cal.addWorkingDays('2025-09-30', 1), '2025-10-09')
    assert.equal(cal.addWorkingDays('2025-09-26', 1), '2025-09-28')
    assert.equal(cal.addWorkingDays('2025-10-10', 1), '2025-10-11')
    assert.equal(cal.isWorkingDay('2025-10-08'), false)
    assert.equal(cal.isWorkingDay('2025-10-06'), false)
    assert.equal(cal.isWorkingDay('2025-09-28'), true)
    assert.equal(cal.isWorkingDay('2025-10-11'), true)
    assert.equal(cal.isWorkingDay('2025-10-12'), false)
    assert.equal(cal.exception('2025-10-06')?.name, '中秋节')
  })

  it('counts working days across the 2025 National Day', () => {
    assert.equal(cal.countWorkingDays('2025-09-30', '2025-10-09'), 1)
    // 28 Sep (Sun, adjusted), 29, 30 Sep, 9, 10 Oct, 11 Oct (Sat, adjusted).
    assert.equal(cal.countWorkingDays('2025-09-26', '2025-10-12'), 6)
    assert.equal(cal.countWorkingDays('2025-10-01', '2025-10-08'), 0)
    assert.equal(cal.countWorkingDays('2025-10-09', '2025-09-30'), -1)
    assert.ok(Object.is(cal.countWorkingDays('2025-10-08', '2025-10-01'), 0))
    assert.equal(cal.countWorkingDays('2025-09-30', '2025-09-30'), 0)
  })

  it('2026 Spring Festival: 15–23 February off, 14 and 28 February working', () => {
    assert.equal(cal.addWorkingDays('2026-02-13', 1), '2026-02-14')
    assert.equal(cal.addWorkingDays('2026-02-14', 1), '2026-02-24')
    assert.equal(cal.addWorkingDays('2026-02-27', 1), '2026-02-28')
    assert.equal(cal.countWorkingDays('2026-02-13', '2026-02-28'), 6)
  })

  it('2024 Spring Festival: 10–17 February off, 4 and 18 February working, 除夕 (9 Feb) a working day', () => {
    assert.equal(cal.addWorkingDays('2024-02-02', 1), '2024-02-04')
    assert.equal(cal.isWorkingDay('2024-02-09'), true)
    assert.equal(cal.addWorkingDays('2024-02-09', 1), '2024-02-18')
    assert.equal(cal.countWorkingDays('2024-02-09', '2024-02-18'), 1)
    // 2, 4 (Sun), 5–9, 18 (Sun), 19–23, 26–29 February.
    assert.equal(cal.countWorkingDays('2024-02-01', '2024-02-29'), 17)
  })

  it('crosses the year boundary: 2026-01-01..03 off, Sunday 2026-01-04 working', () => {
    assert.equal(cal.addWorkingDays('2025-12-31', 1), '2026-01-04')
    assert.equal(cal.addWorkingDays('2025-12-31', 2), '2026-01-05')
    assert.equal(cal.nextWorkingDay('2025-12-31'), '2026-01-04')
    assert.equal(cal.countWorkingDays('2025-12-31', '2026-01-05'), 2)
  })

  it('n = 0 means the day itself when it is a working day, else the next working day', () => {
    assert.equal(cal.addWorkingDays('2025-10-09', 0), '2025-10-09')
    assert.equal(cal.addWorkingDays('2025-10-01', 0), '2025-10-09')
    assert.equal(cal.addWorkingDays('2025-09-28', 0), '2025-09-28')
  })

  it('refuses to guess in a year that is not loaded', () => {
    assert.throws(() => cal.isWorkingDay('2027-03-01'), isDomainError('calendar.year_not_loaded'))
    assert.throws(() => cal.addWorkingDays('2026-12-31', 1), isDomainError('calendar.year_not_loaded'))
    assert.throws(
      () => cal.countWorkingDays('2023-12-29', '2024-01-02'),
      isDomainError('calendar.year_not_loaded'),
    )
    try {
      cal.addWorkingDays('2026-12-30', 5)
      assert.fail('expected year_not_loaded')
    } catch (error) {
      assert.ok(error instanceof DomainError)
      assert.equal(error.status, 422)
      assert.deepEqual(error.extra, { year: 2027 })
    }
  })

  it('rejects impossible dates and bad counts', () => {
    assert.throws(() => cal.isWorkingDay('2025-02-30'), isDomainError('calendar.date_invalid'))
    assert.throws(() => cal.addWorkingDays('2025-02-29', 1), isDomainError('calendar.date_invalid'))
    assert.throws(() => cal.addWorkingDays('2025-02-03', -1), RangeError)
    assert.throws(() => cal.addWorkingDays('2025-02-03', 1.5), RangeError)
  })

  it('property: count(d, add(d, n)) = n, and the result is the first such working day', () => {
    const start = toDayNumber('2024-01-01') ?? 0
    const end = toDayNumber('2026-12-31') ?? 0
    fc.assert(
      fc.property(fc.integer({ min: start, max: end }), fc.integer({ min: 0, max: 200 }), (dayNumber, n) => {
        const d = fromDayNumber(dayNumber)
        let r: string
        try {
          r = cal.addWorkingDays(d, n)
        } catch (error) {
          if (error instanceof DomainError && error.code === 'calendar.year_not_loaded') {
            fc.pre(false)
          }
          throw error
        }
        assert.equal(cal.isWorkingDay(r), true)
        if (n === 0) {
          assert.equal(r, cal.isWorkingDay(d) ? d : cal.nextWorkingDay(d))
          return
        }
        assert.equal(cal.countWorkingDays(d, r), n)
        assert.equal(cal.countWorkingDays(r, d), -n)
        const dayBefore = fromDayNumber((toDayNumber(r) ?? 0) - 1)
        assert.equal(cal.countWorkingDays(d, dayBefore), n - 1)
      }),
      { numRuns: 500 },
    )
  })
})

describe('YearData validation', () => {
  const valid: YearData = {
    year: 2030,
    source: '测试',
    holidays: [{ date: '2030-01-01', name: '元旦' }],
    workdays: [{ date: '2030-01-05', name: '元旦' }],
  }
  const fields = (input: unknown): string[] => {
    try {
      validateYearData(input)
    } catch (error) {
      assert.ok(error instanceof DomainError)
      assert.equal(error.code, 'calendar.invalid_year_data')
      assert.equal(error.status, 400)
      return (error.fields ?? []).map((f) => f.field)
    }
    return []
  }

  it('accepts a sensible year', () => {
    assert.deepEqual(fields(valid), [])
  })

  it('reports shape problems by field', () => {
    assert.deepEqual(fields({ ...valid, source: undefined }), ['body.source'])
    assert.deepEqual(fields({ ...valid, extra: 1 }), ['body.extra'])
    assert.deepEqual(fields({ ...valid, holidays: [{ date: '2030-1-1', name: '元旦' }] }), [
      'body.holidays.0.date',
    ])
    assert.deepEqual(fields({ ...valid, year: 1999 }), ['body.year'])
    assert.deepEqual(fields('nonsense'), ['body'])
  })

  it('enforces the rules: real dates, inside the year, no repeats, adjusted working days on weekends', () => {
    assert.deepEqual(fields({ ...valid, holidays: [{ date: '2030-02-30', name: '春节' }] }), [
      'body.holidays.0.date',
    ])
    assert.deepEqual(fields({ ...valid, holidays: [{ date: '2031-01-01', name: '元旦' }] }), [
      'body.holidays.0.date',
    ])
    assert.deepEqual(fields({ ...valid, workdays: [{ date: '2030-01-01', name: '元旦' }] }), [
      'body.workdays.0.date',
      'body.workdays.0.date',
    ])
    assert.deepEqual(fields({ ...valid, workdays: [{ date: '2030-01-07', name: '元旦' }] }), [
      'body.workdays.0.date',
    ])
    assert.deepEqual(
      fields({
        ...valid,
        holidays: [
          { date: '2030-01-01', name: '元旦' },
          { date: '2030-01-01', name: '元旦' },
        ],
      }),
      ['body.holidays.1.date'],
    )
    assert.deepEqual(fields({ ...valid, source: '   ' }), ['body.source'])
  })
})

interface TestDatabase {
  readonly handle: DbHandle
  /** Another connection to the same database (a second replica); PGlite has only one. */
  openAnother(): Promise<DbHandle>
  drop(): Promise<void>
}

const MIGRATIONS = [{ module: 'platform', dir: fileURLToPath(new URL('../migrations', import.meta.url)) }]

async function openTestDatabase(engine: 'pglite' | 'postgres'): Promise<TestDatabase> {
  if (engine === 'pglite') {
    const handle = await openDatabase({})
    const result = await migrate(handle.db, MIGRATIONS)
    if (result.error) throw result.error
    return { handle, openAnother: async () => handle, drop: () => handle.close() }
  }
  const adminUrl = process.env.TEST_DATABASE_URL ?? ''
  const name = `cal_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const handle = await openDatabase({ databaseUrl: url.toString() })
  const result = await migrate(handle.db, MIGRATIONS)
  if (result.error) throw result.error
  const others: DbHandle[] = []
  return {
    handle,
    async openAnother() {
      const other = await openDatabase({ databaseUrl: url.toString() })
      others.push(other)
      return other
    },
    async drop() {
      for (const other of others) await other.close()
      await handle.close()
      const cleanup = new pg.Client({ connectionString: adminUrl })
      await cleanup.connect()
      await cleanup.query(`drop database if exists ${name} with (force)`)
      await cleanup.end()
    },
  }
}

const engines: ('pglite' | 'postgres')[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']

const adminUser: Actor = {
  kind: 'user',
  userId: newId(),
  username: 'admin',
  displayName: '管理员',
  orgId: newId(),
  regionCode: '440000',
  roles: ['bureau_admin'],
  scopeRegionCode: '440000',
  sessionId: newId(),
  via: 'bearer',
}
const plainUser: Actor = { ...adminUser, userId: newId(), username: 'clerk', roles: ['org_member'] }

for (const engine of engines) {
  describe(`calendar service and routes (${engine})`, () => {
    let test: TestDatabase
    let app: AppInstance
    let dataDir: string

    const auditCount = async () =>
      Number(
        (
          await test.handle.db
            .selectFrom('auditEvents')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('action', '=', 'calendar.load_year')
            .executeTakeFirstOrThrow()
        ).n,
      )

    before(async () => {
      test = await openTestDatabase(engine)
      dataDir = mkdtempSync(join(tmpdir(), 'shuhui-cal-'))
      const auth: AuthResolver = {
        async resolve(request: FastifyRequest) {
          const who = request.headers['x-test-user']
          if (who === 'admin') return { actor: adminUser, csrfToken: null }
          if (who === 'clerk') return { actor: plainUser, csrfToken: null }
          return { actor: { kind: 'anonymous' }, csrfToken: null }
        },
      }
      app = await createHttpServer({
        config: loadConfig({ DATA_DIR: dataDir, SECRET_KEY: 'ab'.repeat(32) }),
        auth,
        logger: false,
      })
      await calendarRoutes(app, {
        db: test.handle.db,
        canAdminister: (actor) => actor.kind === 'user' && actor.roles.includes('bureau_admin'),
      })
      await app.ready()
    })

    after(async () => {
      await app?.close()
      await test?.drop()
      if (dataDir) rmSync(dataDir, { recursive: true, force: true })
    })

    it('seeds the bundled years once, even when two replicas start together', async () => {
      const other = await test.openAnother()
      const [a, b] = await Promise.all([seedCalendar(test.handle.db), seedCalendar(other.db)])
      assert.deepEqual([...a, ...b].sort(), [2024, 2025, 2026])
      assert.deepEqual(await seedCalendar(test.handle.db), [])
      assert.equal(await auditCount(), 3)
      const years = await listCalendarYears(test.handle.db)
      assert.deepEqual(
        years.map((y) => [y.year, y.holidays, y.adjustedWorkdays]),
        [
          [2024, 28, 8],
          [2025, 28, 5],
          [2026, 33, 6],
        ],
      )
      assert.match(years[1]?.source ?? '', /〔2024〕12号/)
    })

    it('lists the exceptions of a year in date order', async () => {
      const days = await listCalendarDays(test.handle.db, 2025)
      assert.equal(days.length, 33)
      assert.deepEqual(days[0], { date: '2025-01-01', kind: 'holiday', name: '元旦' })
      assert.deepEqual(
        days.filter((d) => d.kind === 'workday').map((d) => d.date),
        ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
      )
      await assert.rejects(listCalendarDays(test.handle.db, 2030), isDomainError('calendar.year_not_loaded'))
    })

    it('computes from the database calendar, and a newly loaded 2027 works', async () => {
      invalidateWorkingCalendar()
      const cal = await getWorkingCalendar(test.handle.db)
      assert.equal(cal.addWorkingDays('2025-09-30', 1), '2025-10-09')
      assert.equal(cal.addWorkingDays('2025-12-31', 1), '2026-01-04')
      assert.throws(() => cal.addWorkingDays('2027-01-05', 1), isDomainError('calendar.year_not_loaded'))

      const before = await auditCount()
      const summary = await loadCalendarYear(test.handle.db, systemContext('test'), year2027)
      assert.equal(summary.year, 2027)
      assert.equal(summary.holidays, 1)
      assert.equal(summary.adjustedWorkdays, 0)
      assert.equal(await auditCount(), before + 1)

      const fresh = await getWorkingCalendar(test.handle.db)
      assert.notEqual(fresh, cal)
      assert.equal(fresh.addWorkingDays('2026-12-31', 1), '2027-01-04')
      assert.equal(fresh.addWorkingDays('2027-01-05', 1), '2027-01-06')
    })

    it('replaces a year atomically and rejects invalid data without writing anything', async () => {
      const before = await auditCount()
      const bad = { ...year2027, workdays: [{ date: '2027-01-01', name: '元旦' }] }
      await assert.rejects(
        loadCalendarYear(test.handle.db, systemContext('test'), bad),
        isDomainError('calendar.invalid_year_data'),
      )
      assert.deepEqual(
        (await listCalendarDays(test.handle.db, 2027)).map((d) => d.date),
        ['2027-01-01'],
      )
      assert.equal(await auditCount(), before)

      // A failure after the days were rewritten (here: the audit insert) must leave the old year intact.
      await test.handle.exec(`
        create function calendar_test_fail() returns trigger language plpgsql as $$
        begin raise exception 'audit unavailable'; end; $$;
        create trigger calendar_test_fail before insert on audit_events
          for each row execute function calendar_test_fail();`)
      try {
        const replacement: YearData = {
          ...year2027,
          holidays: [
            { date: '2027-01-01', name: '元旦' },
            { date: '2027-02-05', name: '春节' },
          ],
        }
        await assert.rejects(
          loadCalendarYear(test.handle.db, systemContext('test'), replacement),
          /audit unavailable/,
        )
      } finally {
        await test.handle.exec(
          'drop trigger calendar_test_fail on audit_events; drop function calendar_test_fail();',
        )
      }
      assert.deepEqual(
        (await listCalendarDays(test.handle.db, 2027)).map((d) => d.date),
        ['2027-01-01'],
      )
      const row = await test.handle.db
        .selectFrom('calendarYears')
        .select('source')
        .where('year', '=', 2027)
        .executeTakeFirstOrThrow()
      assert.equal(row.source, year2027.source)
    })

    it('keeps an administrator-corrected year when seeding again', async () => {
      const corrected = bundledCalendarYears().find((y) => y.year === 2025)
      assert.ok(corrected)
      await loadCalendarYear(test.handle.db, systemContext('test'), {
        ...corrected,
        source: `${corrected.source}（更正）`,
      })
      assert.deepEqual(await seedCalendar(test.handle.db), [])
      const years = await listCalendarYears(test.handle.db)
      assert.match(years.find((y) => y.year === 2025)?.source ?? '', /更正/)
    })

    it('caches the calendar and re-reads after the TTL or an invalidation', async () => {
      const db = test.handle.db
      const first = await getWorkingCalendar(db)
      assert.equal(await getWorkingCalendar(db), first)
      // Another replica loading a year is invisible until the cache expires.
      await db
        .insertInto('calendarYears')
        .values({ year: 2028, source: 'other replica', loadedBy: null })
        .execute()
      assert.equal((await getWorkingCalendar(db)).hasYear(2028), false)
      assert.equal((await getWorkingCalendar(db, 0)).hasYear(2028), true)
      await db.deleteFrom('calendarYears').where('year', '=', 2028).execute()
      invalidateWorkingCalendar()
      assert.equal((await getWorkingCalendar(db)).hasYear(2028), false)
    })

    const get = (url: string, user?: 'admin' | 'clerk') =>
      app.inject({ method: 'GET', url, headers: user ? { 'x-test-user': user } : {} })
    const put = (url: string, body: unknown, user: 'admin' | 'clerk') =>
      app.inject({ method: 'PUT', url, payload: body as object, headers: { 'x-test-user': user } })

    it('GET add-working-days and working-days', async () => {
      let res = await get('/api/v1/calendar/add-working-days?from=2025-09-30&days=1', 'clerk')
      assert.equal(res.statusCode, 200)
      assert.deepEqual(res.json(), { date: '2025-10-09' })
      res = await get('/api/v1/calendar/add-working-days?from=2025-10-01&days=0', 'clerk')
      assert.deepEqual(res.json(), { date: '2025-10-09' })
      res = await get('/api/v1/calendar/working-days?from=2025-09-26&to=2025-10-12', 'clerk')
      assert.deepEqual(res.json(), { workingDays: 6 })
      res = await get('/api/v1/calendar/working-days?from=2025-10-12&to=2025-09-26', 'clerk')
      assert.deepEqual(res.json(), { workingDays: -6 })
    })

    it('rejects bad dates with the field named, and unloaded years with 422', async () => {
      let res = await get('/api/v1/calendar/add-working-days?from=2025-02-30&days=1', 'clerk')
      assert.equal(res.statusCode, 400)
      assert.equal(res.json().code, 'calendar.date_invalid')
      assert.deepEqual(
        res.json().errors.map((e: { field: string }) => e.field),
        ['query.from'],
      )
      res = await get('/api/v1/calendar/working-days?from=2025-01-01&to=2025-04-31', 'clerk')
      assert.equal(res.json().errors[0].field, 'query.to')
      res = await get('/api/v1/calendar/add-working-days?from=2025-9-30&days=1', 'clerk')
      assert.equal(res.statusCode, 400)
      assert.equal(res.json().code, 'request.invalid')
      res = await get('/api/v1/calendar/add-working-days?from=2025-09-30&days=3651', 'clerk')
      assert.equal(res.json().code, 'request.invalid')
      res = await get('/api/v1/calendar/add-working-days?from=2029-03-01&days=1', 'clerk')
      assert.equal(res.statusCode, 422)
      assert.equal(res.json().code, 'calendar.year_not_loaded')
      assert.equal(res.json().year, 2029)
    })

    it('requires a signed-in user', async () => {
      const res = await get('/api/v1/calendar/years')
      assert.equal(res.statusCode, 401)
      assert.equal(res.json().code, 'auth.required')
    })

    it('GET days and years', async () => {
      let res = await get('/api/v1/calendar/days?year=2026', 'clerk')
      assert.equal(res.statusCode, 200)
      const items = res.json().items as { date: string; kind: string; name: string }[]
      assert.equal(items.length, 39)
      assert.deepEqual(
        items.find((d) => d.date === '2026-01-04'),
        { date: '2026-01-04', kind: 'workday', name: '元旦' },
      )
      res = await get('/api/v1/calendar/days?year=2031', 'clerk')
      assert.equal(res.statusCode, 422)
      res = await get('/api/v1/calendar/years', 'clerk')
      const years = res.json().items as { year: number; loadedAt: string }[]
      assert.deepEqual(
        years.map((y) => y.year),
        [2024, 2025, 2026, 2027],
      )
      assert.ok(!Number.isNaN(Date.parse(years[0]?.loadedAt ?? '')))
    })

    it('PUT years/:year: administrators only, year must match, data validated, audited', async () => {
      const body: YearData = {
        ...year2027,
        holidays: [...year2027.holidays, { date: '2027-02-05', name: '春节' }],
      }
      let res = await put('/api/v1/calendar/years/2027', body, 'clerk')
      assert.equal(res.statusCode, 403)
      assert.equal(res.json().code, 'auth.forbidden')
      res = await put('/api/v1/calendar/years/2028', body, 'admin')
      assert.equal(res.statusCode, 400)
      assert.equal(res.json().code, 'calendar.invalid_year_data')
      assert.equal(res.json().errors[0].field, 'body.year')
      res = await put(
        '/api/v1/calendar/years/2027',
        { ...body, workdays: [{ date: '2027-01-04', name: 'x' }] },
        'admin',
      )
      assert.equal(res.statusCode, 400)
      assert.equal(res.json().code, 'calendar.invalid_year_data')
      assert.equal(res.json().errors[0].field, 'body.workdays.0.date')
      res = await put('/api/v1/calendar/years/2027', { ...body, unknown: true }, 'admin')
      assert.equal(res.statusCode, 400)

      res = await put('/api/v1/calendar/years/2027', body, 'admin')
      assert.equal(res.statusCode, 200)
      assert.equal(res.json().year, 2027)
      assert.equal(res.json().holidays, 2)
      res = await get('/api/v1/calendar/add-working-days?from=2027-02-04&days=1', 'clerk')
      assert.deepEqual(res.json(), { date: '2027-02-08' })

      const event = await test.handle.db
        .selectFrom('auditEvents')
        .selectAll()
        .where('action', '=', 'calendar.load_year')
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow()
      assert.equal(event.actorId, adminUser.kind === 'user' ? adminUser.userId : null)
      assert.equal(event.targetId, '2027')
      assert.deepEqual(event.details, {
        year: 2027,
        source: year2027.source,
        holidays: 2,
        adjustedWorkdays: 0,
        origin: 'upload',
        replaced: true,
      })
      const loadedBy = await test.handle.db
        .selectFrom('calendarYears')
        .select('loadedBy')
        .where('year', '=', 2027)
        .executeTakeFirstOrThrow()
      assert.equal(loadedBy.loadedBy, adminUser.kind === 'user' ? adminUser.userId : null)
    })
  })
}
