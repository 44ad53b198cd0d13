import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import type { FastifyRequest } from 'fastify'
import pg from 'pg'
import { loadConfig } from '../config.ts'
import type { Actor } from '../context.ts'
import { systemContext } from '../context.ts'
import { type DbHandle, migrate, openDatabase } from '../db/index.ts'
import type { AppInstance, AuthResolver } from '../http/index.ts'
import { createHttpServer } from '../http/index.ts'
import { newId } from '../ids.ts'
import {
  bundledCalendarYears,
  calendarRoutes,
  getWorkingCalendar,
  invalidateWorkingCalendar,
  listCalendarDays,
  listCalendarYears,
  loadCalendarYear,
  seedCalendar,
  type YearData,
} from './index.ts'

import { isDomainError, year2027 } from './test-fixtures.ts'

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
