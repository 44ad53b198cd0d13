import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { testEngines } from '../../../test/support/db.ts'
import { systemContext } from '../context.ts'
import { recordAudit, verifyAuditChain } from './index.ts'

for (const engine of testEngines()) {
  describe(`audit trail on ${engine}`, () => {
    let t: TestApp
    let admin: Record<string, string>

    before(async () => {
      t = await createTestApp(engine)
      admin = await t.login('admin')
      const ctx = systemContext('test')
      await t.db.transaction().execute(async (trx) => {
        for (let i = 0; i < 20; i++) {
          await recordAudit(trx, ctx, {
            action: 'test.event',
            targetType: 'thing',
            targetId: String(i),
            regionCode: '430300',
            details: { i, nested: { b: 1, a: [1, 'x'] } },
          })
        }
      })
    })
    after(() => t.close())

    // The append-only trigger stops the app itself; a DBA with rights can still switch it off, which is
    // exactly the tampering the hash chain must reveal.
    async function tamper(statement: string): Promise<void> {
      await t.handle.exec(
        `alter table audit_events disable trigger audit_events_append_only; ${statement}; alter table audit_events enable trigger audit_events_append_only;`,
      )
    }

    test('every state change is recorded with who, org, action, target, time and request id', async () => {
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/orgs',
        headers: { ...admin, 'x-request-id': 'req-audit-0001' },
        payload: { name: '湘潭市审计测试局', type: 'department', regionCode: '430300' },
      })
      assert.equal(res.statusCode, 201)
      const id = res.json<{ id: string }>().id
      const list = await t.request({
        method: 'GET',
        url: `/api/v1/audit/events?targetId=${id}`,
        headers: admin,
      })
      const [event] = list.json<{ items: Record<string, unknown>[] }>().items
      assert.ok(event)
      assert.equal(event.action, 'org.create')
      assert.equal(event.actorName, 'admin')
      assert.equal(event.actorType, 'user')
      assert.equal(event.orgId, id)
      assert.equal(event.regionCode, '430300')
      assert.equal(event.requestId, 'req-audit-0001')
      assert.ok(typeof event.occurredAt === 'string')
    })

    test('events bound to no region (system seeding) are visible province-wide only', async () => {
      const res = await t.request({
        method: 'GET',
        url: '/api/v1/audit/events?action=calendar.load_year',
        headers: admin,
      })
      assert.ok(
        res.json<{ total: number }>().total >= 3,
        'the seeded calendar years are visible to the province admin',
      )
      const orgs = await t.request({
        method: 'GET',
        url: `/api/v1/orgs?q=${encodeURIComponent('湘潭市数据局')}`,
        headers: admin,
      })
      const orgId = orgs.json<{ items: { id: string }[] }>().items[0]?.id
      await t.request({
        method: 'POST',
        url: '/api/v1/users',
        headers: admin,
        payload: {
          username: 'city.auditor',
          displayName: '市审计',
          orgId,
          roles: ['auditor'],
          password: 'Auditor123',
        },
      })
      const city = await t.login('city.auditor', 'Auditor123')
      const hidden = await t.request({
        method: 'GET',
        url: '/api/v1/audit/events?action=calendar.load_year',
        headers: city,
      })
      assert.equal(hidden.json<{ total: number }>().total, 0)
    })

    test('the app cannot update or delete audit rows', async () => {
      await assert.rejects(
        sql`update audit_events set action = 'x' where seq = 1`.execute(t.db),
        /append-only/,
      )
      await assert.rejects(sql`delete from audit_events where seq = 1`.execute(t.db), /append-only/)
    })

    test('an intact chain verifies', async () => {
      const res = await t.request({ method: 'GET', url: '/api/v1/audit/verify', headers: admin })
      const body = res.json<{ ok: boolean; checked: number; firstBrokenId: string | null }>()
      assert.equal(body.ok, true)
      assert.ok(body.checked >= 22)
      assert.equal(body.firstBrokenId, null)
    })

    test('editing a past row is detected at that row', async () => {
      const row = await t.db
        .selectFrom('auditEvents')
        .select(['id', 'seq'])
        .where('action', '=', 'test.event')
        .orderBy('seq')
        .offset(5)
        .limit(1)
        .executeTakeFirstOrThrow()
      await tamper(`update audit_events set details = '{"i": 999}' where seq = ${row.seq}`)
      const result = await verifyAuditChain(t.db)
      assert.equal(result.ok, false)
      assert.equal(result.firstBrokenId, row.id)
      assert.equal(result.reason, 'hash_mismatch')
      assert.equal(result.checked, row.seq - 1)
    })

    test('deleting a row or the newest rows is detected', async () => {
      const fresh = await createTestApp(engine)
      try {
        const ctx = systemContext('test')
        await fresh.db.transaction().execute(async (trx) => {
          for (let i = 0; i < 5; i++) await recordAudit(trx, ctx, { action: 'test.event', details: { i } })
        })
        const rows = await fresh.db.selectFrom('auditEvents').select(['id', 'seq']).orderBy('seq').execute()
        const middle = rows[2]
        const last = rows.at(-1)
        assert.ok(middle && last)
        await fresh.handle.exec(
          `alter table audit_events disable trigger audit_events_append_only; delete from audit_events where seq = ${last.seq};`,
        )
        const tail = await verifyAuditChain(fresh.db)
        assert.equal(tail.ok, false)
        assert.equal(tail.reason, 'head_mismatch')
        await fresh.handle.exec(
          `delete from audit_events where seq = ${middle.seq}; alter table audit_events enable trigger audit_events_append_only;`,
        )
        const gap = await verifyAuditChain(fresh.db)
        assert.equal(gap.ok, false)
        assert.equal(gap.reason, 'sequence_gap')
        assert.equal(gap.firstBrokenId, rows[3]?.id)
      } finally {
        await fresh.close()
      }
    })
  })
}
