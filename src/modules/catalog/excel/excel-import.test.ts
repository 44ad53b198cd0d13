import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import ExcelJS from 'exceljs'
import type { TestApp } from '../../../../test/support/app.ts'
import { testEngines } from '../../../../test/support/db.ts'
import { type ExcelContext, openExcelContext, type Problem, type Report } from './excel-context.ts'
import {
  FIELD_HEADERS,
  multipartBody,
  RESOURCE_HEADERS,
  type Row,
  sampleFieldRows,
  sampleResourceRow,
  singleSheetWorkbook,
  twoSheetWorkbook,
} from './samples.ts'

for (const engine of testEngines()) {
  describe(`catalog Excel import on ${engine}`, () => {
    let c: ExcelContext
    let t: TestApp
    let steward: Record<string, string>
    let reviewer: Record<string, string>
    const upload = (...args: Parameters<ExcelContext['upload']>) => c.upload(...args)
    const list = (q: string) => c.list(q)
    const detail = (id: string) => c.detail(id)

    before(async () => {
      c = await openExcelContext(engine)
      ;({ t, steward, reviewer } = c)
    })
    after(() => c.close())

    test('a two-sheet file with a title row, synonyms, full-width text and Excel dates imports; re-import updates', async () => {
      const headers = RESOURCE_HEADERS.map((h) =>
        h === '信息资源名称'
          ? '资源名称 *'
          : h === '共享类型'
            ? '共享属性'
            : h === '信息资源提供方'
              ? '提供单位'
              : h,
      )
      const resources: Row[] = [
        {
          ...sampleResourceRow('两表资源甲'),
          '资源名称 *': '两表资源甲',
          共享属性: '有条件',
          发布日期: 45658,
        },
        {
          ...sampleResourceRow('两表资源乙'),
          '资源名称 *': '两表资源乙',
          共享属性: '无条件共享',
          分类码: '１０１００２',
          授权运营: 'Y',
          开放类型: '是',
          发布日期: new Date(Date.UTC(2025, 1, 3)),
        },
      ]
      const fields = [...sampleFieldRows('两表资源甲', 3), ...sampleFieldRows('两表资源乙', 2)]
      const bytes = await twoSheetWorkbook(resources, fields, {
        titleRow: '2025 年目录',
        resourceHeaders: headers,
      })
      const res = await upload(bytes)
      assert.equal(res.statusCode, 200, res.body)
      const report = res.json<Report>()
      assert.equal(report.created, 2)
      assert.equal(report.problems.length, 0)
      assert.deepEqual(
        report.resources.map((r) => [r.row, r.action]),
        [
          [4, 'created'],
          [5, 'created'],
        ],
      )
      const a = await detail(report.resources[0]?.id ?? '')
      assert.match(a.code, /^101001\/\d{6}$/)
      assert.equal(a.fields.length, 3)
      assert.equal(a.publishDate, '2025-01-01')
      assert.equal(a.shareType, 'conditional')
      const b = await detail(report.resources[1]?.id ?? '')
      assert.equal(b.classCode, '101002')
      assert.equal(b.operable, true)
      assert.equal(b.openType, 'open')
      assert.equal(b.publishDate, '2025-02-03')
      assert.equal(b.shareCondition, null)

      const again = await upload(bytes)
      assert.equal(again.statusCode, 200, again.body)
      assert.equal(again.json<Report>().updated, 2)
      assert.equal(again.json<Report>().created, 0)
      assert.equal((await list('两表资源')).total, 2, 'no duplicates')
      assert.equal((await detail(a.id)).code, a.code, 'the code is kept')
    })
    test('the single-sheet layout with merged resource cells imports one resource per group', async () => {
      const headers = [
        '资源名称',
        '资源代码',
        '分类',
        '分类码',
        '摘要',
        '格式',
        '共享属性',
        '共享条件',
        '是否向社会开放',
        '更新频率',
        '字段名称',
        '字段名',
        '字段类型',
        '长度',
        '主键',
      ]
      const group = (name: string, code: string, n: number) => ({
        resource: {
          资源名称: name,
          资源代码: code,
          分类: '基础',
          分类码: '101003',
          摘要: `${name}摘要`,
          格式: '库表',
          共享属性: '有条件',
          共享条件: '依申请',
          是否向社会开放: '否',
          更新频率: '按月',
        },
        fields: Array.from({ length: n }, (_, i) => ({
          字段名称: `字段${i}`,
          字段名: `c${i}`,
          字段类型: i === 0 ? 'varchar' : 'int',
          长度: i === 0 ? '18位' : null,
          主键: i === 0 ? '√' : '',
        })),
      })
      const bytes = await singleSheetWorkbook(
        [group('单表资源一', '101003/000101', 3), group('单表资源二', '', 2), group('单表资源三', '', 1)],
        headers,
      )
      const res = await upload(bytes)
      assert.equal(res.statusCode, 200, res.body)
      const report = res.json<Report>()
      assert.equal(report.created, 3, res.body)
      assert.deepEqual(
        report.resources.map((r) => r.row),
        [3, 6, 8],
      )
      assert.equal(report.resources[0]?.code, '101003/000101')
      assert.equal(report.resources[1]?.code, '101003/000102', 'generated codes continue after the kept one')
      const one = await detail(report.resources[0]?.id ?? '')
      assert.deepEqual(
        one.fields.map((f) => [f.code, f.dataType, f.length, f.isKey]),
        [
          ['c0', 'string', 18, true],
          ['c1', 'integer', null, false],
          ['c2', 'integer', null, false],
        ],
      )
      assert.equal(one.updateFrequency, 'monthly')
    })
    test('one bad row: all-or-nothing writes nothing and points at sheet, row and column; skipInvalid imports the rest', async () => {
      const resources = [
        sampleResourceRow('校验资源一'),
        sampleResourceRow('校验资源二', { 共享条件: '' }),
        sampleResourceRow('校验资源三', { 更新周期: '每十年' }),
      ]
      const fields = [
        ...sampleFieldRows('校验资源一', 2),
        ...sampleFieldRows('校验资源二', 2),
        ...sampleFieldRows('校验资源三', 2),
        { ...sampleFieldRows('校验资源一', 1)[0], 信息项代码: '1bad', 信息项名称: '坏代码' },
        { 信息资源名称: '不存在的资源', 信息项名称: 'x', 信息项代码: 'x', 数据类型: '字符型' },
      ]
      const bytes = await twoSheetWorkbook(resources, fields)
      const before = await list('校验资源')
      const res = await upload(bytes)
      assert.equal(res.statusCode, 422, res.body)
      const problem = res.json<Problem>()
      assert.equal(problem.code, 'catalog.import_rejected')
      assert.equal(problem.report?.rejected, true)
      assert.equal(problem.report?.created, 0)
      const at = (problem.report?.problems ?? []).map((p) => `${p.sheet}!${p.column}${p.row}`)
      assert.ok(at.includes('资源目录!J3'), `share condition of row 3: ${at.join(' ')}`)
      assert.ok(at.includes('资源目录!O4'), `update frequency of row 4: ${at.join(' ')}`)
      assert.ok(at.includes('信息项!C8'), `field code on the fields sheet: ${at.join(' ')}`)
      assert.ok(at.includes('信息项!A9'), `unlinked item: ${at.join(' ')}`)
      const msg = problem.report?.problems.find((p) => p.row === 4)?.message ?? ''
      assert.match(msg, /更新周期：“每十年”不在可选范围内/)
      assert.equal((await list('校验资源')).total, before.total, 'nothing written')

      const dry = await upload(bytes, '?mode=skipInvalid&dryRun=true')
      assert.equal(dry.statusCode, 200)
      assert.equal(dry.json<Report>().created, 0, 'the first resource has a bad field too')
      assert.equal((await list('校验资源')).total, before.total, 'a dry run writes nothing')

      const good = await twoSheetWorkbook(resources, fields.slice(0, 6))
      const skip = await upload(good, '?mode=skipInvalid')
      assert.equal(skip.statusCode, 200, skip.body)
      const report = skip.json<Report>()
      assert.equal(report.created, 1)
      assert.equal(report.skipped, 2)
      assert.deepEqual(
        report.resources.map((r) => r.action),
        ['created', 'skipped', 'skipped'],
      )
      assert.equal((await list('校验资源')).total, 1)
    })
    test('published resources are conflicts, not overwritten; duplicate codes and unknown enums are reported', async () => {
      const bytes = await twoSheetWorkbook(
        [sampleResourceRow('已发布资源')],
        sampleFieldRows('已发布资源', 2),
      )
      const created = (await upload(bytes)).json<Report>().resources[0]
      const url = `/api/v1/catalog/resources/${created?.id}`
      await t.request({ method: 'POST', url: `${url}/submit`, headers: steward })
      const pub = await t.request({ method: 'POST', url: `${url}/publish`, headers: reviewer })
      assert.equal(pub.statusCode, 200, pub.body)
      const res = await upload(bytes)
      assert.equal(res.statusCode, 422)
      assert.match(res.json<Problem>().report?.problems[0]?.message ?? '', /已发布，不能通过导入修改/)

      const dup = await twoSheetWorkbook(
        [
          sampleResourceRow('重码一', { 信息资源代码: '101001/009001' }),
          sampleResourceRow('重码二', { 信息资源代码: '101001/009001', 信息资源格式: '胶片' }),
        ],
        [],
      )
      const d = await upload(dup)
      assert.equal(d.statusCode, 422)
      const messages = d.json<Problem>().report?.problems.map((p) => p.message) ?? []
      assert.ok(
        messages.some((m) => /信息资源代码：与第 2 行重复/.test(m)),
        messages.join(' '),
      )
      assert.ok(
        messages.some((m) => /信息资源格式：“胶片”不在可选范围内/.test(m)),
        messages.join(' '),
      )
    })
    test('bad files are 4xx problems, never 500, and write nothing', async () => {
      const formula = new ExcelJS.Workbook()
      const ws = formula.addWorksheet('资源目录')
      ws.addRow(RESOURCE_HEADERS)
      const row = sampleResourceRow('公式资源')
      ws.addRow(
        RESOURCE_HEADERS.map((h) =>
          h === '信息资源摘要' ? { formula: 'CONCAT("a","b")' } : (row[h] ?? null),
        ),
      )
      const cached = sampleResourceRow('公式缓存资源')
      ws.addRow(
        RESOURCE_HEADERS.map((h) =>
          h === '信息资源摘要' ? { formula: 'CONCAT("a","b")', result: 'ab' } : (cached[h] ?? null),
        ),
      )
      const formulaBytes = Buffer.from(await formula.xlsx.writeBuffer())
      const noHeaders = new ExcelJS.Workbook()
      noHeaders.addWorksheet('Sheet1').addRow(['甲', '乙', '丙'])
      const partial = await twoSheetWorkbook([sampleResourceRow('缺列')], [], {
        resourceHeaders: ['信息资源名称', '分类码', '信息资源格式'],
      })
      const real = await twoSheetWorkbook([sampleResourceRow('损坏')], [])
      const cases: [string, Buffer, number, string][] = [
        ['not xlsx', Buffer.from('名称,代码\n户籍,1\n'), 400, 'catalog.import_file_invalid'],
        ['empty', Buffer.alloc(0), 400, 'catalog.import_file_invalid'],
        ['broken zip', real.subarray(0, Math.floor(real.length / 2)), 400, 'catalog.import_file_invalid'],
        [
          'no headers',
          Buffer.from(await noHeaders.xlsx.writeBuffer()),
          400,
          'catalog.import_headers_missing',
        ],
        ['missing columns', partial, 400, 'catalog.import_headers_missing'],
        ['formula without result', formulaBytes, 422, 'catalog.import_rejected'],
      ]
      for (const [label, bytes, status, code] of cases) {
        const res = await upload(bytes)
        assert.equal(res.statusCode, status, `${label}: ${res.body}`)
        assert.match(String(res.headers['content-type']), /problem\+json/)
        assert.equal(res.json<Problem>().code, code, label)
      }
      const f = (await upload(formulaBytes, '?mode=skipInvalid')).json<Report>()
      assert.equal(f.created, 1, 'the cached formula result is read')
      assert.match(f.problems[0]?.message ?? '', /公式/)
      const json = await t.request({
        method: 'POST',
        url: '/api/v1/catalog/import',
        headers: steward,
        payload: { file: 'x' },
      })
      assert.equal(json.statusCode, 415)
      const wrongField = multipartBody(real, { field: 'upload' })
      const wf = await t.request({
        method: 'POST',
        url: '/api/v1/catalog/import',
        headers: { ...steward, ...wrongField.headers },
        payload: wrongField.payload,
      })
      assert.equal(wf.statusCode, 400)
      const big = await upload(Buffer.alloc(21 * 1024 * 1024, 1))
      assert.equal(big.statusCode, 413, big.body)
      assert.equal((await list('损坏')).total, 0)
    })
    test('数源部门 may name another org; an unknown name is reported at its cell', async () => {
      const bytes = await twoSheetWorkbook(
        [
          sampleResourceRow('数源资源甲', { 数源部门: '湖南省公安厅' }),
          sampleResourceRow('数源资源乙', { 数源部门: '不存在的单位' }),
        ],
        [...sampleFieldRows('数源资源甲', 1), ...sampleFieldRows('数源资源乙', 1)],
      )
      const rejected = await upload(bytes)
      assert.equal(rejected.statusCode, 422, rejected.body)
      const problems = rejected.json<{ report: Report }>().report.problems
      assert.ok(
        problems.some((p) => p.row === 3 && p.message.includes('不存在的单位')),
        JSON.stringify(problems),
      )
      const report = (await upload(bytes, '?mode=skipInvalid')).json<Report>()
      assert.equal(report.created, 1)
      const made = await detail(report.resources.find((r) => r.action === 'created')?.id ?? '')
      assert.equal(made.sourceOrgName, '湖南省公安厅')
    })
    test('a field sheet header alone is not enough; headers in any order are', async () => {
      const shuffled = [...RESOURCE_HEADERS].reverse()
      const bytes = await twoSheetWorkbook([sampleResourceRow('乱序资源')], sampleFieldRows('乱序资源', 1), {
        resourceHeaders: shuffled,
        fieldHeaders: [...FIELD_HEADERS].reverse(),
      })
      const res = await upload(bytes)
      assert.equal(res.statusCode, 200, res.body)
      assert.equal(res.json<Report>().created, 1)
    })
  })
}
