/**
 * Attachments of applications (materials) and objections (evidence), kept in the database: they are small and
 * bounded (≤ 2 MiB each, a few per submission), and a backup then holds the whole file of a registration.
 */
import { sm3 } from '../../platform/crypto/index.ts'
import type { Db } from '../../platform/db/index.ts'
import { newId } from '../../platform/ids.ts'
import { registrationError } from './errors.ts'
import type { AttachmentUpload } from './schemas.ts'
import { t } from './store.ts'

export const MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024
export const MAX_ATTACHMENTS_PER_REGISTRATION = 30
const ALLOWED_TYPES =
  /^(application\/pdf|image\/(png|jpeg)|text\/plain|application\/zip|application\/vnd\.openxmlformats-officedocument\.[a-z.]+)$/

export interface DecodedAttachment {
  readonly fileName: string
  readonly contentType: string
  readonly content: Buffer
}

export function decodeAttachment(upload: AttachmentUpload): DecodedAttachment {
  const fail = (zh: string, en: string) =>
    registrationError('registration.attachment_invalid', { detail: { zh, en } })
  if (!ALLOWED_TYPES.test(upload.contentType))
    throw fail(
      '仅接受 PDF、PNG、JPEG、文本、ZIP 或 Office 文档',
      'Accepted: PDF, PNG, JPEG, text, ZIP, Office',
    )
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(upload.contentBase64))
    throw fail('附件内容不是合法的 Base64', 'The attachment content is not valid base64')
  const content = Buffer.from(upload.contentBase64, 'base64')
  if (content.length === 0 || content.length > MAX_ATTACHMENT_BYTES)
    throw fail('单个附件不得超过 2 MB', 'Each attachment must be at most 2 MiB')
  const fileName = upload.fileName.replace(/[\\/\r\n\t]/g, '_').trim() || 'attachment'
  return { fileName, contentType: upload.contentType, content }
}

export async function storeAttachment(
  db: Db,
  owner: { registrationId: string; material: string } | { objectionId: string },
  file: DecodedAttachment,
): Promise<string> {
  const id = newId()
  await t(db)
    .insertInto('registrationAttachments')
    .values({
      id,
      registrationId: 'registrationId' in owner ? owner.registrationId : null,
      objectionId: 'objectionId' in owner ? owner.objectionId : null,
      material: 'material' in owner ? owner.material : null,
      fileName: file.fileName,
      contentType: file.contentType,
      sizeBytes: file.content.length,
      sm3: sm3(file.content),
      content: file.content,
    })
    .execute()
  return id
}

export async function attachmentCount(db: Db, registrationId: string): Promise<number> {
  const row = await t(db)
    .selectFrom('registrationAttachments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('registrationId', '=', registrationId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
