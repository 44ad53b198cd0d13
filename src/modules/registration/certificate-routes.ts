/** Downloads for the console: the certificate (JSON and PDF) and attachments of a registration it may read. */

import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { recordAudit } from '../../platform/audit/index.ts'
import type { Config } from '../../platform/config.ts'
import { type AppInstance, requestContext } from '../../platform/http/index.ts'
import type { RegistrationDeps } from './deps.ts'
import { registrationError } from './errors.ts'
import { certificatePdf } from './pdf.ts'
import { canRead } from './policy.ts'
import { Uuid } from './schemas.ts'
import { findRegistration, t } from './store.ts'
import { certificateFileOf } from './verify.ts'

const TAGS = ['registration']

/**
 * Where the QR link points: PUBLIC_BASE_URL when set, else the host the request came to (a deployment behind a
 * proxy then needs TRUST_PROXY).
 */
export function originOf(config: Config, request: FastifyRequest): string {
  return config.publicBaseUrl ?? `${request.protocol}://${request.host}`
}

export function attachmentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`
}

export async function certificateDownloads(app: AppInstance, deps: RegistrationDeps): Promise<void> {
  const { db, config } = deps

  async function readable(request: FastifyRequest, id: string) {
    const row = await findRegistration(db, id)
    if (!row || !canRead(request.actor, row)) throw registrationError('registration.not_found')
    return row
  }
  async function latestCertificate(request: FastifyRequest, id: string) {
    const row = await readable(request, id)
    const cert = await t(db)
      .selectFrom('registrationCertificates')
      .selectAll()
      .where('registrationId', '=', row.id)
      .orderBy('version', 'desc')
      .executeTakeFirst()
    if (!cert) throw registrationError('registration.certificate_not_found')
    return cert
  }

  app.get(
    '/api/v1/registrations/:id/certificate',
    {
      schema: {
        tags: TAGS,
        summary: '下载登记证书（签名的 JSON 文件，最新版本）',
        params: Type.Object({ id: Uuid }),
      },
    },
    async (request, reply) => {
      const cert = await latestCertificate(request, request.params.id)
      return reply
        .header('content-disposition', attachmentDisposition(`${cert.number}-v${cert.version}.json`))
        .send(certificateFileOf(cert))
    },
  )

  app.get(
    '/api/v1/registrations/:id/certificate.pdf',
    {
      schema: { tags: TAGS, summary: '下载登记证书 PDF（含核验二维码）', params: Type.Object({ id: Uuid }) },
    },
    async (request, reply) => {
      const cert = await latestCertificate(request, request.params.id)
      const pdf = await certificatePdf(config, certificateFileOf(cert), originOf(config, request))
      return reply
        .type('application/pdf')
        .header('content-disposition', attachmentDisposition(`${cert.number}.pdf`))
        .send(pdf)
    },
  )

  app.get(
    '/api/v1/registrations/:id/attachments/:attachmentId',
    {
      schema: {
        tags: TAGS,
        summary: '下载材料或异议证据附件',
        params: Type.Object({ id: Uuid, attachmentId: Uuid }),
      },
    },
    async (request, reply) => {
      const row = await readable(request, request.params.id)
      const file = await t(db)
        .selectFrom('registrationAttachments')
        .leftJoin(
          'registrationObjections',
          'registrationObjections.id',
          'registrationAttachments.objectionId',
        )
        .select([
          'registrationAttachments.fileName',
          'registrationAttachments.contentType',
          'registrationAttachments.content',
        ])
        .where('registrationAttachments.id', '=', request.params.attachmentId)
        .where((eb) =>
          eb.or([
            eb('registrationAttachments.registrationId', '=', row.id),
            eb('registrationObjections.registrationId', '=', row.id),
          ]),
        )
        .executeTakeFirst()
      if (!file) throw registrationError('registration.attachment_not_found')
      await db.transaction().execute((trx) =>
        recordAudit(trx, requestContext(request), {
          action: 'registration.attachment_read',
          targetType: 'registration',
          targetId: row.id,
          orgId: row.registrantOrgId,
          regionCode: row.registrantRegionCode,
          details: { attachmentId: request.params.attachmentId },
        }),
      )
      return reply
        .type(file.contentType)
        .header('content-disposition', attachmentDisposition(file.fileName))
        .send(file.content)
    },
  )
}
