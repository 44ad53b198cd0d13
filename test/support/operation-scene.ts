/**
 * The authorized-operation scene the browser journeys start from, built through the API: 湘潭市数据局 authorizes an
 * operator org on a project over one operable, graded resource (统一社会信用代码 and 行业 of firms), the mandate is
 * signed and the project in force, and the operator's staff has a per-份 report product capped by the bureau.
 */
import assert from 'node:assert/strict'
import { setFieldGrades } from '../../src/modules/catalog/index.ts'
import { agreement, plan } from '../../src/modules/operation/fixture.ts'
import type { Db } from '../../src/platform/db/index.ts'

type Call = <T>(method: string, path: string, token: string | null, body?: unknown) => Promise<T>

export interface SceneOptions {
  /** Usernames are `<prefix>.bureau`, `<prefix>.steward` and `<prefix>.staff`, all with `password`. */
  readonly prefix: string
  readonly password: string
  readonly admin: string
  readonly operatorName: string
  readonly productName: string
  readonly agreementNo: string
  readonly cap: { readonly amount: string; readonly reason: string }
  /** Data rows `tyshxydm,hy` loaded into the resource (for the sandbox); none when omitted. */
  readonly rows?: readonly string[]
}

export interface OperationScene {
  readonly bureau: string
  readonly staff: string
  readonly resourceCode: string
  readonly productId: string
}

export async function operationScene(db: Db, call: Call, o: SceneOptions): Promise<OperationScene> {
  const orgs = await call<{ items: { id: string; name: string }[] }>(
    'GET',
    `/orgs?q=${encodeURIComponent('湘潭市数据局')}`,
    o.admin,
  )
  const bureauOrg = orgs.items.find((org) => org.name === '湘潭市数据局')
  assert.ok(bureauOrg)
  const operatorOrg = await call<{ id: string }>('POST', '/orgs', o.admin, {
    name: o.operatorName,
    type: 'operator',
    regionCode: '430300',
  })
  const login = async (role: string, orgId: string, roles: string[]) => {
    const username = `${o.prefix}.${role}`
    await call('POST', '/users', o.admin, {
      username,
      displayName: username,
      orgId,
      roles,
      password: o.password,
    })
    return (await call<{ token: string }>('POST', '/auth/login', null, { username, password: o.password }))
      .token
  }
  const bureau = await login('bureau', bureauOrg.id, ['bureau_admin'])
  const steward = await login('steward', bureauOrg.id, ['data_steward'])
  const staff = await login('staff', operatorOrg.id, ['operator_staff'])

  const resource = await call<{ id: string; code: string }>('POST', '/catalog/resources', steward, {
    name: '湘潭市法人单位基本信息',
    summary: '全市法人单位基本信息。',
    category: 'base',
    classCode: '102001',
    className: '基础信息资源/法人/法人单位',
    format: 'database',
    shareType: 'conditional',
    shareCondition: '用于政务服务',
    shareMethod: '共享平台',
    openType: 'closed',
    updateFrequency: 'daily',
    operable: true,
    fields: [
      { name: '统一社会信用代码', code: 'tyshxydm', dataType: 'string', length: 18, isKey: true },
      { name: '行业', code: 'hy', dataType: 'string', length: 20 },
    ],
  })
  await setFieldGrades(db, resource.id, { tyshxydm: 'general_1', hy: 'general_1' })
  if (o.rows?.length) {
    const upload = new FormData()
    upload.append(
      'file',
      new Blob([`tyshxydm,hy\r\n${o.rows.join('\r\n')}\r\n`], { type: 'text/csv' }),
      'firms.csv',
    )
    await call('POST', `/catalog/resources/${resource.id}/mount/upload`, steward, upload)
  }
  const project = await call<{ id: string }>('POST', '/operation/projects', bureau, {
    name: '湘潭市企业数据授权运营',
    implementingOrgName: '湘潭市大数据中心',
    mode: 'domain',
    domain: '企业服务',
    termStart: '2026-01-01',
    termEnd: '2030-12-31',
    plan: plan(),
    selectionMethod: 'open_tender',
    selectionRecord: '公开招标',
  })
  await call('POST', `/operation/projects/${project.id}/resources`, bureau, { resourceId: resource.id })
  const mandate = await call<{ id: string }>('POST', `/operation/projects/${project.id}/mandates`, bureau, {
    operatorOrgId: operatorOrg.id,
    content: '开发企业经营分析产品',
    termStart: '2026-01-01',
    termEnd: '2030-12-31',
    agreementNo: o.agreementNo,
    agreement: agreement(),
    authorizerShareBp: 1000,
    signedOn: '2025-12-20',
  })
  await call('POST', `/operation/projects/${project.id}/activate`, bureau, {
    approvalRecord: '市政府常务会议审议通过',
  })
  const product = await call<{ id: string }>('POST', '/operation/products', staff, {
    mandateId: mandate.id,
    name: o.productName,
    kind: 'report',
    useClass: 'industry',
    chargingUnit: 'item',
    unitLabel: '份',
    resourceInputs: [resource.id],
  })
  await call('POST', `/operation/products/${product.id}/cap`, bureau, o.cap)
  return { bureau, staff, resourceCode: resource.code, productId: product.id }
}
