/**
 * The printable settlement note (结算单/收费凭证) of an invoice. It is not a tax invoice (发票) and says so; the
 * QR code and the digest line let anyone holding the PDF compare it with the platform's record.
 */
import QRCode from 'qrcode'
import type { Config } from '../../platform/config.ts'
import { cjkDocument, findCjkFont, pdfBuffer } from '../../platform/pdf/index.ts'
import { documentDigest } from './digest.ts'
import { operationError } from './errors.ts'
import { type InvoiceListItem, invoiceFacts, STATE_LABELS } from './invoice-views.ts'

export const NOT_A_TAX_INVOICE = '本结算单仅作收费结算凭证，不是增值税发票；如需发票，请向运营机构另行索取。'

export async function invoicePdf(config: Config, i: InvoiceListItem): Promise<Buffer> {
  const font = findCjkFont(config.pdfFontPath)
  if (!font) throw operationError('operation.pdf_font_missing')
  const digest = documentDigest(invoiceFacts(i))
  const qr = await QRCode.toBuffer(`${i.number}|SM3:${digest}`, {
    errorCorrectionLevel: 'M',
    margin: 1,
    width: 160,
  })
  const doc = cjkDocument(font, { info: { Title: `公共数据产品和服务收费结算单 ${i.number}` } })
  doc.fontSize(18).text('公共数据产品和服务收费结算单', { align: 'center' })
  doc.fontSize(10).text('（收费凭证）', { align: 'center' })
  doc.moveDown(0.6)
  doc.fontSize(9).fillColor('#b00000').text(NOT_A_TAX_INVOICE, { align: 'center' }).fillColor('black')
  doc.moveDown(1)
  const state = i.overdue ? `${STATE_LABELS[i.state]}（已逾期）` : STATE_LABELS[i.state]
  const rows: [string, string][] = [
    ['结算单号', i.number],
    ['状态', state],
    ['收款方（运营机构）', i.operatorOrgName],
    ['付款方（采购单位）', i.buyerOrgName],
    ['产品和服务', i.productName],
    ['订单号', i.orderCode],
    ['计费期', `${i.periodStart} 至 ${i.periodEnd}`],
    ['数量 × 单价', `${i.quantity} ${i.unitLabel} × ${i.unitPrice} 元`],
    ['应付金额', `${i.amount} 元`],
    ['开具日期', i.issuedOn],
    ['付款期限', i.dueOn],
  ]
  if (i.state === 'paid') rows.push(['付款日期 / 凭证号', `${i.paidOn ?? ''} / ${i.paymentRef ?? ''}`])
  if (i.state === 'void') rows.push(['作废原因', i.voidReason ?? ''])
  doc.fontSize(12)
  for (const [label, value] of rows) {
    doc.text(`${label}：${value}`)
    doc.moveDown(0.3)
  }
  doc.moveDown(0.8)
  doc.image(qr, { width: 110 })
  doc.fontSize(8).text(`校验码（SM3，覆盖上列结算要素）：${digest}`)
  doc.text('价格执行政府指导价（发改价格〔2025〕65号），金额以人民币元计。')
  return pdfBuffer(doc)
}
