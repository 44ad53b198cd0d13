import { defineErrors } from '../../platform/errors.ts'

/** The open-data portal. Codes are permanent: never reuse one for another meaning. */
export const portalError = defineErrors({
  'portal.resource_not_found': {
    status: 404,
    zh: '开放数据资源不存在',
    en: 'No such open resource',
  },
  'portal.download_not_open': {
    status: 403,
    zh: '该数据资源为有条件开放，须申请并经同意后获取',
    en: 'This resource is conditionally open: apply and be approved first',
  },
  'portal.data_unavailable': {
    status: 409,
    zh: '该数据资源暂无可提供的数据',
    en: 'This resource has no data hosted on the platform yet',
  },
  'portal.mirror_not_ready': {
    status: 409,
    zh: '开放数据副本正在准备中，请稍后再试',
    en: 'The open-data copy of this resource is not ready yet; try again later',
  },
  'portal.mirror_not_found': {
    status: 404,
    zh: '开放数据镜像不存在',
    en: 'No such open-data mirror',
  },
  'portal.mirror_forbidden': {
    status: 403,
    zh: '无权刷新该开放数据镜像',
    en: 'You may not refresh this open-data mirror',
  },
  'portal.mirror_unsupported': {
    status: 409,
    zh: '只有挂接外部 PostgreSQL 数据库的开放数据资源需要镜像',
    en: 'Only open resources mounted to an external PostgreSQL database are mirrored',
  },
  'portal.invalid': { status: 400, zh: '提交的内容不完整或不合法', en: 'The input is incomplete or invalid' },
  'developer.exists': {
    status: 409,
    zh: '该邮箱或手机号已注册',
    en: 'This e-mail address or phone number is already registered',
  },
  'developer.login_failed': {
    status: 401,
    zh: '账号或密码错误',
    en: 'Wrong account or password',
  },
  'developer.auth_required': {
    status: 401,
    zh: '请先以开发者身份登录',
    en: 'Sign in as a developer first',
  },
  'developer.rate_limited': {
    status: 429,
    zh: '尝试次数过多，请稍后再试',
    en: 'Too many attempts; try again later',
  },
  'api_key.not_found': { status: 404, zh: 'API 密钥不存在', en: 'No such API key' },
  'api_key.limit': {
    status: 409,
    zh: '有效的 API 密钥数量已达上限',
    en: 'You already hold the maximum number of active API keys',
  },
  'open_api.key_invalid': {
    status: 401,
    zh: 'API 密钥无效或已吊销',
    en: 'The API key is invalid or revoked',
  },
  'open_api.quota_exceeded': {
    status: 429,
    zh: '今日调用次数已达上限',
    en: 'The daily call quota of this key is used up',
  },
  'open_request.not_found': { status: 404, zh: '开放申请不存在', en: 'No such open request' },
  'open_request.not_conditional': {
    status: 422,
    zh: '只有有条件开放的数据资源需要申请',
    en: 'Only conditionally open resources are applied for',
  },
  'open_request.duplicate': {
    status: 409,
    zh: '您对该数据资源已有办理中的申请',
    en: 'You already have an open request for this resource',
  },
  'open_request.forbidden': {
    status: 403,
    zh: '无权办理该开放申请',
    en: 'You may not act on this open request',
  },
  'open_request.transition_invalid': {
    status: 409,
    zh: '开放申请当前状态不允许此操作',
    en: 'This step is not allowed in the current state of the open request',
  },
  'open_request.agreement_expired': {
    status: 409,
    zh: '开放协议已到期',
    en: 'The open agreement has expired',
  },
  'open_request.delivery_mismatch': {
    status: 409,
    zh: '该申请的交付方式不是此方式',
    en: 'This open request is delivered another way',
  },
  'open_request.sandbox_unavailable': {
    status: 503,
    zh: '隐私计算沙箱暂不可用',
    en: 'The sandbox is not available',
  },
  'data_demand.not_found': { status: 404, zh: '数据需求不存在', en: 'No such data demand' },
  'data_demand.rate_limited': {
    status: 429,
    zh: '提交过于频繁，请稍后再试',
    en: 'Too many demands from this address; try again later',
  },
  'data_demand.forbidden': {
    status: 403,
    zh: '无权答复该数据需求',
    en: 'You may not answer this data demand',
  },
  'data_demand.already_replied': {
    status: 409,
    zh: '该数据需求已答复',
    en: 'This data demand has already been answered',
  },
  'data_demand.org_invalid': {
    status: 422,
    zh: '所选单位不存在或已停用',
    en: 'The chosen org does not exist or is inactive',
  },
})
