import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import pg from 'pg'
import type { TestApp } from '../../../../test/support/app.ts'
import { testEngines } from '../../../../test/support/db.ts'
import { openSecret } from '../../../platform/crypto/index.ts'
import { csvRow, multipartUpload } from './fixtures.ts'
import {
  csv,
  type MountContext,
  type MountView,
  openMountContext,
  type Preview,
  type Problem,
} from './test-context.ts'

for (const engine of testEngines()) {
  describe(`catalog mounting: external sources, switching, permissions on ${engine}`, () => {
    let c: MountContext
    let t: TestApp
    let admin: Record<string, string>
    let steward: Record<string, string>
    let otherSteward: Record<string, string>
    let reviewer: Record<string, string>
    const resource = (name: string) => c.resource(name)
    const upload = (...args: Parameters<MountContext['upload']>) => c.upload(...args)
    const preview = (...args: Parameters<MountContext['preview']>) => c.preview(...args)
    const mountOf = (...args: Parameters<MountContext['mountOf']>) => c.mountOf(...args)

    before(async () => {
      c = await openMountContext(engine)
      ;({ t, admin, steward, otherSteward, reviewer } = c)
    })
    after(() => c.close())

    test('an external PostgreSQL table: connection string sealed, never returned; columns checked', async () => {
      const id = await resource('挂接-外部库')
      const base = process.env.TEST_DATABASE_URL
      // Unreachable: a clean 422 that names neither the URL nor the password.
      const secret = 'S3cret-pw'
      const down = await t.request({
        method: 'PUT',
        url: `/api/v1/catalog/resources/${id}/mount`,
        headers: steward,
        payload: { kind: 'postgres', url: `postgres://reader:${secret}@127.0.0.1:1/data`, table: 'people' },
      })
      assert.equal(down.statusCode, 422, down.body)
      assert.equal(down.json<Problem>().code, 'catalog.mount_connection_failed')
      assert.ok(!down.body.includes(secret) && !down.body.includes('reader'), down.body)
      const tried = await sql<{ outcome: string; details: unknown }>`select outcome, details from audit_events
        where target_id = ${id} and action = 'catalog.resource_mount'`.execute(t.db)
      assert.equal(tried.rows[0]?.outcome, 'failure', 'a failed attempt is audited')
      assert.ok(!JSON.stringify(tried.rows).includes(secret))
      const notPg = await t.request({
        method: 'PUT',
        url: `/api/v1/catalog/resources/${id}/mount`,
        headers: steward,
        payload: { kind: 'postgres', url: 'mysql://x@127.0.0.1/db', table: 'people' },
      })
      assert.equal(notPg.json<Problem>().code, 'catalog.mount_invalid')
      if (!base) return

      const schema = `mount_ext_${Date.now().toString(36)}`
      const ext = new pg.Client({ connectionString: base })
      await ext.connect()
      try {
        await ext.query(`create schema ${schema}`)
        await ext.query(`create table ${schema}.people (xm text, sfzh text, sjhm text, hjdz text, nl int,
          sg numeric, csrq date, djsj timestamptz, sfyx boolean, remark text)`)
        await ext.query(`create table ${schema}.partial (xm text, sfzh text)`)
        await ext.query(
          `insert into ${schema}.people values ('孙八', '430302199001019999', '13700001234',
            '湖南省湘潭市岳塘区建设路', 30, 170.1, '1995-05-05', '2025-01-01 10:00:00+08', true, 'x')`,
        )
        const put = (table: string) =>
          t.request({
            method: 'PUT',
            url: `/api/v1/catalog/resources/${id}/mount`,
            headers: steward,
            payload: { kind: 'postgres', url: base, schema, table },
          })
        const missing = await put('nothing_here')
        assert.equal(missing.json<Problem>().code, 'catalog.mount_table_not_found')
        const partial = await put('partial')
        assert.equal(partial.statusCode, 422)
        assert.ok(partial.json<Problem>().missing?.includes('nl'))
        const ok = await put('people')
        assert.equal(ok.statusCode, 200, ok.body)
        const m = ok.json<MountView>()
        assert.equal(m.kind, 'postgres')
        assert.deepEqual(m.config?.extraColumns, ['remark'])
        const password = new URL(base).password
        for (const body of [
          ok.body,
          (await t.request({ method: 'GET', url: `/api/v1/catalog/resources/${id}/mount`, headers: steward }))
            .body,
        ]) {
          assert.ok(!body.includes(base), 'the connection string is never returned')
          if (password) assert.ok(!body.includes(password))
        }
        const stored = await sql<{ secret_sealed: string; config: unknown }>`
          select secret_sealed, config from resource_mounts where resource_id = ${id}`.execute(t.db)
        const sealed = String((stored.rows[0] as { secretSealed?: string }).secretSealed)
        assert.match(sealed, /^sm4v1:/)
        assert.ok(!JSON.stringify(stored.rows[0]).includes(base))
        assert.equal(openSecret(t.config.secretKey, sealed, `mount:${id}`), base)
        const p = (await preview(id)).json<Preview>()
        assert.equal(p.kind, 'postgres')
        assert.deepEqual(
          [
            p.rows[0]?.xm,
            p.rows[0]?.sfzh,
            p.rows[0]?.sjhm,
            p.rows[0]?.hjdz,
            p.rows[0]?.nl,
            p.rows[0]?.djsj,
            p.rows[0]?.sfyx,
          ],
          [
            '孙*',
            '430302********9999',
            '137****1234',
            '湖南省湘潭市岳塘区****',
            30,
            '2025-01-01T02:00:00.000Z',
            true,
          ],
        )
      } finally {
        await ext.query(`drop schema if exists ${schema} cascade`)
        await ext.end()
      }
    })

    test('an HTTP API mount is stored without calling it; preview says 409; unmount clears it', async () => {
      const id = await resource('挂接-接口')
      const bad = await t.request({
        method: 'PUT',
        url: `/api/v1/catalog/resources/${id}/mount`,
        headers: steward,
        payload: { kind: 'http', url: 'ftp://127.0.0.1/data' },
      })
      assert.equal(bad.statusCode, 400)
      assert.equal(bad.json<Problem>().code, 'catalog.mount_invalid')
      const creds = await t.request({
        method: 'PUT',
        url: `/api/v1/catalog/resources/${id}/mount`,
        headers: steward,
        payload: { kind: 'http', url: 'https://u:p@api.example.gov.cn/people' },
      })
      assert.equal(creds.statusCode, 400)
      const ok = await t.request({
        method: 'PUT',
        url: `/api/v1/catalog/resources/${id}/mount`,
        headers: steward,
        payload: { kind: 'http', url: 'http://127.0.0.1:9/api/people?page=1' },
      })
      assert.equal(ok.statusCode, 200, ok.body)
      assert.equal(ok.json<MountView>().config?.url, 'http://127.0.0.1:9/api/people?page=1')
      const p = await preview(id)
      assert.equal(p.statusCode, 409)
      assert.equal(p.json<Problem>().code, 'catalog.preview_unavailable')
      const del = await t.request({
        method: 'DELETE',
        url: `/api/v1/catalog/resources/${id}/mount`,
        headers: steward,
      })
      assert.equal(del.statusCode, 204)
      const m = await mountOf(id)
      assert.equal(m.status, 'unmounted')
      assert.equal(m.kind, null)
      const again = await t.request({
        method: 'DELETE',
        url: `/api/v1/catalog/resources/${id}/mount`,
        headers: steward,
      })
      assert.equal(again.json<Problem>().code, 'catalog.mount_not_found')
      assert.equal((await preview(id)).statusCode, 409)
    })

    test('switching a datastore mount to another kind drops the hosted copy; unmount drops it too', async () => {
      const id = await resource('挂接-切换')
      assert.equal((await upload(id, 'a.csv', csv(csvRow(1)))).statusCode, 200)
      const table = `r_${id.replace(/-/g, '')}`
      const exists = async () =>
        (
          await sql<{ n: number }>`select count(*)::int as n from information_schema.tables
            where table_schema = 'datastore' and table_name = ${table}`.execute(t.db)
        ).rows[0]?.n
      assert.equal(await exists(), 1)
      const put = await t.request({
        method: 'PUT',
        url: `/api/v1/catalog/resources/${id}/mount`,
        headers: steward,
        payload: { kind: 'http', url: 'https://api.example.gov.cn/x' },
      })
      assert.equal(put.statusCode, 200)
      assert.equal(await exists(), 0)
      assert.equal((await upload(id, 'a.csv', csv(csvRow(1)))).statusCode, 200)
      assert.equal(
        (
          await t.request({
            method: 'DELETE',
            url: `/api/v1/catalog/resources/${id}/mount`,
            headers: steward,
          })
        ).statusCode,
        204,
      )
      assert.equal(await exists(), 0)
      // Deleting a never-published draft takes its hosted data with it.
      assert.equal((await upload(id, 'a.csv', csv(csvRow(1)))).statusCode, 200)
      assert.equal(await exists(), 1)
      const del = await t.request({
        method: 'DELETE',
        url: `/api/v1/catalog/resources/${id}`,
        headers: steward,
      })
      assert.equal(del.statusCode, 204, del.body)
      assert.equal(await exists(), 0)
    })

    test('only the provider mounts; readers preview masked; every mount, load, unmount and preview is audited', async () => {
      const id = await resource('挂接-权限')
      assert.equal((await upload(id, 'a.csv', csv(csvRow(1)))).statusCode, 200)
      // A draft is invisible to another org: 404, as if missing.
      const body = multipartUpload('a.csv', csv(csvRow(1)))
      const hidden = await t.request({
        method: 'POST',
        url: `/api/v1/catalog/resources/${id}/mount/upload`,
        headers: { ...otherSteward, ...body.headers },
        payload: body.payload,
      })
      assert.equal(hidden.statusCode, 404)
      assert.equal((await preview(id, otherSteward)).statusCode, 404)
      // The region's reviewer reads drafts, so previews them (masked) but may not mount.
      const rp = await preview(id, reviewer)
      assert.equal(rp.statusCode, 200)
      assert.equal(rp.json<Preview>().rows[0]?.xm, '张*')
      const rm = await t.request({
        method: 'DELETE',
        url: `/api/v1/catalog/resources/${id}/mount`,
        headers: reviewer,
      })
      assert.equal(rm.statusCode, 403)
      // Published: everyone signed in reads it and previews masked; only the provider mounts.
      assert.equal(
        (await t.request({ method: 'POST', url: `/api/v1/catalog/resources/${id}/submit`, headers: steward }))
          .statusCode,
        200,
      )
      assert.equal(
        (
          await t.request({
            method: 'POST',
            url: `/api/v1/catalog/resources/${id}/publish`,
            headers: reviewer,
          })
        ).statusCode,
        200,
      )
      const op = await preview(id, otherSteward)
      assert.equal(op.statusCode, 200)
      assert.equal(op.json<Preview>().rows[0]?.sfzh, '430302********001X')
      const mv = await mountOf(id, otherSteward)
      assert.equal(mv.status, 'mounted')
      assert.equal(mv.config, null, 'where the data lives is for the provider and its reviewers')
      const put = await t.request({
        method: 'PUT',
        url: `/api/v1/catalog/resources/${id}/mount`,
        headers: otherSteward,
        payload: { kind: 'http', url: 'https://api.example.gov.cn/x' },
      })
      assert.equal(put.statusCode, 403)
      for (const [method, url] of [
        ['GET', `/api/v1/catalog/resources/${id}/mount`],
        ['PUT', `/api/v1/catalog/resources/${id}/mount`],
        ['DELETE', `/api/v1/catalog/resources/${id}/mount`],
        ['GET', `/api/v1/catalog/resources/${id}/preview`],
        ['POST', `/api/v1/catalog/resources/${id}/mount/upload`],
      ] as const) {
        const res = await t.request({ method, url })
        assert.equal(res.statusCode, 401, `${method} ${url}`)
      }
      assert.equal(
        (
          await t.request({
            method: 'DELETE',
            url: `/api/v1/catalog/resources/${id}/mount`,
            headers: steward,
          })
        ).statusCode,
        204,
      )
      const events = await sql<{ action: string; outcome: string }>`
        select action, outcome from audit_events where target_id = ${id} order by seq`.execute(t.db)
      const actions = events.rows.map((e) => e.action)
      assert.ok(actions.includes('catalog.resource_load'))
      assert.ok(actions.includes('catalog.resource_unmount'))
      assert.equal(actions.filter((a) => a === 'catalog.resource_preview').length, 2)
      const audit = await t.request({ method: 'GET', url: '/api/v1/audit/verify', headers: admin })
      assert.equal(audit.json<{ ok: boolean }>().ok, true)
    })
  })
}
