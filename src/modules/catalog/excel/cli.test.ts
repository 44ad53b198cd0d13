import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp } from '../../../../test/support/app.ts'
import { testEngines } from '../../../../test/support/db.ts'
import { catalogImport } from '../../../cli/catalog-import.ts'
import { sampleFieldRows, sampleResourceRow, twoSheetWorkbook } from './samples.ts'

for (const engine of testEngines()) {
  describe(`shuhui catalog import (CLI) on ${engine}`, () => {
    let t: TestApp
    let dir: string
    let orgId: string

    before(async () => {
      t = await createTestApp(engine)
      dir = mkdtempSync(join(tmpdir(), 'shuhui-cli-'))
      const admin = await t.login('admin')
      const res = await t.request({
        method: 'GET',
        url: `/api/v1/orgs?q=${encodeURIComponent('湘潭市公安局')}`,
        headers: admin,
      })
      orgId =
        res.json<{ items: { id: string; name: string }[] }>().items.find((o) => o.name === '湘潭市公安局')
          ?.id ?? ''
    })
    after(async () => {
      rmSync(dir, { recursive: true, force: true })
      await t.close()
    })

    const run = async (file: string, extra: Partial<Parameters<typeof catalogImport>[1]> = {}) => {
      const lines: string[] = []
      const code = await catalogImport(t.db, {
        file,
        orgId,
        mode: 'allOrNothing',
        username: 'admin',
        dryRun: false,
        progress: false,
        out: (l) => lines.push(l),
        ...extra,
      })
      return { code, text: lines.join('\n') }
    }

    test('imports as the province admin, reports in Chinese, exits non-zero on problems', async () => {
      const ok = join(dir, 'ok.xlsx')
      writeFileSync(
        ok,
        await twoSheetWorkbook([sampleResourceRow('命令行甲')], sampleFieldRows('命令行甲', 2)),
      )
      const first = await run(ok)
      assert.equal(first.code, 0, first.text)
      assert.match(first.text, /新建 1 条，更新 0 条，跳过 0 条，问题 0 处/)
      assert.match((await run(ok)).text, /更新 1 条/)
      const bad = join(dir, 'bad.xlsx')
      writeFileSync(
        bad,
        await twoSheetWorkbook(
          [sampleResourceRow('命令行乙'), sampleResourceRow('命令行丙', { 共享条件: '' })],
          [],
        ),
      )
      const rejected = await run(bad)
      assert.equal(rejected.code, 1)
      assert.match(rejected.text, /工作表「资源目录」 第 3 行 J 列：共享条件/)
      const skipped = await run(bad, { mode: 'skipInvalid' })
      assert.equal(skipped.code, 1)
      assert.match(skipped.text, /新建 1 条/)
      const events = await t.request({
        method: 'GET',
        url: '/api/v1/audit/events?action=catalog.import&pageSize=50',
        headers: await t.login('admin'),
      })
      const items = events.json<{ items: { actorName: string; details: { via: string } }[] }>().items
      assert.ok(items.every((e) => e.actorName === 'admin' && e.details.via === 'cli'))
      assert.equal((await run(join(dir, 'missing.xlsx'))).code, 1)
      assert.match((await run(ok, { username: 'nobody' })).text, /用户不存在/)
    })
  })
}
