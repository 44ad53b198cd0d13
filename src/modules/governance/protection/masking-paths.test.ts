/**
 * Masking is applied in every consumer path — catalog preview, gateway, batch exchange and downloads (catalog's
 * maskResourceRows, which the portal uses) — by the one platform function, chosen by grade, grade policy,
 * confirmed sensitive types and the grant. The same value hashes to the same token on every path.
 */
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { gunzipSync } from 'node:zlib'
import { testEngines } from '../../../../test/support/db.ts'
import { JobRunner } from '../../../platform/jobs/index.ts'
import { maskHash, REDACTED } from '../../../platform/masking/index.ts'
import { maskResourceRows } from '../../catalog/index.ts'
import { registerSharingJobs } from '../../sharing/index.ts'
import { FIELDS, openProtection, type ProtectionContext, personRow } from './test-context.ts'

type Row = Record<string, unknown>

const GRADING = {
  categoryPath: '公共管理/人口/户籍',
  impactObject: 'individual',
  impactDegree: 'extremely_serious',
  basis: '全省户籍人口个人信息',
  fields: [
    { code: 'xm', impactObject: 'individual', impactDegree: 'serious' },
    { code: 'nl', impactObject: 'none', impactDegree: 'ordinary' },
    { code: 'bz', impactObject: 'national_security', impactDegree: 'serious' },
  ],
}

function parseCsv(text: string): Row[] {
  const [header, ...lines] = text.split(/\r?\n/).filter(Boolean)
  const cols = (header ?? '').split(',')
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])))
}

