/** The point-to-point channel registry: registration rules, retiring by a replacing grant, retired % per region. */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { testEngines } from '../../../../test/support/db.ts'
import { openSharingContext, type RequestView, type SharingContext } from './test-context.ts'

interface Channel {
  id: string
  name: string
  status: string
  grantId: string | null
  retiredAt: string | null
  providerOrgName: string
  canEdit: boolean
}
interface ChannelStats {
  regionCode: string | null
  regions: {
    regionCode: string
    regionName: string
    total: number
    retired: number
    retiredPct: number | null
  }[]
  total: { total: number; retired: number; retiredPct: number | null }
}
const code = (res: { json<T>(): T }) => res.json<{ code: string }>().code
const BASE = '/api/v1/sharing/channels'

for (const engine of testEngines()) {
  describe(`point-to-point channels on ${engine}`, () => {
    let s: SharingContext
    let grantId: string
    let hrOrgId: string
    let countyOrgId: string
    const create = (payload: Record<string, unknown>, headers = s.consumer) =>
      s.t.request({ method: 'POST', url: BASE, headers, payload })
    const patch = (id: string, payload: Record<string, unknown>, headers = s.consumer) =>
      s.t.request({ method: 'PATCH', url: `${BASE}/${id}`, headers, payload })
    const stats = async (headers: Record<string, string>, query = '') =>
      (await s.t.request({ method: 'GET', url: `${BASE}/stats${query}`, headers })).json<ChannelStats>()

    before(async () => {
      s = await openSharingContext(engine)
      hrOrgId = await s.t.orgId('湘潭市人力资源和社会保障局')
      countyOrgId = await s.t.orgId('湘潭县数据中心')
      const r = (await s.submit(s.body(await s.resource('unconditional')))).json<RequestView>()
      grantId = r.grantId ?? ''
    })
    after(() => s.close())

    test('either party registers a channel; names are unique per pair; bad input is refused', async () => {
      const ok = await create({
        name: '户籍信息前置机',
        providerOrgId: s.providerOrgId,
        consumerOrgId: s.consumerOrgId,
        protocol: 'database',
        description: '2019 年建设的数据库直连',
      })
      assert.equal(ok.statusCode, 201, ok.body)
      const c = ok.json<Channel>()
      assert.deepEqual([c.status, c.providerOrgName, c.canEdit], ['active', '湘潭市公安局', true])
      const fromProvider = await create(
        {
          name: '户籍信息文件交换',
          providerOrgId: s.providerOrgId,
          consumerOrgId: s.consumerOrgId,
          protocol: 'ftp',
        },
        s.provider,
      )
      assert.equal(fromProvider.statusCode, 201, fromProvider.body)
      const dup = await create({
        name: '户籍信息前置机',
        providerOrgId: s.providerOrgId,
        consumerOrgId: s.consumerOrgId,
        protocol: 'api',
      })
      assert.deepEqual([dup.statusCode, code(dup)], [409, 'share_channel.name_taken'])
      const same = await create({
        name: '自连',
        providerOrgId: s.consumerOrgId,
        consumerOrgId: s.consumerOrgId,
        protocol: 'api',
      })
      assert.deepEqual([same.statusCode, code(same)], [400, 'share_channel.invalid'])
      const ghost = await create({
        name: '不存在的单位',
        providerOrgId: '01a202ca-0000-7000-8000-000000000000',
        consumerOrgId: s.consumerOrgId,
        protocol: 'api',
      })
      assert.deepEqual([ghost.statusCode, code(ghost)], [400, 'share_channel.invalid'])
      const notMine = await create(
        { name: '他人通道', providerOrgId: s.providerOrgId, consumerOrgId: hrOrgId, protocol: 'mq' },
        s.consumer,
      )
      assert.deepEqual([notMine.statusCode, code(notMine)], [403, 'share_channel.forbidden'])
      const bad = await create({
        name: '协议不对',
        providerOrgId: s.providerOrgId,
        consumerOrgId: s.consumerOrgId,
        protocol: 'telnet',
      })
      assert.equal(bad.statusCode, 400)
      const hidden = await s.t.request({ method: 'GET', url: `${BASE}/${c.id}`, headers: s.outsider })
      assert.deepEqual([hidden.statusCode, code(hidden)], [404, 'share_channel.not_found'])
      const asBureau = await s.t.request({ method: 'GET', url: `${BASE}/${c.id}`, headers: s.reviewer })
      assert.deepEqual([asBureau.statusCode, asBureau.json<Channel>().canEdit], [200, false])
    })

    test('linking the replacing grant retires a channel; unlinking brings it back; a foreign grant is refused', async () => {
      const c = (
        await create({
          name: '出生证明接口',
          providerOrgId: s.providerOrgId,
          consumerOrgId: s.consumerOrgId,
          protocol: 'api',
        })
      ).json<Channel>()
      const foreign = (
        await create({
          name: '县级通道',
          providerOrgId: countyOrgId,
          consumerOrgId: s.consumerOrgId,
          protocol: 'file',
        })
      ).json<Channel>()
      const mismatch = await patch(foreign.id, { grantId })
      assert.deepEqual([mismatch.statusCode, code(mismatch)], [422, 'share_channel.grant_mismatch'])
      const unknown = await patch(c.id, { grantId: '01a202ca-0000-7000-8000-000000000000' })
      assert.deepEqual([unknown.statusCode, code(unknown)], [422, 'share_channel.grant_mismatch'])
      const retired = await patch(c.id, { grantId })
      assert.equal(retired.statusCode, 200, retired.body)
      assert.deepEqual(
        [retired.json<Channel>().status, retired.json<Channel>().grantId],
        ['retired', grantId],
      )
      assert.ok(retired.json<Channel>().retiredAt)
      const renamed = await patch(c.id, { description: '已由枢纽接口替代' })
      assert.equal(renamed.json<Channel>().status, 'retired', 'other edits keep the link')
      const back = await patch(c.id, { grantId: null })
      assert.deepEqual([back.json<Channel>().status, back.json<Channel>().retiredAt], ['active', null])
      await patch(c.id, { grantId })
      const byOutsider = await patch(c.id, { name: '改名' }, s.outsider)
      assert.deepEqual([byOutsider.statusCode, code(byOutsider)], [404, 'share_channel.not_found'])
      const byReviewer = await patch(c.id, { name: '改名' }, s.reviewer)
      assert.deepEqual([byReviewer.statusCode, code(byReviewer)], [403, 'share_channel.forbidden'])
    })

    test('retired share per provider region, lists and deletion', async () => {
      // Channels so far: 公安局→市场监管 ×3 (one retired), 湘潭县数据中心→市场监管 ×1.
      const city = await stats(s.reviewer)
      assert.equal(city.regionCode, '430300')
      assert.deepEqual(
        city.regions.map((r) => [r.regionCode, r.regionName, r.total, r.retired, r.retiredPct]),
        [
          ['430300', '湘潭市', 3, 1, 33.3],
          ['430321', '湘潭县', 1, 0, 0],
        ],
      )
      assert.deepEqual(city.total, { total: 4, retired: 1, retiredPct: 25 })
      const province = await stats(s.admin)
      assert.deepEqual(
        province.regions.map((r) => [r.regionCode, r.total]),
        [['430300', 4]],
      )
      assert.deepEqual((await stats(s.otherReviewer)).total, { total: 0, retired: 0, retiredPct: null })
      const refused = await s.t.request({
        method: 'GET',
        url: `${BASE}/stats?regionCode=430300`,
        headers: s.otherReviewer,
      })
      assert.equal(refused.statusCode, 403)

      const list = async (query: string, headers: Record<string, string>) =>
        (await s.t.request({ method: 'GET', url: `${BASE}?${query}`, headers })).json<{
          total: number
          items: Channel[]
        }>()
      assert.equal((await list('', s.consumer)).total, 4)
      assert.equal((await list('', s.provider)).total, 3)
      assert.equal((await list('status=retired', s.reviewer)).total, 1)
      assert.equal((await list('', s.outsider)).total, 0)
      assert.equal((await list(`q=${encodeURIComponent('前置机')}`, s.consumer)).total, 1)
      const target = (await list('protocol=ftp', s.consumer)).items[0]
      assert.ok(target)
      const forbidden = await s.t.request({
        method: 'DELETE',
        url: `${BASE}/${target.id}`,
        headers: s.reviewer,
      })
      assert.equal(forbidden.statusCode, 403)
      const del = await s.t.request({ method: 'DELETE', url: `${BASE}/${target.id}`, headers: s.provider })
      assert.equal(del.statusCode, 204)
      assert.equal((await list('', s.consumer)).total, 3)
    })
  })
}
