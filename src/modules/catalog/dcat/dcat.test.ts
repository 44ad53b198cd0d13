import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { after, before, describe, test } from 'node:test'
import rdf from '@zazuko/env-node'
import jsonld from 'jsonld'
import { Parser, type Quad } from 'n3'
import SHACLValidator from 'rdf-validate-shacl'
import { createTestApp, type TestApp } from '../../../../test/support/app.ts'
import { testEngines } from '../../../../test/support/db.ts'
import { fixture, type Headers, resourceBody } from '../checks/test-fixtures.ts'

const SHAPES = new URL('../../../../../shared/standards/dcat-ap-3.0.0/', import.meta.url)
const DCAT = 'http://www.w3.org/ns/dcat#'
const DCT = 'http://purl.org/dc/terms/'
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type'
const VIOLATION = 'http://www.w3.org/ns/shacl#Violation'

async function parseTurtle(text: string, baseIRI?: string): Promise<Quad[]> {
  return new Parser(baseIRI ? { baseIRI } : {}).parse(text)
}

let validator: SHACLValidator | undefined
async function shacl(): Promise<SHACLValidator> {
  if (validator) return validator
  const quads = [
    ...(await parseTurtle(await readFile(new URL('dcat-ap-SHACL.ttl', SHAPES), 'utf8'))),
    ...(await parseTurtle(await readFile(new URL('range.ttl', SHAPES), 'utf8'))),
  ]
  validator = new SHACLValidator(rdf.dataset(quads), { factory: rdf })
  return validator
}

/** Validates RDF against DCAT-AP 3 and fails with every Violation printed. */
async function assertConforms(quads: Quad[], label: string): Promise<void> {
  const report = await (await shacl()).validate(rdf.dataset(quads))
  const violations = report.results.filter((r) => r.severity?.value === VIOLATION)
  const lines = violations.map(
    (v) =>
      `${v.focusNode?.value} ${v.path?.value ?? ''}: ${v.message.map((m) => m.value).join(' ')} (${v.sourceConstraintComponent?.value})`,
  )
  assert.equal(violations.length, 0, `${label}: SHACL violations\n${lines.join('\n')}`)
}

async function jsonLdQuads(doc: object): Promise<Quad[]> {
  // Our context is inline, so no document loader ever goes to the network; refuse any remote one outright.
  const nquads = (await jsonld.toRDF(doc as jsonld.JsonLdDocument, {
    format: 'application/n-quads',
    documentLoader: async (url: string) => {
      throw new Error(`remote context refused: ${url}`)
    },
  })) as unknown as string
  return new Parser({ format: 'N-Quads' }).parse(nquads)
}

const subjectsOfType = (quads: Quad[], type: string) =>
  quads.filter((q) => q.predicate.value === RDF_TYPE && q.object.value === type).map((q) => q.subject.value)

