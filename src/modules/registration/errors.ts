import { defineErrors } from '../../platform/errors.ts'

/** Registration, objections, certificates. Codes are permanent: never reuse one for another meaning. */
export const registrationError = defineErrors({
  'registration.not_found': { status: 404, zh: '登记申请不存在', en: 'No such registration' },
  'registration.invalid': {
    status: 400,
    zh: '登记申请内容不完整或不合法',
    en: 'The registration application is incomplete or invalid',
  },
  'registration.forbidden': {
    status: 403,
    zh: '无权办理该登记事项',
    en: 'You may not act on this registration',
  },
  'registration.transition_invalid': {
    status: 409,
    zh: '登记当前状态不允许此操作',
    en: 'This step is not allowed in the current state of the registration',
  },
  'registration.materials_missing': {
    status: 422,
    zh: '首次登记材料不齐全',
    en: 'The initial registration lacks required materials',
  },
  'registration.no_body': {
    status: 422,
    zh: '登记主体所在地区没有登记机构（数据局）',
    en: 'No registration body (data bureau) serves the registrant region',
  },
  'registration.target_invalid': {
    status: 422,
    zh: '所指的登记不存在或当前不能办理此类登记',
    en: 'The target registration does not exist or does not accept this kind of application',
  },
  'registration.renewal_window': {
    status: 409,
    zh: '不在续展期内（到期前规定天数内方可申请续展）',
    en: 'Renewal may be filed only in the window before expiry',
  },
  'registration.resource_invalid': {
    status: 422,
    zh: '关联的目录资源不存在或不属于登记主体',
    en: 'A linked catalog resource does not exist or does not belong to the registrant',
  },
  'registration.evidence_unavailable': {
    status: 409,
    zh: '该资源未挂接到平台数据存储，不能自动生成存证',
    en: 'The resource is not mounted in the platform datastore; no evidence record can be computed',
  },
  'registration.objection_closed': {
    status: 409,
    zh: '该登记不在公示期内，不能提出异议',
    en: 'The registration is not under public notice',
  },
  'registration.objection_not_found': { status: 404, zh: '异议不存在', en: 'No such objection' },
  'registration.rate_limited': {
    status: 429,
    zh: '提交过于频繁，请稍后再试',
    en: 'Too many submissions, try again later',
  },
  'registration.attachment_invalid': {
    status: 422,
    zh: '附件不合法（类型、大小或数量超出限制）',
    en: 'Attachment rejected (type, size or count over the limit)',
  },
  'registration.attachment_not_found': { status: 404, zh: '附件不存在', en: 'No such attachment' },
  'registration.certificate_not_found': {
    status: 404,
    zh: '登记证书不存在',
    en: 'No certificate for this registration number',
  },
  'registration.certificate_malformed': {
    status: 400,
    zh: '证书格式不正确',
    en: 'The certificate is not a registration certificate document',
  },
  'registration.pdf_font_missing': {
    status: 503,
    zh: '服务器未安装中文字体，暂不能生成 PDF 证书（可设置 PDF_FONT_PATH）',
    en: 'No CJK font is installed on the server; PDF certificates are unavailable (set PDF_FONT_PATH)',
  },
  'registration.key_forbidden': {
    status: 403,
    zh: '无权管理该登记机构的签名密钥',
    en: 'You may not manage the signing keys of this registration body',
  },
})
