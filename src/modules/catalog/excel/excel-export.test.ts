import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import ExcelJS from 'exceljs'
import type { TestApp } from '../../../../test/support/app.ts'
import { testEngines } from '../../../../test/support/db.ts'
import { verifyAuditChain } from '../../../platform/audit/index.ts'
import type { Actor } from '../../../platform/context.ts'
import { DomainError } from '../../../platform/errors.ts'
import {
  type Detail,
  type ExcelContext,
  openExcelContext,
  type Problem,
  type Report,
} from './excel-context.ts'
import { exportItems } from './export.ts'
import { RESOURCE_HEADERS, sampleFieldRows, sampleResourceRow, twoSheetWorkbook } from './samples.ts'

for (const engine of testEngines()) {
  describe(`catalog Excel template and export on ${engine}`, () => {
    let c: ExcelContext
    let t: TestApp
    let admin: Record<string, string>
    let steward: Record<string, string>
    let orgId: string
    const upload = (...args: Parameters<ExcelContext['upload']>) => c.upload(...args)
    const _list = (q: string) => c.list(q)
    const detail = (id: string) => c.detail(id)

    before(async () => {
      c = await openExcelContext(engine)
      ;({ t, admin, steward, orgId } = c)
    })
    after(() => c.close())

    test('the template opens with the sheets, Chinese headers, dropdowns and instructions', async () => {
      const res = await t.request({ method: 'GET', url: '/api/v1/catalog/template.xlsx', headers: steward })
      assert.equal(res.statusCode, 200)
      assert.match(String(res.headers['content-type']), /spreadsheetml/)
      assert.match(String(res.headers['content-disposition']), /attachment/)
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
      assert.deepEqual(
        wb.worksheets.map((w) => w.name),
        ['资源目录', '信息项', '填写说明', '代码表'],
      )
      const headers = (name: string) =>
        ((wb.getWorksheet(name)?.getRow(1).values ?? []) as unknown[]).filter((v) => typeof v === 'string')
      assert.deepEqual(headers('资源目录'), RESOURCE_HEADERS)
      for (const h of [
        '信息资源名称',
        '信息资源代码',
        '信息项名称',
        '信息项代码',
        '数据类型',
        '是否主键',
        '权威来源',
      ])
        assert.ok(headers('信息项').includes(h), h)
      const dv = wb.getWorksheet('资源目录')?.getCell('I2').dataValidation
      assert.equal(dv?.type, 'list')
      assert.match(String(dv?.formulae?.[0]), /代码表/)
      const lists = wb.getWorksheet('代码表')
      assert.equal(lists?.state, 'hidden')
      assert.ok(
        (lists?.getColumn(3).values ?? []).includes('有条件共享'),
        'share types listed with their Chinese labels',
      )
      assert.ok((wb.getWorksheet('填写说明')?.rowCount ?? 0) > 20)
      // The empty template itself is a file without data rows.
      const empty = await upload(res.rawPayload)
      assert.equal(empty.statusCode, 400)
      assert.equal(empty.json<Problem>().code, 'catalog.import_file_invalid')
    })
    test('export → import round-trips; the import is audited and the chain verifies', async () => {
      const bytes = await twoSheetWorkbook(
        [
          sampleResourceRow('往返资源甲', {
            关联资源代码: '101001/000001，101001/000002',
            开放类型: '有条件开放',
            开放条件: '实名申请',
          }),
          sampleResourceRow('往返资源乙', { 授权运营: '是', 数源部门: '湘潭市公安局' }),
        ],
        [...sampleFieldRows('往返资源甲', 4), ...sampleFieldRows('往返资源乙', 1)],
      )
      const first = (await upload(bytes)).json<Report>()
      assert.equal(first.created, 2)
      const ids = first.resources.map((r) => r.id ?? '')
      const before = await Promise.all(ids.map(detail))
      const exp = await t.request({
        method: 'GET',
        url: `/api/v1/catalog/export.xlsx?q=${encodeURIComponent('往返资源')}&sort=name`,
        headers: steward,
      })
      assert.equal(exp.statusCode, 200)
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load(exp.rawPayload as unknown as ArrayBuffer)
      assert.equal(wb.getWorksheet('资源目录')?.rowCount, 3)
      assert.equal(wb.getWorksheet('信息项')?.rowCount, 6)
      const again = await upload(exp.rawPayload)
      assert.equal(again.statusCode, 200, again.body)
      assert.equal(again.json<Report>().updated, 2)
      const after = await Promise.all(ids.map(detail))
      const strip = (d: Detail) => {
        const { updatedAt: _u, fields, ...rest } = d
        return {
          ...rest,
          fields: fields.map(({ id: _i, ...f }: Detail['fields'][number] & { id?: string }) => f),
        }
      }
      assert.deepEqual(after.map(strip), before.map(strip))
      assert.equal(after[1]?.sourceOrgId, orgId)
      const events = await t.request({
        method: 'GET',
        url: `/api/v1/audit/events?action=catalog.import&pageSize=50`,
        headers: admin,
      })
      assert.ok(events.json<{ total: number }>().total >= 2, events.body)
      const created = await t.request({
        method: 'GET',
        url: `/api/v1/audit/events?targetId=${ids[0]}&pageSize=50`,
        headers: admin,
      })
      const actions = created.json<{ items: { action: string }[] }>().items.map((e) => e.action)
      assert.ok(actions.includes('catalog.resource_create'))
      assert.ok(actions.includes('catalog.resource_update'))
      assert.equal((await verifyAuditChain(t.db)).ok, true)
    })
    test('an export past the cap is a clear 400, not a truncated file', async () => {
      const names = ['导出上限甲', '导出上限乙', '导出上限丙']
      const seeded = await upload(
        await twoSheetWorkbook(
          names.map((n) => sampleResourceRow(n)),
          names.flatMap((n) => sampleFieldRows(n, 1)),
        ),
      )
      assert.equal(seeded.json<Report>().created, 3, seeded.body)
      const actor: Actor = {
        kind: 'user',
        userId: 'u',
        username: 'u',
        displayName: 'u',
        orgId,
        regionCode: '430300',
        roles: ['data_steward'],
        scopeRegionCode: null,
        sessionId: 's',
        via: 'bearer',
      }
      const items = await exportItems(t.db, actor, { orgId })
      assert.ok(items.length > 2)
      await assert.rejects(exportItems(t.db, actor, { orgId }, 2), (e: unknown) => {
        assert.ok(e instanceof DomainError)
        assert.equal(e.code, 'catalog.export_too_large')
        assert.equal(e.status, 400)
        assert.match(e.detail?.zh ?? '', /一次最多导出 2 条/)
        return true
      })
    })
  })
}
