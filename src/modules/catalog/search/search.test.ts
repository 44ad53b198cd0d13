import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { createTestApp, type TestApp } from '../../../../test/support/app.ts'
import { testEngines } from '../../../../test/support/db.ts'
import { escapeHtml, highlight, termPattern } from './highlight.ts'
import { markSearchIndexStale, refreshSearchIndex, refreshStaleSearchIndex } from './indexer.ts'
import { lexeme, queryWords, tsqueryText, tsvectorText } from './segment.ts'

const sampleResource = (name: string) => ({
  name,
  summary: '',
  category: 'base',
  classCode: '101001',
  className: '基础信息资源/人口/户籍',
  format: 'database',
  shareType: 'conditional',
  shareCondition: '用于政务服务身份核验，须说明用途',
  openType: 'closed',
  updateFrequency: 'daily',
  fields: [
    { name: '姓名', code: 'xm', dataType: 'string', length: 50 },
    { name: '户籍地址', code: 'hjdz', dataType: 'string', length: 200 },
  ],
})

interface FacetValue {
  value: string
  label: string
  count: number
}
interface SearchPage {
  items: {
    id: string
    name: string
    orgName: string
    highlights?: { name?: string; summary?: string; fields?: string[] }
  }[]
  total: number
  page: number
  pageSize: number
  facets: Record<
    'orgs' | 'regions' | 'shareTypes' | 'openTypes' | 'categories' | 'updateFrequencies',
    FacetValue[]
  >
}

test('segmentation and escaping of lexemes', () => {
  assert.deepEqual(
    queryWords('户籍人口信息').map((w) => w.word),
    ['户籍', '人口', '信息'],
  )
  assert.equal(tsqueryText(queryWords('营业执照')), "('营业执照':* | ('营业':* & '执照':*))")
  // Search mode leaves 水 out of 水资源: 资源 alone must not stand in for the word (it would match every 资源).
  assert.deepEqual(queryWords('水资源'), [{ word: '水资源', parts: [] }])
  assert.equal(tsqueryText(queryWords('水资源'), new Map(), '水资源'), "('水资源') | ('水资' & '资源')")
  assert.equal(lexeme("it's\\"), "'it''s\\\\'")
  assert.equal(
    tsvectorText([
      { weight: 'A', texts: ['户籍 ABC'] },
      { weight: 'B', texts: ['户籍'] },
    ]),
    "'户籍':1A,12B 'abc':2A",
  )
  assert.equal(
    highlight('<b>户籍</b> & 人口', termPattern(['户籍', '人口'])),
    '&lt;b&gt;<em>户籍</em>&lt;/b&gt; &amp; <em>人口</em>',
  )
  assert.equal(escapeHtml(`"'`), '&quot;&#39;')
})