for (const engine of testEngines()) {
  describe(`DCAT-AP export on ${engine}`, () => {
    let t: TestApp
    let steward: Headers
    let reviewer: Headers
    const codes = new Map<string, string>()
    const code = (name: string): string => {
      const value = codes.get(name)
      assert.ok(value, name)
      return value
    }

    before(async () => {
      t = await createTestApp(engine)
      const f = await fixture(t)
      steward = await f.user('d.steward', '湘潭市公安局', ['data_steward'])
      // A provider under the city bureau, so the walk up the org tree reaches the provincial bureau.
      const county = await f.user('d.county', '湘潭县数据中心', ['data_steward'])
      reviewer = await f.user('d.reviewer', '湘潭市数据局', ['reviewer'])
      const specs = [
        ['开放资源', { openType: 'open', updateFrequency: 'monthly' }],
        [
          '有条件开放资源',
          {
            openType: 'conditional',
            openCondition: '须注册并签署数据使用协议',
            updateFrequency: 'half_yearly',
          },
        ],
        ['不开放资源', { openType: 'closed' }],
        ['开放草稿', { openType: 'open' }],
        ['无摘要开放资源', { openType: 'open', summary: '', updateFrequency: 'irregular' }],
      ] as const
      for (const [name, extra] of specs) {
        const maker = name === '无摘要开放资源' ? county : steward
        const r = await f.create(maker, resourceBody(name, extra))
        codes.set(name, r.code)
        if (name !== '开放草稿') await f.publish(r.id, maker, reviewer)
      }
    })
    after(() => t.close())

    test('JSON-LD (default) conforms to DCAT-AP 3 SHACL and carries @zh literals and EU frequencies', async () => {
      const res = await t.request({
        method: 'GET',
        url: '/api/v1/public/catalog/dcat',
        headers: { host: 'data.example.cn' },
      })
      assert.equal(res.statusCode, 200, res.body)
      assert.match(String(res.headers['content-type']), /^application\/ld\+json/)
      assert.equal(res.headers['x-total-count'], '3')
      const doc = res.json<{ '@context': Record<string, string>; '@graph': Record<string, unknown>[] }>()
      assert.equal(typeof doc['@context'], 'object', 'inline context, never a remote URL')
      const quads = await jsonLdQuads(doc)
      await assertConforms(quads, 'JSON-LD')
      const datasets = subjectsOfType(quads, `${DCAT}Dataset`)
      assert.equal(datasets.length, 3)
      assert.ok(
        datasets.every((d) =>
          /^http:\/\/data\.example\.cn\/catalog\/resources\/[0-9a-f-]{36}#dataset$/.test(d),
        ),
      )
      const titles = quads.filter(
        (q) => q.predicate.value === `${DCT}title` && q.object.termType === 'Literal',
      )
      assert.ok(
        titles.length > 0 &&
          titles.every((q) => q.object.termType === 'Literal' && q.object.language === 'zh'),
      )
      const ids = quads.filter((q) => q.predicate.value === `${DCT}identifier`).map((q) => q.object.value)
      assert.deepEqual(ids.sort(), [code('开放资源'), code('有条件开放资源'), code('无摘要开放资源')].sort())
      const freq = quads
        .filter((q) => q.predicate.value === `${DCT}accrualPeriodicity`)
        .map((q) => q.object.value)
      assert.deepEqual(freq.sort(), [
        'http://publications.europa.eu/resource/authority/frequency/ANNUAL_2',
        'http://publications.europa.eu/resource/authority/frequency/IRREG',
        'http://publications.europa.eu/resource/authority/frequency/MONTHLY',
      ])
      const issued = quads.find((q) => q.predicate.value === `${DCT}issued`)
      assert.match(issued?.object.value ?? '', /^\d{4}-\d{2}-\d{2}$/)
      assert.equal(
        issued?.object.termType === 'Literal' && issued.object.datatype.value,
        'http://www.w3.org/2001/XMLSchema#date',
      )
      const catalog = subjectsOfType(quads, `${DCAT}Catalog`)
      assert.equal(catalog.length, 1)
      const publisher = quads.find(
        (q) => q.subject.value === catalog[0] && q.predicate.value === `${DCT}publisher`,
      )
      const publisherName = quads.find(
        (q) =>
          q.subject.value === publisher?.object.value &&
          q.predicate.value === 'http://xmlns.com/foaf/0.1/name',
      )
      assert.equal(publisherName?.object.value, '湖南省数据局')
    })

    test('Turtle on Accept: text/turtle conforms too and describes the same datasets', async () => {
      const res = await t.request({
        method: 'GET',
        url: '/api/v1/public/catalog/dcat',
        headers: { accept: 'text/turtle', host: 'data.example.cn' },
      })
      assert.equal(res.statusCode, 200, res.body)
      assert.match(String(res.headers['content-type']), /^text\/turtle/)
      assert.match(res.body, /"开放资源"@zh/)
      const quads = await parseTurtle(res.body)
      await assertConforms(quads, 'Turtle')
      const json = await t.request({
        method: 'GET',
        url: '/api/v1/public/catalog/dcat',
        headers: { host: 'data.example.cn' },
      })
      const fromJson = await jsonLdQuads(json.json())
      assert.equal(quads.length, fromJson.length, 'both formats carry the same triples')
    })

    test('closed and unpublished resources never appear; pages are linked', async () => {
      const res = await t.request({ method: 'GET', url: '/api/v1/public/catalog/dcat?pageSize=200' })
      assert.ok(!res.body.includes('不开放资源'))
      assert.ok(!res.body.includes(code('不开放资源')))
      assert.ok(!res.body.includes('开放草稿'))
      const first = await t.request({ method: 'GET', url: '/api/v1/public/catalog/dcat?page=1&pageSize=2' })
      const firstIds = (await jsonLdQuads(first.json())).filter(
        (q) => q.predicate.value === `${DCT}identifier`,
      )
      assert.equal(firstIds.length, 2)
      assert.match(String(first.headers.link), /rel="next"/)
      const second = await t.request({ method: 'GET', url: '/api/v1/public/catalog/dcat?page=2&pageSize=2' })
      const secondIds = (await jsonLdQuads(second.json())).filter(
        (q) => q.predicate.value === `${DCT}identifier`,
      )
      assert.equal(secondIds.length, 1)
      assert.match(String(second.headers.link), /rel="prev"/)
      const bad = await t.request({ method: 'GET', url: '/api/v1/public/catalog/dcat?pageSize=100000' })
      assert.equal(bad.statusCode, 400)
    })

    test('anonymous callers read the DCAT catalog but nothing else of the catalog', async () => {
      assert.equal((await t.request({ method: 'GET', url: '/api/v1/public/catalog/dcat' })).statusCode, 200)
      const doc = await t.request({ method: 'GET', url: '/api/v1/openapi.json' })
      const op = doc.json<{ paths: Record<string, Record<string, { security?: unknown[] }>> }>().paths[
        '/api/v1/public/catalog/dcat'
      ]?.get
      assert.deepEqual(op?.security, [], 'documented as public')
      for (const url of [
        '/api/v1/catalog/resources',
        '/api/v1/catalog/ledger',
        '/api/v1/catalog/checks',
        '/api/v1/catalog/checks/scores',
      ]) {
        assert.equal((await t.request({ method: 'GET', url })).statusCode, 401, url)
      }
      assert.equal(
        (await t.request({ method: 'POST', url: '/api/v1/catalog/checks/run', payload: {} })).statusCode,
        401,
      )
    })
  })
}
