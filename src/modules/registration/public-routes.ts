/**
 * Public routes (no login): the notice list with the four public fields only, objections, the certificate query
 * by number, online verification and the published signing keys. Writes are bounded in size and rate.
 */
import { sql } from 'kysely'
import { Type } from 'typebox'
import {
  type AppInstance,
  Page,
  PageQuery,
  pageOf,
  pageWindow,
  requestContext,
} from '../../platform/http/index.ts'
import { orgSummaries } from '../identity/index.ts'
import { originOf } from './certificate-routes.ts'
import type { RegistrationDeps } from './deps.ts'
import { registrationError } from './errors.ts'
import { publishedKeys } from './keys.ts'
import { fileObjection } from './objections.ts'
import { certificatePdf } from './pdf.ts'
import { ObjectionCreate, PublicKey, PublicNotice, Uuid, VerifyBody, VerifyResult } from './schemas.ts'
import { findRegistration, t } from './store.ts'
import type { RegistrationRow } from './tables.ts'
import { certificateByNumber, certificateFileOf, verifyCertificate, verifyQr } from './verify.ts'

const TAGS = ['registration-public']
const PUBLIC = { access: 'public' } as const
const VERIFY_LIMIT = 256 * 1024

async function toNotices(db: RegistrationDeps['db'], rows: readonly RegistrationRow[]) {
  const orgs = await orgSummaries(
    db,
    rows.map((r) => r.registrantOrgId),
  )
  return rows.map((r) => ({
    id: r.id,
    registrantName: orgs.get(r.registrantOrgId)?.name ?? '',
    kind: r.kind,
    dataName: r.dataName,
    summary: r.summary,
    noticeStartsOn: r.noticeStartsOn,
    noticeDue: r.noticeDue,
  }))
}

export async function registrationPublicRoutes(app: AppInstance, deps: RegistrationDeps): Promise<void> {
  const { db, config } = deps

  app.get(
    '/api/v1/public/registrations/notices',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary: '公示中的登记（仅登记主体、登记类型、数据名称、内容摘要）',
        security: [],
        querystring: Type.Intersect([
          PageQuery,
          Type.Object({ q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) }),
        ]),
        response: { 200: Page(PublicNotice) },
      },
    },
    async (request) => {
      const window = pageWindow(request.query)
      let q = t(db).selectFrom('registrations').where('status', '=', 'public_notice')
      if (request.query.q) {
        const like = `%${request.query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
        q = q.where((eb) => eb.or([eb('dataName', 'like', like), eb('summary', 'like', like)]))
      }
      const rows = await q
        .selectAll()
        .select(sql<number>`count(*) over ()`.as('fullCount'))
        .orderBy('noticeDue')
        .orderBy('id')
        .limit(window.limit)
        .offset(window.offset)
        .execute()
      const page = await pageOf(rows, window, async () => {
        const r = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
        return Number(r.n)
      })
      return { ...page, items: await toNotices(db, page.items) }
    },
  )

  app.get(
    '/api/v1/public/registrations/notices/:id',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary: '一条公示',
        security: [],
        params: Type.Object({ id: Uuid }),
        response: { 200: PublicNotice },
      },
    },
    async (request) => {
      const row = await findRegistration(db, request.params.id)
      if (row?.status !== 'public_notice') throw registrationError('registration.not_found')
      const [notice] = await toNotices(db, [row])
      return notice
    },
  )

  app.post(
    '/api/v1/public/registrations/notices/:id/objections',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary: '对公示中的登记提出异议（实名、联系方式、证据附件 ≤ 3 个；请求体受 BODY_LIMIT_BYTES 限制）',
        security: [],
        params: Type.Object({ id: Uuid }),
        body: ObjectionCreate,
        response: { 201: Type.Object({ id: Type.String(), received: Type.Boolean() }) },
      },
    },
    async (request, reply) => {
      const id = await fileObjection(db, config, requestContext(request), request.params.id, request.body)
      return reply.code(201).send({ id, received: true })
    },
  )

  app.get(
    '/api/v1/public/registrations/certificates/:number',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary: '按登记编号查询：状态、公开信息与最新证书',
        security: [],
        params: Type.Object({ number: Type.String({ minLength: 4, maxLength: 64 }) }),
      },
    },
    async (request) => {
      const cert = await certificateByNumber(db, request.params.number.toUpperCase(), null)
      if (!cert) throw registrationError('registration.certificate_not_found')
      const reg = await findRegistration(db, cert.registrationId)
      if (!reg) throw registrationError('registration.certificate_not_found')
      const orgs = await orgSummaries(db, [reg.registrantOrgId, reg.bodyOrgId])
      return {
        number: cert.number,
        status: reg.status,
        registrantName: orgs.get(reg.registrantOrgId)?.name ?? '',
        bodyName: orgs.get(reg.bodyOrgId)?.name ?? '',
        kind: reg.kind,
        dataName: reg.dataName,
        summary: reg.summary,
        validFrom: reg.validFrom,
        validUntil: reg.validUntil,
        version: cert.version,
        file: certificateFileOf(cert),
      }
    },
  )

  app.get(
    '/api/v1/public/registrations/certificates/:number/pdf',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary: '登记证书 PDF（含核验二维码；服务器无中文字体时返回 503）',
        security: [],
        params: Type.Object({ number: Type.String({ minLength: 4, maxLength: 64 }) }),
      },
    },
    async (request, reply) => {
      const cert = await certificateByNumber(db, request.params.number.toUpperCase(), null)
      if (!cert) throw registrationError('registration.certificate_not_found')
      const pdf = await certificatePdf(config, certificateFileOf(cert), originOf(config, request))
      return reply.type('application/pdf').send(pdf)
    },
  )

  app.post(
    '/api/v1/public/registrations/verify',
    {
      config: PUBLIC,
      bodyLimit: VERIFY_LIMIT,
      schema: {
        tags: TAGS,
        summary: '核验登记证书（证书 JSON 或二维码内容）：有效 / 到期 / 注销 / 撤销 / 被篡改 / 未知签发方',
        security: [],
        body: VerifyBody,
        response: { 200: VerifyResult },
      },
    },
    async (request) => {
      const { certificate, qr } = request.body
      if (certificate !== undefined) return verifyCertificate(db, certificate)
      if (qr !== undefined) return verifyQr(db, qr)
      throw registrationError('registration.certificate_malformed')
    },
  )

  app.get(
    '/api/v1/public/registrations/keys',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary: '登记机构签名公钥（含已轮换的旧钥，供离线核验与互认）',
        security: [],
        response: { 200: Type.Object({ items: Type.Array(PublicKey) }) },
      },
    },
    async () => ({ items: await publishedKeys(db) }),
  )
}
