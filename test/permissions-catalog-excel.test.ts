/**
 * Who may use the catalogue's Excel routes: each role × target org (own / another org of the region / another
 * region) for the import, with the expected answer from the written policy below; template and export for every
 * signed-in user, with the export showing only what the caller may see. The CLI's wider rule is checked too.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import ExcelJS from 'exceljs'
import { mayImportFor } from '../src/modules/catalog/excel/import.ts'
import {
  multipartBody,
  sampleFieldRows,
  sampleResourceRow,
  twoSheetWorkbook,
} from '../src/modules/catalog/excel/samples.ts'
import type { Actor } from '../src/platform/context.ts'
import { createTestApp, type TestApp } from './support/app.ts'
import { testEngines } from './support/db.ts'

type Role = 'bureau_admin' | 'org_admin' | 'data_steward' | 'reviewer' | 'auditor' | 'operator_staff'
type Target = 'own' | 'same_region' | 'other_region'
const ROLES: Role[] = ['bureau_admin', 'org_admin', 'data_steward', 'reviewer', 'auditor', 'operator_staff']
const HOME: Record<Role, '湘潭市数据局' | '湘潭市公安局'> = {
  bureau_admin: '湘潭市数据局',
  reviewer: '湘潭市数据局',
  auditor: '湘潭市数据局',
  org_admin: '湘潭市公安局',
  data_steward: '湘潭市公安局',
  operator_staff: '湘潭市公安局',
}

/** The written policy: only the org's own stewards and org admins catalogue for it through the API. */
function mayImport(role: Role, target: Target): boolean {
  return target === 'own' && (role === 'data_steward' || role === 'org_admin')
}

