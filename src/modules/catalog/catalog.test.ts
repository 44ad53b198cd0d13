import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { sampleResource } from '../../../test/support/catalog.ts'
import { testEngines } from '../../../test/support/db.ts'

interface Detail {
  id: string
  code: string
  status: string
  version: number
  returnReason: string | null
  publishDate: string | null
  fields: { code: string; name: string }[]
}

for (const engine of testEngines()) {
  describe(`catalog on ${engine}`, () => {
    let t: TestApp
    let admin: Record<string, string>
    let steward: Record<string, string>
    let otherSteward: Record<string, string>
    let reviewer: Record<string, string>
    let farReviewer: Record<string, string>

    const user = (username: string, org: string, roles: string[]) =>
      t.createUser(username, org, roles, 'Catalog123')

    before(async () => {
      t = await createTestApp(engine)
      admin = await t.login('admin')
      steward = await user('c.steward', '湘潭市公安局', ['data_steward'])
      otherSteward = await user('c.other', '湘潭市市场监督管理局', ['data_steward'])
      reviewer = await user('c.reviewer', '湘潭市数据局', ['reviewer'])
      farReviewer = await user('c.far', '长沙市数据局', ['reviewer'])
    })
    after(() => t.close())

    const post = (url: string, headers: Record<string, string>, payload?: object) =>
      t.request({ method: 'POST', url, headers, ...(payload ? { payload } : {}) })

    test('a steward catalogues a draft with a generated national code; rules are checked field by field', async () => {
      const bad = await post('/api/v1/catalog/resources', steward, {
        ...sampleResource('户籍人口'),
        shareCondition: '',
        classCode: '201001',
      })
      assert.equal(bad.statusCode, 400)
      const fields = bad.json<{ code: string; errors: { field: string }[] }>().errors.map((e) => e.field)
      assert.ok(fields.includes('body.shareCondition'))
      assert.ok(fields.includes('body.classCode'))
      const res = await post('/api/v1/catalog/resources', steward, sampleResource('户籍人口'))
      assert.equal(res.statusCode, 201, res.body)
      const d = res.json<Detail>()
      assert.match(d.code, /^101001\/\d{6}$/)
      assert.equal(d.status, 'draft')
      assert.equal(d.fields.length, 3)
      const dup = await post('/api/v1/catalog/resources', steward, sampleResource('户籍人口'))
      assert.equal(dup.json<{ code: string }>().code, 'catalog.name_taken')
    })

    test('codes are never reused, even after a draft is deleted; imported codes are kept', async () => {
      const a = (
        await post('/api/v1/catalog/resources', steward, sampleResource('临时资源甲'))
      ).json<Detail>()
      const del = await t.request({
        method: 'DELETE',
        url: `/api/v1/catalog/resources/${a.id}`,
        headers: steward,
      })
      assert.equal(del.statusCode, 204)
      const b = (
        await post('/api/v1/catalog/resources', steward, sampleResource('临时资源乙'))
      ).json<Detail>()
      assert.notEqual(a.code, b.code)
      const imported = await post('/api/v1/catalog/resources', steward, {
        ...sampleResource('导入资源'),
        code: '101001/000500',
      })
      assert.equal(imported.json<Detail>().code, '101001/000500')
      const next = (
        await post('/api/v1/catalog/resources', steward, sampleResource('导入之后'))
      ).json<Detail>()
      assert.equal(next.code, '101001/000501')
      const wrongClass = await post('/api/v1/catalog/resources', steward, {
        ...sampleResource('错码'),
        code: '102001/000001',
      })
      assert.equal(wrongClass.statusCode, 400)
    })

    test('lifecycle: submit → return with reason → submit → publish (v1) → revise → publish (v2) → diff → retire', async () => {
      const d = (await post('/api/v1/catalog/resources', steward, sampleResource('流程资源'))).json<Detail>()
      const url = `/api/v1/catalog/resources/${d.id}`
      assert.equal(
        (await post(`${url}/publish`, reviewer)).json<{ code: string }>().code,
        'catalog.transition_invalid',
      )
      assert.equal((await post(`${url}/submit`, steward)).json<Detail>().status, 'submitted')
      assert.equal(
        (await post(`${url}/publish`, farReviewer)).statusCode,
        404,
        'another region cannot even see the submitted entry',
      )
      assert.equal((await post(`${url}/publish`, steward)).statusCode, 403, 'a steward may not publish')
      const returned = await post(`${url}/return`, reviewer, { reason: '摘要过于简单，请补充数据范围' })
      assert.equal(returned.json<Detail>().status, 'returned')
      assert.equal(returned.json<Detail>().returnReason, '摘要过于简单，请补充数据范围')
      const patched = await t.request({
        method: 'PATCH',
        url,
        headers: steward,
        payload: { summary: '湘潭市户籍人口基本信息（2025 年起）' },
      })
      assert.equal(patched.statusCode, 200, patched.body)
      await post(`${url}/submit`, steward)
      const v1 = (await post(`${url}/publish`, reviewer)).json<Detail>()
      assert.equal(v1.status, 'published')
      assert.equal(v1.version, 1)
      assert.ok(v1.publishDate)
      const locked = await t.request({ method: 'PATCH', url, headers: steward, payload: { summary: 'x' } })
      assert.equal(locked.json<{ code: string }>().code, 'catalog.resource_not_editable')
      await post(`${url}/revise`, steward)
      const fields = [
        ...sampleResource('').fields.filter((f) => f.code !== 'hjdz'),
        { name: '出生日期', code: 'csrq', dataType: 'date' },
      ]
      await t.request({
        method: 'PATCH',
        url,
        headers: steward,
        payload: {
          summary: '第二版摘要',
          fields: fields.map((f) => (f.code === 'xm' ? { ...f, length: 100 } : f)),
        },
      })
      await post(`${url}/submit`, steward)
      const v2 = (await post(`${url}/publish`, reviewer)).json<Detail>()
      assert.equal(v2.version, 2)
      const versions = await t.request({ method: 'GET', url: `${url}/versions`, headers: otherSteward })
      assert.deepEqual(
        versions.json<{ items: { version: number }[] }>().items.map((v) => v.version),
        [2, 1],
      )
      const diff = await t.request({ method: 'GET', url: `${url}/diff?from=1&to=2`, headers: reviewer })
      const changes = diff.json<{ changes: { path: string; kind: string }[] }>().changes
      assert.ok(changes.some((c) => c.path === 'fields.hjdz' && c.kind === 'removed'))
      assert.ok(changes.some((c) => c.path === 'fields.csrq' && c.kind === 'added'))
      assert.ok(changes.some((c) => c.path === 'fields.xm.length' && c.kind === 'changed'))
      assert.ok(changes.some((c) => c.path === 'metadata.summary'))
      assert.equal((await post(`${url}/retire`, reviewer)).json<Detail>().status, 'retired')
      const events = await t.request({
        method: 'GET',
        url: `/api/v1/audit/events?targetId=${d.id}&pageSize=50`,
        headers: admin,
      })
      const actions = events.json<{ items: { action: string }[] }>().items.map((e) => e.action)
      for (const a of [
        'catalog.resource_create',
        'catalog.resource_submit',
        'catalog.resource_return',
        'catalog.resource_publish',
        'catalog.resource_revise',
        'catalog.resource_retire',
      ]) {
        assert.ok(actions.includes(a), a)
      }
    })

    test('drafts are visible to their org and its reviewers only; published entries to everyone signed in', async () => {
      const d = (
        await post('/api/v1/catalog/resources', steward, sampleResource('可见性资源'))
      ).json<Detail>()
      const url = `/api/v1/catalog/resources/${d.id}`
      assert.equal((await t.request({ method: 'GET', url, headers: otherSteward })).statusCode, 404)
      assert.equal((await t.request({ method: 'GET', url, headers: farReviewer })).statusCode, 404)
      assert.equal((await t.request({ method: 'GET', url, headers: reviewer })).statusCode, 200)
      await post(`${url}/submit`, steward)
      await post(`${url}/publish`, reviewer)
      assert.equal((await t.request({ method: 'GET', url, headers: otherSteward })).statusCode, 200)
      const list = await t.request({
        method: 'GET',
        url: '/api/v1/catalog/resources?view=share&q=可见性',
        headers: farReviewer,
      })
      assert.equal(list.json<{ total: number }>().total, 1)
      const edit = await t.request({ method: 'PATCH', url, headers: otherSteward, payload: { summary: 'x' } })
      assert.equal(edit.statusCode, 403)
    })
  })
}
