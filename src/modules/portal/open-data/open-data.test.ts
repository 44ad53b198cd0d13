/**
 * The public side of the portal without login: the open catalog, resource pages, streamed downloads in three
 * formats (masked), the open API with developer keys and a daily quota, and that nothing restricted shows.
 */
import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import { after, before, describe, test } from 'node:test'
import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { testEngines } from '../../../../test/support/db.ts'
import { purgeDeveloperCredentials } from '../developers/housekeeping.ts'
import { openPortalContext, type PortalContext, type PublishedResource } from '../test-fixtures.ts'

const code = (res: { json<T>(): T }) => res.json<{ code: string }>().code
const enc = encodeURIComponent

for (const engine of testEngines()) {
  describe(`open-data portal on ${engine}`, () => {
    let p: PortalContext
    let open: PublishedResource
    let conditional: PublishedResource
    let closed: PublishedResource
    let draft: PublishedResource
    before(async () => {
      p = await openPortalContext(engine, { PORTAL_DAILY_QUOTA: '3' })
      open = await p.resource('open', { name: '湘潭市公共停车场开放数据' })
      conditional = await p.resource('conditional', { name: '湘潭市停车场运营明细' })
      closed = await p.resource('closed', { name: '湘潭市停车场内部台账' })
      draft = await p.resource('open', { name: '湘潭市停车场草稿数据', publish: false })
    })
    after(() => p.close())

    test('the open catalog lists open and conditional resources only, with Chinese search and facets', async () => {
      const res = await p.t.request({ method: 'GET', url: '/api/v1/public/resources?pageSize=50' })
      assert.equal(res.statusCode, 200, res.body)
      const page = res.json<{
        items: { code: string; openType: string }[]
        facets: { openTypes: { value: string; count: number }[]; orgs: { label: string }[] }
      }>()
      const codes = page.items.map((i) => i.code)
      assert.ok(codes.includes(open.code) && codes.includes(conditional.code))
      assert.ok(!codes.includes(closed.code), 'closed resources are invisible')
      assert.ok(!codes.includes(draft.code), 'unpublished resources are invisible')
      assert.deepEqual(page.facets.openTypes.map((f) => f.value).sort(), ['conditional', 'open'])
      assert.ok(page.facets.orgs.some((o) => o.label === '湘潭市公安局'))
      const search = await p.t.request({
        method: 'GET',
        url: `/api/v1/public/resources?q=${enc('开放数据')}`,
      })
      assert.deepEqual(
        search.json<{ items: { code: string }[] }>().items.map((i) => i.code),
        [open.code],
      )
      const hidden = await p.t.request({
        method: 'GET',
        url: `/api/v1/public/resources?q=${enc('内部台账')}`,
      })
      assert.equal(hidden.json<{ total: number }>().total, 0)
      const filtered = await p.t.request({
        method: 'GET',
        url: '/api/v1/public/resources?openType=conditional',
      })
      assert.deepEqual(
        filtered.json<{ items: { code: string }[] }>().items.map((i) => i.code),
        [conditional.code],
      )
    })

    test('a resource page shows metadata, a masked preview and chart data; closed and draft ones are 404', async () => {
      const res = await p.t.request({ method: 'GET', url: `/api/v1/public/resources/${enc(open.code)}` })
      assert.equal(res.statusCode, 200, res.body)
      const page = res.json<{
        downloadable: boolean
        preview: { rows: Record<string, unknown>[]; masked: string[] }
        chart: { field: string; points: { label: string; value: number }[] } | null
        fields: { code: string; masked: boolean }[]
        usage: { views: number }
      }>()
      assert.equal(page.downloadable, true)
      assert.deepEqual(page.preview.masked.sort(), ['bz', 'dz', 'lxdh'])
      const first = page.preview.rows[0] ?? {}
      assert.equal(first.mc, '第1停车场')
      assert.equal(first.lxdh, '139****0001')
      assert.equal(first.bz, '******')
      assert.match(String(first.dz), /^湖南省湘潭市岳塘区\*+$/)
      assert.equal(page.chart?.field, 'qx')
      assert.equal(page.chart?.points.length, 3)
      assert.equal(page.usage.views, 1)
      for (const hidden of [closed, draft]) {
        const r = await p.t.request({ method: 'GET', url: `/api/v1/public/resources/${enc(hidden.code)}` })
        assert.equal(r.statusCode, 404)
        assert.equal(code(r), 'portal.resource_not_found')
      }
      const cond = await p.t.request({
        method: 'GET',
        url: `/api/v1/public/resources/${enc(conditional.code)}`,
      })
      const cp = cond.json<{ downloadable: boolean; preview: { rows: unknown[] }; chart: unknown }>()
      assert.equal(cp.downloadable, false)
      assert.equal(cp.preview.rows.length, 0, 'conditional data is not previewed')
      assert.equal(cp.chart, null)
    })

    test('CSV, JSON and XLSX downloads carry every row, masked', async () => {
      const csv = await p.t.request({
        method: 'GET',
        url: `/api/v1/public/resources/${enc(open.code)}/download?format=csv`,
      })
      assert.equal(csv.statusCode, 200, csv.body)
      assert.match(String(csv.headers['content-type']), /text\/csv/)
      assert.match(String(csv.headers['content-disposition']), /attachment/)
      const lines = csv.body
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n')
      assert.equal(lines.length, 31)
      assert.equal(lines[0], '停车场名称,所在区县,车位数,联系电话,地址,备注')
      assert.equal(lines[1], '第1停车场,岳塘区,51,139****0001,湖南省湘潭市岳塘区****,******')
      assert.ok(!csv.body.includes('13907310001') && !csv.body.includes('内部备注'))

      const json = await p.t.request({
        method: 'GET',
        url: `/api/v1/public/resources/${enc(open.code)}/download?format=json`,
      })
      const rows = json.json<Record<string, unknown>[]>()
      assert.equal(rows.length, 30)
      assert.deepEqual(rows[29], {
        mc: '第30停车场',
        qx: '雨湖区',
        cws: 80,
        lxdh: '139****0030',
        dz: '湖南省湘潭市雨湖区****',
        bz: '******',
      })

      const xlsx = await p.t.request({
        method: 'GET',
        url: `/api/v1/public/resources/${enc(open.code)}/download?format=xlsx`,
      })
      assert.equal(xlsx.statusCode, 200)
      const book = new ExcelJS.Workbook()
      await book.xlsx.read(Readable.from([xlsx.rawPayload]))
      const sheet = book.worksheets[0]
      assert.ok(sheet)
      assert.equal(sheet.rowCount, 31)
      assert.equal(sheet.getRow(2).getCell(4).value, '139****0001')
      assert.equal(sheet.getRow(31).getCell(3).value, 80)

      const page = await p.t.request({ method: 'GET', url: `/api/v1/public/resources/${enc(open.code)}` })
      assert.equal(page.json<{ usage: { downloads: number } }>().usage.downloads, 3)
    })

    test('downloads are refused for conditional, closed and unknown resources and bad formats', async () => {
      const cond = await p.t.request({
        method: 'GET',
        url: `/api/v1/public/resources/${enc(conditional.code)}/download`,
      })
      assert.equal(cond.statusCode, 403)
      assert.equal(code(cond), 'portal.download_not_open')
      for (const hidden of [closed, draft]) {
        const r = await p.t.request({
          method: 'GET',
          url: `/api/v1/public/resources/${enc(hidden.code)}/download`,
        })
        assert.equal(r.statusCode, 404)
      }
      const bad = await p.t.request({
        method: 'GET',
        url: `/api/v1/public/resources/${enc(open.code)}/download?format=pdf`,
      })
      assert.equal(bad.statusCode, 400)
      const empty = await p.resource('open', { rows: 0 })
      const none = await p.t.request({
        method: 'GET',
        url: `/api/v1/public/resources/${enc(empty.code)}/download`,
      })
      assert.equal(none.statusCode, 409)
      assert.equal(code(none), 'portal.data_unavailable')
    })

    test('developers sign up with e-mail or phone, sign in, and hold keys shown once', async () => {
      const bad = await p.t.request({
        method: 'POST',
        url: '/api/v1/public/developers',
        payload: { account: 'not-an-account', password: 'short', displayName: 'x' },
      })
      assert.equal(bad.statusCode, 400)
      assert.deepEqual(
        bad
          .json<{ errors: { field: string }[] }>()
          .errors.map((e) => e.field)
          .sort(),
        ['body.account', 'body.password'],
      )
      const phone = await p.developer('13907319999')
      const dup = await p.t.request({
        method: 'POST',
        url: '/api/v1/public/developers',
        payload: { account: '13907319999', password: 'Developer123', displayName: '重复' },
      })
      assert.equal(dup.statusCode, 409)
      const me = await p.t.request({ method: 'GET', url: '/api/v1/public/developers/me', headers: phone })
      assert.equal(me.json<{ account: string }>().account, '139****9999')
      const wrong = await p.t.request({
        method: 'POST',
        url: '/api/v1/public/developers/login',
        payload: { account: '13907319999', password: 'Wrong12345' },
      })
      assert.equal(wrong.statusCode, 401)
      const key = await p.apiKey(phone)
      assert.match(key, /^dk_/)
      const list = await p.t.request({
        method: 'GET',
        url: '/api/v1/public/developers/me/keys',
        headers: phone,
      })
      const keys = list.json<{ items: { keyPrefix: string; dailyQuota: number }[] }>().items
      assert.equal(keys.length, 1)
      assert.ok(!list.body.includes(key), 'the key is never shown again')
      assert.equal(keys[0]?.dailyQuota, 3)
      const anon = await p.t.request({ method: 'GET', url: '/api/v1/public/developers/me/keys' })
      assert.equal(anon.statusCode, 401)
      const staff = await p.t.request({
        method: 'GET',
        url: '/api/v1/public/developers/me',
        headers: p.steward,
      })
      assert.equal(staff.statusCode, 401, 'a staff session is not a developer session')
    })

    test('sign-in failures are rate-limited per account; expired sessions are purged', async () => {
      const dev = await p.developer('13907318888')
      const attempt = (password: string) =>
        p.t.request({
          method: 'POST',
          url: '/api/v1/public/developers/login',
          payload: { account: '13907318888', password },
        })
      for (let i = 0; i < 5; i++) assert.equal((await attempt('Wrong12345')).statusCode, 401)
      const limited = await attempt('Developer123')
      assert.equal(limited.statusCode, 429, 'even the right password waits after five failures')
      assert.equal(code(limited), 'developer.rate_limited')
      assert.ok((await purgeDeveloperCredentials(p.t.db, new Date(Date.now() + 2 * 86_400_000))) >= 6)
      const me = await p.t.request({ method: 'GET', url: '/api/v1/public/developers/me', headers: dev })
      assert.equal(me.statusCode, 401, 'the session expired and was purged')
      assert.equal((await attempt('Developer123')).statusCode, 200, 'old failures are purged too')
    })

    test('the open API serves pages of open data with a key, counts calls and stops at the daily quota', async () => {
      const dev = await p.developer()
      const key = await p.apiKey(dev)
      const url = (q = '') => `/gw/open/v1/${enc(open.code)}${q}`
      const none = await p.t.request({ method: 'GET', url: url() })
      assert.equal(none.statusCode, 401)
      assert.equal(code(none), 'open_api.key_invalid')
      const forged = await p.t.request({ method: 'GET', url: url(), headers: { 'x-api-key': 'dk_forged' } })
      assert.equal(forged.statusCode, 401)
      const first = await p.t.request({
        method: 'GET',
        url: url('?page=2&pageSize=10'),
        headers: { 'x-api-key': key },
      })
      assert.equal(first.statusCode, 200, first.body)
      const body = first.json<{ items: Record<string, unknown>[]; total: number; masked: string[] }>()
      assert.equal(body.total, 30)
      assert.equal(body.items.length, 10)
      assert.equal(body.items[0]?.mc, '第11停车场')
      assert.equal(body.items[0]?.lxdh, '139****0011')
      const cond = await p.t.request({
        method: 'GET',
        url: `/gw/open/v1/${enc(conditional.code)}`,
        headers: { authorization: `Bearer ${key}` },
      })
      assert.equal(cond.statusCode, 403)
      const third = await p.t.request({ method: 'GET', url: url(), headers: { 'x-api-key': key } })
      assert.equal(third.statusCode, 200)
      const over = await p.t.request({ method: 'GET', url: url(), headers: { 'x-api-key': key } })
      assert.equal(over.statusCode, 429)
      assert.equal(code(over), 'open_api.quota_exceeded')
      const keys = await p.t.request({
        method: 'GET',
        url: '/api/v1/public/developers/me/keys',
        headers: dev,
      })
      assert.equal(keys.json<{ items: { callsToday: number }[] }>().items[0]?.callsToday, 3)
      const keyId = keys.json<{ items: { id: string }[] }>().items[0]?.id
      const revoke = await p.t.request({
        method: 'POST',
        url: `/api/v1/public/developers/me/keys/${keyId}/revoke`,
        headers: dev,
      })
      assert.equal(revoke.statusCode, 204)
      const revoked = await p.t.request({ method: 'GET', url: url(), headers: { 'x-api-key': key } })
      assert.equal(revoked.statusCode, 401)
    })

    test('public answers carry no internal facts, and every data access is in the audit trail', async () => {
      const urls = [
        '/api/v1/public/resources?pageSize=50',
        '/api/v1/public/portal/home',
        `/api/v1/public/resources/${enc(open.code)}`,
        `/api/v1/public/resources/${enc(conditional.code)}`,
      ]
      for (const url of urls) {
        const res = await p.t.request({ method: 'GET', url })
        assert.equal(res.statusCode, 200, url)
        for (const secret of [
          'shareCondition',
          'shareType',
          'returnReason',
          'createdBy',
          'mountStatus',
          'operable',
          closed.name,
          draft.name,
          '内部备注',
        ])
          assert.ok(!res.body.includes(secret), `${url} reveals ${secret}`)
      }
      const audited = await sql<{ action: string; n: number }>`
        select action, count(*)::int as n from audit_events
         where action in ('portal.download', 'portal.resource_view', 'portal.open_api_call') group by action`.execute(
        p.t.db,
      )
      const counts = Object.fromEntries(audited.rows.map((r) => [r.action, Number(r.n)]))
      assert.ok((counts['portal.download'] ?? 0) >= 3)
      assert.ok((counts['portal.resource_view'] ?? 0) >= 2)
      assert.ok((counts['portal.open_api_call'] ?? 0) >= 2)
    })

    test('the portal home counts open resources and lists the newest and most used', async () => {
      const res = await p.t.request({ method: 'GET', url: '/api/v1/public/portal/home' })
      assert.equal(res.statusCode, 200, res.body)
      const home = res.json<{
        totals: { open: number; conditional: number }
        mostUsed: { resource: { code: string } }[]
        newest: { code: string }[]
      }>()
      assert.ok(home.totals.open >= 1 && home.totals.conditional === 1)
      assert.equal(home.mostUsed[0]?.resource.code, open.code)
      assert.ok(!home.newest.some((r) => r.code === closed.code))
    })
  })
}
