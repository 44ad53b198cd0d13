import { defineErrors } from '../../platform/errors.ts'

/** Authorized operation. Codes are permanent: never reuse one for another meaning. */
export const operationError = defineErrors({
  'operation.forbidden': { status: 403, zh: '无权办理该授权运营事项', en: 'You may not act on this' },
  'operation.project_not_found': { status: 404, zh: '授权运营项目不存在', en: 'No such operation project' },
  'operation.project_invalid': {
    status: 400,
    zh: '授权运营项目内容不完整或不合法',
    en: 'The operation project is incomplete or invalid',
  },
  'operation.term_too_long': {
    status: 422,
    zh: '授权期限不得超过 5 年',
    en: 'The term may not exceed 5 years',
  },
  'operation.project_not_draft': {
    status: 409,
    zh: '项目已批准实施，不能再修改范围',
    en: 'The project is no longer a draft',
  },
  'operation.resource_not_operable': {
    status: 422,
    zh: '该数据资源未纳入授权运营目录，不能纳入项目范围',
    en: 'The resource is not in the operation catalog (not operable)',
  },
  'operation.resource_not_graded': {
    status: 422,
    zh: '该数据资源尚未完成分级，不能纳入项目范围',
    en: 'The resource is not graded yet',
  },
  'operation.resource_not_found': { status: 404, zh: '数据资源不存在', en: 'No such resource' },
  'operation.consent_not_pending': {
    status: 409,
    zh: '该数据资源无需或已完成提供方同意',
    en: 'No consent is awaited for this resource',
  },
  'operation.scope_empty': {
    status: 422,
    zh: '项目范围内尚无已确认的数据资源，不能批准实施',
    en: 'The project has no included resource yet',
  },
  'operation.mandate_not_found': { status: 404, zh: '授权不存在', en: 'No such mandate' },
  'operation.mandate_invalid': {
    status: 400,
    zh: '授权或授权协议内容不完整或不合法',
    en: 'The mandate or its agreement is incomplete or invalid',
  },
  'operation.not_operator': {
    status: 422,
    zh: '被授权单位必须是运营机构',
    en: 'The mandated org must be an operator',
  },
  'operation.mandate_exists': {
    status: 409,
    zh: '该运营机构在本项目已有授权',
    en: 'The operator already holds a mandate in this project',
  },
  'operation.mandate_inactive': {
    status: 409,
    zh: '授权未生效、已暂停或已到期',
    en: 'The mandate is not active',
  },
  'operation.attachment_invalid': {
    status: 400,
    zh: '附件不合法（PDF、图片或 Office 文件，不超过 5 MB）',
    en: 'Invalid attachment (PDF, image or Office file, at most 5 MB)',
  },
  'operation.product_not_found': { status: 404, zh: '产品不存在', en: 'No such product' },
  'operation.product_invalid': {
    status: 400,
    zh: '产品内容不完整或不合法',
    en: 'The product is incomplete or invalid',
  },
  'operation.input_out_of_scope': {
    status: 422,
    zh: '产品的数据来源不在授权范围内',
    en: 'A product input is outside the mandate scope',
  },
  'operation.redevelopment': {
    status: 422,
    zh: '运营机构不得对本机构已交付的产品进行再开发',
    en: 'An operator may not re-develop a product it has delivered',
  },
  'operation.price_above_cap': {
    status: 422,
    zh: '执行价不得高于上限价',
    en: 'The price exceeds the price cap',
  },
  'operation.price_no_cap': {
    status: 422,
    zh: '授权方尚未核定上限价，只能免费提供',
    en: 'No price cap has been set yet: the product can only be free',
  },
  'operation.public_interest_free': {
    status: 422,
    zh: '公共治理、公益事业类产品应免费提供',
    en: 'Public-interest products are free',
  },
  'operation.cap_below_price': {
    status: 422,
    zh: '上限价低于现行执行价，请运营机构先调低执行价',
    en: 'The cap is below the current price; the operator must lower the price first',
  },
  'operation.product_not_published': {
    status: 409,
    zh: '产品未上架',
    en: 'The product is not published',
  },
  'operation.product_state': {
    status: 409,
    zh: '产品当前状态不允许该操作',
    en: 'The product state does not allow this',
  },
  'operation.order_not_found': { status: 404, zh: '订单不存在', en: 'No such order' },
  'operation.order_invalid': {
    status: 400,
    zh: '订单内容不完整或不合法',
    en: 'The order is incomplete or invalid',
  },
  'operation.order_app_invalid': {
    status: 422,
    zh: 'API 产品须指定购买单位自己的启用中的应用',
    en: 'API products need an active app of the buying org',
  },
  'operation.order_inactive': { status: 409, zh: '订单已结束或已取消', en: 'The order is not active' },
  'operation.invoice_exists': {
    status: 409,
    zh: '该计费周期已开具账单',
    en: 'This billing period is already invoiced',
  },
  'operation.period_invalid': {
    status: 400,
    zh: '计费周期不合法（格式 YYYY-MM，且已结束）',
    en: 'Invalid billing period (YYYY-MM, already over)',
  },
  'operation.revenue_cap_invalid': {
    status: 400,
    zh: '最高准许收入核定参数不合法',
    en: 'Invalid maximum allowed revenue inputs',
  },
  'operation.profit_rate_too_high': {
    status: 422,
    zh: '准许收益率不得超过上年 10 年期国债平均收益率加 6 个百分点',
    en: 'The profit rate may not exceed the prior-year 10-year bond yield plus 6 percentage points',
  },
  'operation.subsidies_exceed_cost': {
    status: 422,
    zh: '财政补贴不得超过运营成本',
    en: 'Subsidies may not exceed the cost',
  },
  'operation.revenue_cap_exists': {
    status: 409,
    zh: '该运营机构本年度最高准许收入已核定',
    en: 'The year is already set for this operator',
  },
  'operation.revenue_cap_not_found': {
    status: 404,
    zh: '该年度最高准许收入尚未核定',
    en: 'No maximum allowed revenue for that year',
  },
  'operation.invoice_not_found': { status: 404, zh: '结算单不存在', en: 'No such invoice' },
  'operation.invoice_already_paid': {
    status: 409,
    zh: '结算单已付款，不能再登记付款或作废',
    en: 'The invoice is already paid',
  },
  'operation.invoice_already_void': {
    status: 409,
    zh: '结算单已作废',
    en: 'The invoice is void',
  },
  'operation.payment_invalid': {
    status: 400,
    zh: '付款信息不完整或不合法',
    en: 'The payment record is incomplete or invalid',
  },
  'operation.payment_amount_mismatch': {
    status: 422,
    zh: '付款金额必须等于结算单金额',
    en: 'The amount paid must equal the invoice total',
  },
  'operation.void_reason_required': {
    status: 400,
    zh: '作废结算单须说明原因',
    en: 'A reason is required to void an invoice',
  },
  'operation.registration_required': {
    status: 409,
    zh: '该产品尚未取得有效的公共数据资源登记，请先办理产品登记再上架',
    en: 'The product needs a valid registration before it can be published',
  },
  'operation.report_submission_not_found': {
    status: 404,
    zh: '年度报告报送记录不存在',
    en: 'No such annual report submission',
  },
  'operation.pdf_font_missing': {
    status: 503,
    zh: '服务器未安装中文字体，暂不能生成 PDF（可下载 Excel 版）',
    en: 'No CJK font is installed for PDF output (the Excel version is available)',
  },
})

export type OperationErrorCode = Parameters<typeof operationError>[0]