for (const engine of testEngines()) {
  describe(`catalog Excel permissions on ${engine}`, () => {
    let t: TestApp
    let admin: Record<string, string>
    const orgs = new Map<string, { id: string; regionCode: string }>()
    const actors = new Map<Role, Record<string, string>>()
    let file: Buffer

    async function org(name: string) {
      const res = await t.request({
        method: 'GET',
        url: `/api/v1/orgs?q=${encodeURIComponent(name)}`,
        headers: admin,
      })
      const found = res
        .json<{ items: { id: string; name: string; regionCode: string }[] }>()
        .items.find((o) => o.name === name)
      assert.ok(found, name)
      orgs.set(name, { id: found.id, regionCode: found.regionCode })
      return found
    }

    const targetOrg = (role: Role, target: Target) =>
      target === 'own'
        ? HOME[role]
        : target === 'same_region'
          ? HOME[role] === '湘潭市公安局'
            ? '湘潭市市场监督管理局'
            : '湘潭市公安局'
          : '长沙市数据局'

    const upload = (headers: Record<string, string>, query: string) => {
      const body = multipartBody(file)
      return t.request({
        method: 'POST',
        url: `/api/v1/catalog/import${query}`,
        headers: { ...headers, ...body.headers },
        payload: body.payload,
      })
    }

    before(async () => {
      t = await createTestApp(engine)
      admin = await t.login('admin')
      for (const name of ['湘潭市数据局', '湘潭市公安局', '湘潭市市场监督管理局', '长沙市数据局'])
        await org(name)
      for (const role of ROLES) {
        const res = await t.request({
          method: 'POST',
          url: '/api/v1/users',
          headers: admin,
          payload: {
            username: `xl.${role}`,
            displayName: role,
            orgId: orgs.get(HOME[role])?.id,
            roles: [role],
            password: 'Matrix1234',
          },
        })
        assert.equal(res.statusCode, 201, res.body)
        actors.set(role, await t.login(`xl.${role}`, 'Matrix1234'))
      }
      file = await twoSheetWorkbook([sampleResourceRow('权限资源')], sampleFieldRows('权限资源', 2))
    })
    after(() => t.close())

    test('anonymous callers get 401 on every Excel route', async () => {
      for (const [method, url] of [
        ['GET', '/api/v1/catalog/template.xlsx'],
        ['GET', '/api/v1/catalog/export.xlsx'],
        ['POST', '/api/v1/catalog/import'],
      ] as const) {
        const res = await (method === 'POST' ? upload({}, '') : t.request({ method, url }))
        assert.equal(res.statusCode, 401, `${method} ${url}`)
        assert.equal(res.json<{ code: string }>().code, 'auth.required')
      }
    })

    test('import: role × target org matrix (dry runs, so every allowed case sees the same file)', async () => {
      for (const role of ROLES) {
        for (const target of ['own', 'same_region', 'other_region'] as const) {
          const orgId = orgs.get(targetOrg(role, target))?.id
          const res = await upload(actors.get(role) ?? {}, `?dryRun=true&orgId=${orgId}`)
          const label = `${role} → ${target}`
          if (mayImport(role, target)) assert.equal(res.statusCode, 200, `${label}: ${res.body}`)
          else {
            assert.equal(res.statusCode, 403, `${label}: ${res.body}`)
            assert.equal(res.json<{ code: string }>().code, 'catalog.forbidden', label)
          }
        }
      }
    })

    test('a steward of another org cannot import for this org, nor see its drafts in an export', async () => {
      const police = orgs.get('湘潭市公安局')?.id
      const written = await upload(actors.get('data_steward') ?? {}, '')
      assert.equal(written.statusCode, 200, written.body)
      const otherSteward = await (async () => {
        const res = await t.request({
          method: 'POST',
          url: '/api/v1/users',
          headers: admin,
          payload: {
            username: 'xl.market',
            displayName: '市场监管',
            orgId: orgs.get('湘潭市市场监督管理局')?.id,
            roles: ['data_steward'],
            password: 'Matrix1234',
          },
        })
        assert.equal(res.statusCode, 201)
        return t.login('xl.market', 'Matrix1234')
      })()
      const denied = await upload(otherSteward, `?orgId=${police}`)
      assert.equal(denied.statusCode, 403)
      const exportOf = async (headers: Record<string, string>) => {
        const res = await t.request({
          method: 'GET',
          url: `/api/v1/catalog/export.xlsx?orgId=${police}`,
          headers,
        })
        assert.equal(res.statusCode, 200)
        const wb = new ExcelJS.Workbook()
        await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
        const names = wb.getWorksheet('资源目录')?.getColumn(1).values ?? []
        return names.includes('权限资源')
      }
      assert.equal(await exportOf(otherSteward), false, 'drafts of another org are not exported')
      assert.equal(await exportOf(actors.get('reviewer') ?? {}), true, 'the region reviewer sees them')
      assert.equal(await exportOf(actors.get('data_steward') ?? {}), true)
      const template = await t.request({
        method: 'GET',
        url: '/api/v1/catalog/template.xlsx',
        headers: otherSteward,
      })
      assert.equal(template.statusCode, 200)
    })

    test('the CLI rule adds bureau admins of the org region, and no one else', () => {
      const police = orgs.get('湘潭市公安局')
      const changsha = orgs.get('长沙市数据局')
      assert.ok(police && changsha)
      const user = (roles: string[], scope: string | null, orgId = 'x'): Actor => ({
        kind: 'user',
        userId: 'u',
        username: 'u',
        displayName: 'u',
        orgId,
        regionCode: '430300',
        roles,
        scopeRegionCode: scope,
        sessionId: 'cli',
        via: 'bearer',
      })
      assert.equal(mayImportFor(user(['bureau_admin'], '430300'), police, 'cli'), true)
      assert.equal(mayImportFor(user(['bureau_admin'], '430000'), changsha, 'cli'), true)
      assert.equal(mayImportFor(user(['bureau_admin'], '430300'), changsha, 'cli'), false)
      assert.equal(mayImportFor(user(['bureau_admin'], '430300'), police, 'api'), false)
      assert.equal(mayImportFor(user(['reviewer'], '430300'), police, 'cli'), false)
      assert.equal(mayImportFor(user(['data_steward'], null, police.id), police, 'cli'), true)
      assert.equal(mayImportFor({ kind: 'anonymous' }, police, 'cli'), false)
    })
  })
}