for (const engine of testEngines()) {
  describe(`catalog search on ${engine}`, () => {
    let t: TestApp
    let steward: Record<string, string>
    let otherSteward: Record<string, string>
    let reviewer: Record<string, string>
    let farReviewer: Record<string, string>

    const orgId = (name: string) => t.orgId(name)

    const user = (username: string, org: string, roles: string[]) =>
      t.createUser(username, org, roles, 'Catalog123')

    const post = (url: string, headers: Record<string, string>, payload?: object) =>
      t.request({ method: 'POST', url, headers, ...(payload ? { payload } : {}) })

    async function create(headers: Record<string, string>, resource: object): Promise<string> {
      const res = await post('/api/v1/catalog/resources', headers, resource)
      assert.equal(res.statusCode, 201, res.body)
      return res.json<{ id: string }>().id
    }

    async function publish(id: string): Promise<void> {
      assert.equal((await post(`/api/v1/catalog/resources/${id}/submit`, steward)).statusCode, 200)
      assert.equal((await post(`/api/v1/catalog/resources/${id}/publish`, reviewer)).statusCode, 200)
    }

    async function search(headers: Record<string, string>, query: string): Promise<SearchPage> {
      const res = await t.request({ method: 'GET', url: `/api/v1/catalog/resources?${query}`, headers })
      assert.equal(res.statusCode, 200, res.body)
      return res.json<SearchPage>()
    }
    const q = (text: string, more = '') => `q=${encodeURIComponent(text)}${more}`

    before(async () => {
      t = await createTestApp(engine)
      steward = await user('s.steward', '湘潭市公安局', ['data_steward'])
      otherSteward = await user('s.other', '湘潭市市场监督管理局', ['data_steward'])
      reviewer = await user('s.reviewer', '湘潭市数据局', ['reviewer'])
      farReviewer = await user('s.far', '长沙市数据局', ['reviewer'])
      const ids = [
        await create(steward, {
          ...sampleResource('户籍人口变动统计'),
          summary: '按月统计户籍人口的迁入迁出。',
        }),
        await create(steward, {
          ...sampleResource('流动人口登记'),
          summary: '流动人口居住登记，不含户籍人口。',
        }),
        await create(steward, { ...sampleResource('户籍人口'), summary: '全市户籍人口基本信息。' }),
        await create(steward, {
          ...sampleResource('不动产登记簿'),
          summary: '<script>alert("x")</script> 不动产权利及其变化',
          fields: [
            { name: '不动产单元号', code: 'bdcdyh', dataType: 'string', length: 28 },
            { name: '权利人', code: 'qlr', dataType: 'string', length: 100 },
          ],
        }),
        await create(otherSteward, {
          ...sampleResource('市场主体登记信息'),
          summary: '企业营业执照及个体工商户登记。',
          fields: [{ name: '统一社会信用代码', code: 'tyshxydm', dataType: 'string', length: 18 }],
        }),
      ]
      for (const id of ids.slice(0, 4)) await publish(id)
      const other = ids[4] ?? ''
      assert.equal((await post(`/api/v1/catalog/resources/${other}/submit`, otherSteward)).statusCode, 200)
      assert.equal((await post(`/api/v1/catalog/resources/${other}/publish`, reviewer)).statusCode, 200)
    })
    after(() => t.close())

    test('ranking: the exact name comes first, then names containing the words, then other mentions', async () => {
      const page = await search(otherSteward, q('户籍人口'))
      // The others mention 户籍 and 人口 only in their class name and field names (weights B and C).
      assert.deepEqual(
        page.items.slice(0, 3).map((i) => i.name),
        ['户籍人口', '户籍人口变动统计', '流动人口登记'],
      )
      assert.equal(page.items[0]?.highlights?.name, '<em>户籍人口</em>')
      const byName = await search(otherSteward, q('户籍人口', '&sort=name'))
      assert.equal(byName.total, page.total)
      assert.equal(byName.items[0]?.name, '不动产登记簿')
    })

    test('segmentation: 户籍 is found inside 户籍人口信息 and highlighted', async () => {
      const id = await create(steward, { ...sampleResource('户籍人口信息'), summary: '' })
      const page = await search(steward, q('户籍'))
      const hit = page.items.find((i) => i.id === id)
      assert.ok(hit, 'draft of the steward’s own org is found')
      assert.equal(hit.highlights?.name, '<em>户籍</em>人口信息')
    })

    test('field names and org names are searched; field hits are highlighted', async () => {
      const byField = await search(farReviewer, q('不动产单元号'))
      assert.deepEqual(
        byField.items.map((i) => i.name),
        ['不动产登记簿'],
      )
      assert.deepEqual(byField.items[0]?.highlights?.fields, ['<em>不动产单元号</em>'])
      const byCode = await search(farReviewer, q('bdcdyh'))
      assert.equal(byCode.total, 1)
      const byOrg = await search(farReviewer, q('市场监督管理局'))
      assert.deepEqual(
        byOrg.items.map((i) => i.name),
        ['市场主体登记信息'],
      )
      const prefix = await search(farReviewer, q('营业执'))
      assert.equal(prefix.total, 1, 'the last word matches as a prefix')
    })

    test('highlights escape HTML in the catalog text', async () => {
      const page = await search(otherSteward, q('不动产权利'))
      const summary = page.items[0]?.highlights?.summary ?? ''
      assert.ok(summary.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'), summary)
      assert.ok(!summary.includes('<script>'))
      assert.ok(summary.includes('<em>不动产权利</em>'), summary)
    })

    test('facets count the whole filtered result and respect the filters', async () => {
      const page = await search(otherSteward, q('人口', '&pageSize=1'))
      assert.equal(page.items.length, 1)
      assert.ok(page.total >= 3)
      for (const [name, values] of Object.entries(page.facets)) {
        assert.equal(
          values.reduce((n, v) => n + v.count, 0),
          page.total,
          `${name} counts add up to the total`,
        )
      }
      assert.equal(page.facets.orgs[0]?.label, '湘潭市公安局')
      assert.ok(page.facets.regions[0]?.label.includes('湘潭'), JSON.stringify(page.facets.regions))
      assert.deepEqual(page.facets.shareTypes, [
        { value: 'conditional', label: '有条件共享', count: page.total },
      ])
      const none = await search(otherSteward, q('人口', '&shareType=unconditional'))
      assert.equal(none.total, 0)
      assert.deepEqual(none.facets.orgs, [])
      const browse = await search(otherSteward, 'pageSize=2')
      assert.equal(
        browse.facets.categories.reduce((n, v) => n + v.count, 0),
        browse.total,
      )
    })

    test('a typo is corrected when nothing matches: 户藉 finds 户籍', async () => {
      const page = await search(otherSteward, q('户藉'))
      assert.ok(page.total >= 3, JSON.stringify(page.items.map((i) => i.name)))
      assert.equal(page.items[0]?.highlights?.name?.includes('<em>户籍</em>'), true)
      const nothing = await search(otherSteward, q('量子纠缠'))
      assert.equal(nothing.total, 0)
    })

    test("typo candidates are ranked by the indexer's counts; words known before the counts are counted", async () => {
      const counts = await sql<{ term: string; occurrences: number }>`
        select term, occurrences from resource_search_terms where term in ('户籍', '姓名')`.execute(t.db)
      const of = (term: string) => counts.rows.find((r) => r.term === term)?.occurrences ?? 0
      assert.ok(of('户籍') >= 3, JSON.stringify(counts.rows))
      assert.ok(of('姓名') >= of('户籍'))
      // As if the words were indexed before migration 0006: the correction falls back to counting documents.
      await sql`update resource_search_terms set occurrences = 0`.execute(t.db)
      const page = await search(otherSteward, q('户藉'))
      assert.ok(page.total >= 3)
      assert.equal(page.items[0]?.highlights?.name?.includes('<em>户籍</em>'), true)
    })

    test('visibility: drafts of other orgs never appear in results or facet counts', async () => {
      const id = await create(steward, { ...sampleResource('机密草稿台账'), summary: '草稿阶段' })
      for (const [who, headers, seen] of [
        ['other steward', otherSteward, false],
        ['far reviewer', farReviewer, false],
        ['own steward', steward, true],
        ['reviewer of the region', reviewer, true],
      ] as const) {
        const page = await search(headers, q('机密草稿'))
        assert.equal(page.total, seen ? 1 : 0, who)
        assert.equal(
          page.items.some((i) => i.id === id),
          seen,
          who,
        )
        assert.equal(
          page.facets.orgs.reduce((n, v) => n + v.count, 0),
          seen ? 1 : 0,
          who,
        )
      }
      const everything = await search(otherSteward, q('台账'))
      assert.ok(everything.items.every((i) => i.id !== id))
    })

    test('changes are searchable: through the triggers and the stale rebuild, or at once with refreshSearchIndex', async () => {
      const id = await create(steward, { ...sampleResource('气象观测站点'), summary: '' })
      const stale = await sql<{
        stale: boolean
      }>`select stale from resource_search where resource_id = ${id}`.execute(t.db)
      assert.equal(stale.rows[0]?.stale, false, 'insertDraft indexes a new resource at once')
      assert.equal((await search(steward, q('观测站点'))).total, 1)
      const patched = await t.request({
        method: 'PATCH',
        url: `/api/v1/catalog/resources/${id}`,
        headers: steward,
        payload: { fields: [{ name: '降水量', code: 'jsl', dataType: 'decimal' }] },
      })
      assert.equal(patched.statusCode, 200, patched.body)
      assert.equal((await search(steward, q('降水量'))).total, 1, 'new field names are found')
      assert.equal(
        (await search(steward, q('户籍地址', `&orgId=${await orgId('湘潭市公安局')}`))).items.some(
          (i) => i.id === id,
        ),
        false,
      )
      // Any other writer (plain SQL here) is caught by the trigger, which marks the document stale.
      await sql`update resources set summary = '站点清单' where id = ${id}`.execute(t.db)
      const marked = await sql<{
        stale: boolean
      }>`select stale from resource_search where resource_id = ${id}`.execute(t.db)
      assert.equal(marked.rows[0]?.stale, true, 'the update trigger marked the changed resource')
      await t.db.transaction().execute(async (trx) => {
        await sql`update resources set name = '气象观测站点名录' where id = ${id}`.execute(trx)
        await refreshSearchIndex(trx, [id])
      })
      const row = await sql<{
        stale: boolean
      }>`select stale from resource_search where resource_id = ${id}`.execute(t.db)
      assert.equal(row.rows[0]?.stale, false)
      assert.equal(await refreshStaleSearchIndex(t.db), 0)
      assert.equal((await search(steward, q('名录'))).items[0]?.name, '气象观测站点名录')
      // An org rename reaches the documents through markSearchIndexStale (identity cannot call catalog).
      await markSearchIndexStale(t.db, await orgId('湘潭市公安局'))
      assert.ok((await refreshStaleSearchIndex(t.db)) >= 5)
      await markSearchIndexStale(t.db)
      assert.equal((await search(steward, q('名录'))).total, 1)
      const left = await sql<{
        n: number
      }>`select count(*)::int as n from resource_search where stale`.execute(t.db)
      assert.equal(left.rows[0]?.n, 0)
    })

    test('queries without words fall back to a substring match and never fail', async () => {
      for (const text of ['的', '%', "'", '\\', '&|!()<>', ':*']) {
        const res = await t.request({
          method: 'GET',
          url: `/api/v1/catalog/resources?${q(text)}`,
          headers: otherSteward,
        })
        assert.equal(res.statusCode, 200, `${text}: ${res.body}`)
      }
    })

    test('only typos are corrected: a word found in summaries is kept, not swapped for a name word one character off', async () => {
      // 迁入 is a name word now; 迁出 appears only in the summary of 户籍人口变动统计.
      await publish(await create(steward, { ...sampleResource('人口迁入登记'), summary: '户籍迁入办理。' }))
      const page = await search(otherSteward, q('迁出 户藉'))
      assert.deepEqual(
        page.items.map((i) => i.name),
        ['户籍人口变动统计'],
      )
    })
  })
}
