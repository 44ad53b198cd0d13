/**
 * Discovery measured on a labeled fixture of generated columns (fixture.ts): precision and recall of the proposed
 * type per column, printed with a per-type breakdown; then the HTTP round trip on a mounted resource (discover,
 * review, confirm → grade in the catalog, type used by masking) and its refusals.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { testEngines } from '../../../../../test/support/db.ts'
import { openProtection, type ProtectionContext } from '../test-context.ts'
import { luhn, proposeField } from './detect.ts'
import { labeledColumns } from './fixture.ts'

interface Score {
  tp: number
  fp: number
  fn: number
}
const pct = (n: number) => `${(n * 100).toFixed(1)}%`
const precision = (s: Score) => s.tp / Math.max(1, s.tp + s.fp)
const recall = (s: Score) => s.tp / Math.max(1, s.tp + s.fn)

test('Luhn check on known card numbers', () => {
  assert.equal(luhn('4111111111111111'), true)
  assert.equal(luhn('6222021234567890123'.slice(0, 18)), luhn('622202123456789012'))
  assert.equal(luhn('4111111111111112'), false)
})

test('discovery precision and recall on ≥ 200 labeled columns (Chinese, pinyin, English, opaque; clean and dirty)', () => {
  const columns = labeledColumns()
  assert.ok(columns.length >= 200, `fixture has ${columns.length} columns`)
  const total: Score = { tp: 0, fp: 0, fn: 0 }
  const byType = new Map<string, Score>()
  const bySlice = new Map<string, Score>()
  const misses: string[] = []
  const bump = (m: Map<string, Score>, k: string, f: keyof Score) => {
    const s = m.get(k) ?? { tp: 0, fp: 0, fn: 0 }
    s[f]++
    m.set(k, s)
  }
  for (const col of columns) {
    const got = proposeField({ code: col.code, name: col.name }, col.values).type
    const slice = `${/^c\d\d$/.test(col.code) ? 'opaque' : /[\u4e00-\u9fa5]/.test(col.name) ? 'chinese' : 'latin'}/${col.dirty ? 'dirty' : 'clean'}`
    if (got === null && col.truth === null) continue
    if (got !== null && got === col.truth) {
      total.tp++
      bump(byType, got, 'tp')
      bump(bySlice, slice, 'tp')
      continue
    }
    if (got !== null) {
      total.fp++
      bump(byType, got, 'fp')
      bump(bySlice, slice, 'fp')
    }
    if (col.truth !== null) {
      total.fn++
      bump(byType, col.truth, 'fn')
      bump(bySlice, slice, 'fn')
    }
    misses.push(
      `${col.name}(${col.code}${col.dirty ? ', dirty' : ''}): truth ${col.truth ?? 'none'}, got ${got ?? 'none'}`,
    )
  }
  const lines = [
    `discovery on ${columns.length} labeled columns (${columns.filter((c) => c.truth).length} sensitive): precision ${pct(precision(total))}, recall ${pct(recall(total))} (tp ${total.tp}, fp ${total.fp}, fn ${total.fn})`,
    ...[...byType]
      .sort()
      .map(
        ([k, s]) =>
          `  ${k.padEnd(14)} precision ${pct(precision(s)).padStart(6)}  recall ${pct(recall(s)).padStart(6)}`,
      ),
    ...[...bySlice]
      .sort()
      .map(([k, s]) => `  [${k}] precision ${pct(precision(s))}  recall ${pct(recall(s))}`),
    ...misses.map((m) => `  miss: ${m}`),
  ]
  console.log(lines.join('\n'))
  assert.ok(precision(total) >= 0.95, `precision ${pct(precision(total))}`)
  assert.ok(recall(total) >= 0.9, `recall ${pct(recall(total))}`)
})

for (const engine of testEngines()) {
  describe(`discovery over HTTP on ${engine}`, () => {
    let c: ProtectionContext
    before(async () => {
      c = await openProtection(engine)
    })
    after(() => c.close())

    test('discover, review and confirm: grades reach the catalog; types reach masking; audited', async () => {
      const found = await c.t.request({
        method: 'POST',
        url: `/api/v1/catalog/resources/${c.resourceId}/discover`,
        headers: c.steward,
      })
      assert.equal(found.statusCode, 200, found.body)
      const run = found.json<{
        id: string
        sampledRows: number
        proposals: { code: string; type: string | null; suggestedGrade: string | null; confidence: number }[]
      }>()
      assert.equal(run.sampledRows, 40)
      const by = Object.fromEntries(run.proposals.map((x) => [x.code, x]))
      assert.equal(by.xm?.type, 'person_name')
      assert.equal(by.c7?.type, 'id_number')
      assert.equal(by.c7?.suggestedGrade, 'general_4')
      assert.equal(by.lx?.type, 'mobile')
      assert.equal(by.acct?.type, 'bank_card')
      assert.equal(by.zz?.type, 'address')
      assert.equal(by.nl?.type, null)
      assert.ok((by.c7?.confidence ?? 0) >= 0.8)
      assert.doesNotMatch(found.body, /43030219/, 'no sampled value is returned')

      const latest = await c.t.request({
        method: 'GET',
        url: `/api/v1/governance/resources/${c.resourceId}/discovery`,
        headers: c.steward,
      })
      assert.equal(latest.json<{ run: { id: string } }>().run.id, run.id)

      const confirm = await c.t.request({
        method: 'POST',
        url: `/api/v1/governance/discoveries/${run.id}/confirm`,
        headers: c.steward,
        payload: {
          fields: run.proposals.map((x) => ({
            code: x.code,
            type: x.type,
            grade: x.suggestedGrade,
            ...(x.type === 'bank_card' ? { piCategories: ['financial_account'] } : {}),
          })),
        },
      })
      assert.equal(confirm.statusCode, 200, confirm.body)
      const twice = await c.t.request({
        method: 'POST',
        url: `/api/v1/governance/discoveries/${run.id}/confirm`,
        headers: c.steward,
        payload: { fields: [{ code: 'xm', type: null, grade: null }] },
      })
      assert.equal(twice.statusCode, 409)

      const grading = await c.t.request({
        method: 'GET',
        url: `/api/v1/governance/resources/${c.resourceId}/grading`,
        headers: c.steward,
      })
      const view = grading.json<{
        effectiveGrade: string
        fields: {
          code: string
          grade: string | null
          sensitiveType: string | null
          decision: { sensitivePi: boolean } | null
        }[]
      }>()
      const f = Object.fromEntries(view.fields.map((x) => [x.code, x]))
      assert.equal(f.c7?.grade, 'general_4', 'the catalog field carries the confirmed grade')
      assert.equal(f.xm?.grade, 'general_3')
      assert.equal(f.c7?.sensitiveType, 'id_number')
      assert.equal(f.acct?.decision?.sensitivePi, true)
      assert.equal(view.effectiveGrade, 'general_4')

      const audit = await c.t.request({
        method: 'GET',
        url: '/api/v1/audit/events?pageSize=100',
        headers: c.admin,
      })
      const actions = audit.json<{ items: { action: string }[] }>().items.map((e) => e.action)
      assert.ok(actions.includes('governance.discovery_run'))
      assert.ok(actions.includes('governance.discovery_confirm'))
    })

    test('refusals: another org’s steward, unknown resource, unknown field', async () => {
      const other = await c.t.request({
        method: 'POST',
        url: `/api/v1/catalog/resources/${c.resourceId}/discover`,
        headers: c.outsider,
      })
      assert.equal(other.statusCode, 403)
      const missing = await c.t.request({
        method: 'POST',
        url: '/api/v1/catalog/resources/01a20000-0000-7000-8000-000000000000/discover',
        headers: c.steward,
      })
      assert.equal(missing.statusCode, 404)
      const run = await c.t.request({
        method: 'POST',
        url: `/api/v1/catalog/resources/${c.resourceId}/discover`,
        headers: c.steward,
      })
      const bad = await c.t.request({
        method: 'POST',
        url: `/api/v1/governance/discoveries/${run.json<{ id: string }>().id}/confirm`,
        headers: c.steward,
        payload: { fields: [{ code: 'nope', type: null, grade: 'general_1' }] },
      })
      assert.equal(bad.statusCode, 422, bad.body)
      assert.equal(bad.json<{ code: string }>().code, 'grading.field_unknown')
    })
  })
}