for (const engine of testEngines()) {
  describe(`masking in every consumer path on ${engine}`, () => {
    let c: ProtectionContext
    let dataDir: string
    let pepper: Buffer
    const p7 = personRow(7)

    /** What an unreviewed reader must see of person 7, field by field. */
    const expectMasked = (row: Row | undefined) => {
      assert.ok(row, 'person 7 is delivered')
      assert.equal(row.c7, `${p7.c7.slice(0, 6)}********${p7.c7.slice(-4)}`, 'ID number: first 6, last 4')
      assert.equal(row.lx, `${p7.lx.slice(0, 3)}****${p7.lx.slice(-4)}`, 'mobile: middle four hidden')
      assert.equal(row.acct, `${'*'.repeat(p7.acct.length - 4)}${p7.acct.slice(-4)}`, 'bank card: last 4')
      assert.equal(row.xm, `${p7.xm[0]}${'*'.repeat([...p7.xm].length - 1)}`, 'name: 张*')
      assert.equal(row.zz, '湖南省湘潭市雨湖区****', 'address: up to the district')
      assert.equal(row.bz, REDACTED, 'core: redacted')
      assert.equal(row.nl, maskHash(pepper, String(p7.nl)), 'general-1 under a hash policy: joinable token')
    }

    before(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'shuhui-masking-'))
      c = await openProtection(engine, { DATA_DIR: dataDir })
      pepper = c.t.config.secretKey
      const graded = await c.t.request({
        method: 'PUT',
        url: `/api/v1/governance/resources/${c.resourceId}/grading`,
        headers: c.steward,
        payload: GRADING,
      })
      assert.equal(graded.statusCode, 200, graded.body)
      // The names 证件, 联系方式 and 银行账户 say little; discovery finds the types from the values.
      const found = await c.t.request({
        method: 'POST',
        url: `/api/v1/catalog/resources/${c.resourceId}/discover`,
        headers: c.steward,
      })
      assert.equal(found.statusCode, 200, found.body)
      const run = found.json<{ id: string; proposals: { code: string; type: string | null }[] }>()
      const types = Object.fromEntries(run.proposals.map((x) => [x.code, x.type]))
      assert.deepEqual(
        { c7: types.c7, lx: types.lx, acct: types.acct },
        { c7: 'id_number', lx: 'mobile', acct: 'bank_card' },
      )
      const confirmed = await c.t.request({
        method: 'POST',
        url: `/api/v1/governance/discoveries/${run.id}/confirm`,
        headers: c.steward,
        payload: {
          fields: run.proposals.map((x) => ({ code: x.code, type: x.type, grade: null })),
        },
      })
      assert.equal(confirmed.statusCode, 200, confirmed.body)
      const policy = await c.t.request({
        method: 'PUT',
        url: '/api/v1/governance/grade-policies/general_1',
        headers: c.admin,
        payload: {
          shareTypes: ['unconditional', 'conditional', 'none'],
          openTypes: ['open', 'conditional', 'closed'],
          masking: 'hash',
          approvers: ['provider'],
        },
      })
      assert.equal(policy.statusCode, 200, policy.body)
    })
    after(async () => {
      await c.close()
      await rm(dataDir, { recursive: true, force: true })
    })

    test('catalog preview', async () => {
      const res = await c.t.request({
        method: 'GET',
        url: `/api/v1/catalog/resources/${c.resourceId}/preview`,
        headers: c.steward,
      })
      assert.equal(res.statusCode, 200, res.body)
      const body = res.json<{ rows: Row[]; masked: string[] }>()
      expectMasked(body.rows.find((r) => r.nl === maskHash(pepper, String(p7.nl)) && String(r.zz) !== ''))
      assert.deepEqual(new Set(body.masked), new Set(FIELDS.map((f) => f.code)))
    })

    test('gateway: masked under an unreviewed grant; personal data clear under a reviewed one, core never', async () => {
      const unreviewed = await c.grant({ requestId: null })
      const res = await c.t.request({
        method: 'GET',
        url: `/gw/v1/${encodeURIComponent(c.resourceCode)}?c7=${p7.c7}`,
        headers: c.appBearer,
      })
      assert.equal(res.statusCode, 200, res.body)
      expectMasked(res.json<{ items: Row[] }>().items[0])
      await c.t.request({
        method: 'POST',
        url: `/api/v1/grants/${unreviewed}/revoke`,
        headers: c.admin,
        payload: { reason: '换成审核过的授权' },
      })
      await c.grant()
      const reviewed = await c.t.request({
        method: 'GET',
        url: `/gw/v1/${encodeURIComponent(c.resourceCode)}?c7=${p7.c7}`,
        headers: c.appBearer,
      })
      assert.equal(reviewed.statusCode, 200, reviewed.body)
      const row = reviewed.json<{ items: Row[] }>().items[0]
      assert.equal(row?.c7, p7.c7)
      assert.equal(row?.xm, p7.xm)
      assert.equal(row?.bz, REDACTED)
    })

    test('batch exchange to files', async () => {
      const grantId = await c.grant({ requestId: null, deliveryMode: 'batch' })
      const job = await c.t.request({
        method: 'POST',
        url: '/api/v1/exchange/jobs',
        headers: c.consumerAdmin,
        payload: { name: '脱敏交换', targetKind: 'file', grantId, mode: 'full', chunkSize: 100 },
      })
      assert.equal(job.statusCode, 201, job.body)
      const jobId = job.json<{ id: string }>().id
      const runner = new JobRunner(c.t.db, { pollMs: 50 })
      await registerSharingJobs(runner, { db: c.t.db, config: c.t.config })
      const started = await c.t.request({
        method: 'POST',
        url: `/api/v1/exchange/jobs/${jobId}/run`,
        headers: c.consumerAdmin,
      })
      assert.equal(started.statusCode, 202, started.body)
      const runId = started.json<{ id: string }>().id
      while ((await runner.runDue()) > 0) {}
      await runner.stop()
      const files = await c.t.request({
        method: 'GET',
        url: `/api/v1/exchange/runs/${runId}/files`,
        headers: c.consumerAdmin,
      })
      assert.equal(files.statusCode, 200, files.body)
      const rows: Row[] = []
      for (const f of files.json<{ items: { name: string }[] }>().items) {
        const res = await c.t.request({
          method: 'GET',
          url: `/api/v1/exchange/runs/${runId}/files/${f.name}`,
          headers: c.consumerAdmin,
        })
        rows.push(...parseCsv(gunzipSync(res.rawPayload).toString('utf8')))
      }
      assert.ok(rows.length > 0)
      expectMasked(rows.find((r) => r.acct === `${'*'.repeat(p7.acct.length - 4)}${p7.acct.slice(-4)}`))
    })

    test('downloads (catalog maskResourceRows, as the portal hands rows out)', async () => {
      const fields = FIELDS.map((f) => ({ code: f.code, name: f.name, grade: null as string | null }))
      const grading = await c.t.request({
        method: 'GET',
        url: `/api/v1/governance/resources/${c.resourceId}/grading`,
        headers: c.steward,
      })
      const graded = grading.json<{ fields: { code: string; grade: string | null }[] }>().fields
      for (const f of fields) f.grade = graded.find((g) => g.code === f.code)?.grade ?? null
      const out = await maskResourceRows(c.t.db, pepper, c.resourceId, fields, [{ ...p7 }])
      expectMasked(out.rows[0])
    })

    test('the masking preview page shows each field’s strategy and masked rows only', async () => {
      const res = await c.t.request({
        method: 'GET',
        url: `/api/v1/governance/resources/${c.resourceId}/masking-preview`,
        headers: c.steward,
      })
      assert.equal(res.statusCode, 200, res.body)
      const body = res.json<{
        fields: { code: string; unreviewed: string | null; reviewed: string | null }[]
        rows: Row[]
      }>()
      const byCode = Object.fromEntries(body.fields.map((f) => [f.code, f]))
      assert.equal(byCode.c7?.unreviewed, 'id_number')
      assert.equal(byCode.c7?.reviewed, null)
      assert.equal(byCode.bz?.reviewed, 'redact')
      assert.equal(byCode.acct?.unreviewed, 'bank_card')
      assert.equal(byCode.nl?.unreviewed, 'hash')
      assert.ok(body.rows.length > 0)
      for (const r of body.rows) assert.ok(!String(r.c7).match(/^\d{17}[\dX]$/), 'no clear ID number')
      const outsider = await c.t.request({
        method: 'GET',
        url: `/api/v1/governance/resources/${c.resourceId}/masking-preview`,
        headers: c.outsider,
      })
      assert.equal(outsider.statusCode, 403)
    })
  })
}
