import { defineErrors } from '../../../platform/errors.ts'

/** Problem codes of the data gateway and its usage views; stable, listed in docs/errors.md. */
export const gatewayError = defineErrors({
  'gateway.credentials_missing': {
    status: 401,
    zh: '缺少调用凭证（Bearer 访问令牌或签名请求头）',
    en: 'No credentials: send a bearer access token or signed request headers',
  },
  'gateway.credentials_invalid': {
    status: 401,
    zh: '调用凭证无效、已过期或应用已停用',
    en: 'The credentials are invalid or expired, or the app is disabled',
  },
  'gateway.signature_invalid': {
    status: 401,
    zh: '请求签名不正确',
    en: 'The request signature does not match',
  },
  'gateway.timestamp_stale': {
    status: 401,
    zh: '签名时间戳超出允许的时间偏差',
    en: 'The signed timestamp is too far from server time',
  },
  'gateway.nonce_reused': {
    status: 401,
    zh: '签名随机数已被使用（疑似重放）',
    en: 'The nonce was already used (replayed request)',
  },
  'gateway.app_required': {
    status: 403,
    zh: '数据网关只接受 API 应用凭证',
    en: 'The data gateway accepts API app credentials only',
  },
  'gateway.resource_not_found': {
    status: 404,
    zh: '数据资源不存在',
    en: 'No such resource',
  },
  'gateway.grant_missing': {
    status: 403,
    zh: '该应用没有此数据资源的共享授权',
    en: 'This app has no grant for this resource',
  },
  'gateway.grant_other_app': {
    status: 403,
    zh: '此数据资源的共享授权属于本单位的其他应用',
    en: 'The grant for this resource belongs to another app of your org',
  },
  'gateway.grant_not_started': {
    status: 403,
    zh: '共享授权尚未生效',
    en: 'The grant is not valid yet',
  },
  'gateway.grant_expired': { status: 403, zh: '共享授权已过期', en: 'The grant has expired' },
  'gateway.grant_suspended': { status: 403, zh: '共享授权已暂停', en: 'The grant is suspended' },
  'gateway.grant_revoked': { status: 403, zh: '共享授权已撤销', en: 'The grant has been revoked' },
  'gateway.fields_not_granted': {
    status: 403,
    zh: '请求了未授权的信息项',
    en: 'Some requested fields are not granted',
  },
  'gateway.field_unknown': {
    status: 400,
    zh: '请求了数据资源中不存在的信息项',
    en: 'Some requested fields do not exist in this resource',
  },
  'gateway.filter_not_key': {
    status: 400,
    zh: '只能按数据资源声明的主键信息项查询',
    en: 'Filters are allowed on the declared key fields only',
  },
  'gateway.filter_invalid': {
    status: 400,
    zh: '查询条件取值不合法',
    en: 'A filter value is invalid for its field',
  },
  'gateway.cursor_invalid': {
    status: 400,
    zh: '分页游标无效',
    en: 'The cursor is invalid',
  },
  'gateway.cursor_stale': {
    status: 409,
    zh: '数据已重新加载，分页游标失效，请从第一页重新查询',
    en: 'The data was reloaded since this cursor was issued; start again from the first page',
  },
  'gateway.resource_not_mounted': {
    status: 409,
    zh: '数据资源尚未挂接数据，暂不能调用',
    en: 'The resource has no mounted data yet',
  },
  'gateway.source_unsupported': {
    status: 409,
    zh: '该数据资源的挂接方式不支持网关查询',
    en: 'The gateway cannot query this kind of mount',
  },
  'gateway.source_unavailable': {
    status: 503,
    zh: '数据资源的数据源暂不可用',
    en: 'The data source of this resource is unavailable',
  },
  'gateway.scope_invalid': {
    status: 409,
    zh: '共享授权的行范围字段在数据中不存在，请联系提供方',
    en: 'The row scope field of the grant is missing from the data; contact the provider',
  },
  'gateway.rate_limited': {
    status: 429,
    zh: '超过共享授权的每秒调用次数限制',
    en: 'Calls per second exceed the grant rate',
  },
  'gateway.quota_exceeded': {
    status: 429,
    zh: '超过共享授权的每日调用次数限额',
    en: 'The daily call quota of the grant is used up',
  },
  'gateway.usage_forbidden': {
    status: 403,
    zh: '无权查看接口调用情况',
    en: 'You may not view gateway usage',
  },
  'gateway.trace_forbidden': {
    status: 403,
    zh: '只有审计员可以进行数据溯源查询',
    en: 'Only auditors may trace records',
  },
})
