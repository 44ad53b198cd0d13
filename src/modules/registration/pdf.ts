/**
 * The PDF rendering of a certificate: the registered facts, the signature and a QR code carrying the
 * verification link (number and version). The signed JSON stays the authoritative form; the PDF is for people.
 */
import QRCode from 'qrcode'
import type { Config } from '../../platform/config.ts'
import type { Json, JsonObject } from '../../platform/db/index.ts'
import { cjkDocument, findCjkFont, pdfBuffer } from '../../platform/pdf/index.ts'
import type { CertificateFile } from './certificate-format.ts'
import { registrationError } from './errors.ts'

const str = (v: Json | undefined): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '')
const obj = (v: Json | undefined): JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {}

export async function certificatePdf(config: Config, file: CertificateFile, origin: string): Promise<Buffer> {
  const font = findCjkFont(config.pdfFontPath)
  if (!font) throw registrationError('registration.pdf_font_missing')
  const c = file.certificate
  const link = `${origin}${str(c.verification)}`
  const qr = await QRCode.toBuffer(link, { errorCorrectionLevel: 'M', margin: 1, width: 180 })
  const doc = cjkDocument(font, { info: { Title: `公共数据资源登记证书 ${str(c.number)}` } })
  doc.fontSize(22).text('公共数据资源登记证书', { align: 'center' })
  doc.moveDown(1.2)
  const rows: [string, string][] = [
    ['登记编号', str(c.number)],
    ['证书版本', str(c.version)],
    ['登记主体', str(obj(c.registrant).name)],
    ['统一社会信用代码', str(obj(c.registrant).creditCode)],
    ['数据资源/产品名称', str(c.dataName)],
    ['内容摘要', str(c.summary)],
    ['登记机构', str(obj(c.body).name)],
    ['有效期', `${str(c.validFrom)} 至 ${str(c.validUntil)}`],
    ['签发时间', str(c.issuedAt)],
  ]
  doc.fontSize(12)
  for (const [label, value] of rows) {
    doc.text(`${label}：${value}`)
    doc.moveDown(0.4)
  }
  const evidence = Array.isArray(c.evidence) ? c.evidence : []
  for (const e of evidence) {
    const ev = obj(e)
    doc.fontSize(9).text(`存证 ${str(ev.resourceCode)}：${str(ev.rowCount)} 行，SM3 ${str(ev.digest)}`)
  }
  doc.moveDown(1)
  doc.fontSize(8).text(`签名算法 ${file.signature.algorithm}，密钥 ${file.signature.keyId}`)
  doc.text(`签名值 ${file.signature.value}`)
  doc.moveDown(0.5)
  doc.image(qr, { width: 120 })
  doc.fontSize(9).text(`扫码或访问 ${link} 核验；也可用公开公钥离线核验证书 JSON。`)
  return pdfBuffer(doc)
}
