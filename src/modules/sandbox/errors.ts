import { defineErrors } from '../../platform/errors.ts'

/** Sandbox scopes and queries. Codes are permanent: never reuse one for another meaning. */
export const sandboxError = defineErrors({
  'sandbox.scope_not_found': { status: 404, zh: '沙箱空间不存在', en: 'No such sandbox scope' },
  'sandbox.scope_invalid': {
    status: 400,
    zh: '沙箱空间设置不完整或不合法',
    en: 'The sandbox scope is incomplete or invalid',
  },
  'sandbox.forbidden': { status: 403, zh: '无权使用该沙箱空间', en: 'You may not use this sandbox scope' },
  'sandbox.scope_closed': {
    status: 409,
    zh: '沙箱空间已关闭或已过期',
    en: 'The sandbox scope is closed or expired',
  },
  'sandbox.sql_invalid': {
    status: 400,
    zh: '查询语句无法解析，只支持聚合查询',
    en: 'The query cannot be parsed; only aggregate queries are supported',
  },
  'sandbox.select_star': {
    status: 422,
    zh: '不允许 SELECT *，原始数据不出域',
    en: 'SELECT * is refused: raw rows never leave the sandbox',
  },
  'sandbox.not_aggregate': {
    status: 422,
    zh: '查询结果必须全部为聚合值或分组列',
    en: 'Every selected column must be an aggregate or a GROUP BY column',
  },
  'sandbox.limit_refused': {
    status: 422,
    zh: '不允许 LIMIT / OFFSET / ORDER BY',
    en: 'LIMIT, OFFSET and ORDER BY are refused',
  },
  'sandbox.join_refused': {
    status: 422,
    zh: '不允许关联（JOIN）查询',
    en: 'Joins are refused',
  },
  'sandbox.subquery_refused': {
    status: 422,
    zh: '不允许子查询、多语句或集合运算',
    en: 'Subqueries, several statements and set operations are refused',
  },
  'sandbox.resource_out_of_scope': {
    status: 422,
    zh: '该数据资源不在本沙箱空间的范围内',
    en: 'The resource is outside this sandbox scope',
  },
  'sandbox.resource_unavailable': {
    status: 409,
    zh: '该数据资源没有沙箱可计算的数据（未挂载，或挂载方式不支持）',
    en: 'The resource has no data the sandbox can compute on (not mounted, or mounted in a way it cannot use)',
  },
  'sandbox.source_unreachable': {
    status: 503,
    zh: '无法连接该数据资源挂载的外部数据库',
    en: 'The external database the resource is mounted to cannot be reached',
  },
  'sandbox.column_unknown': {
    status: 422,
    zh: '数据项不存在或不可用于该运算',
    en: 'Unknown column, or a column that cannot be used this way',
  },
  'sandbox.unique_group': {
    status: 422,
    zh: '不允许按唯一标识（或近乎唯一的组合）分组',
    en: 'Grouping by a unique key (or a near-unique combination) is refused',
  },
  'sandbox.differencing': {
    status: 422,
    zh: '与此前的精确查询构成差分攻击，已拒绝；请改用加噪查询',
    en: 'Refused as a differencing attack on an earlier exact query; use a noisy query',
  },
  'sandbox.epsilon_invalid': {
    status: 400,
    zh: '隐私预算参数不合法',
    en: 'Invalid epsilon',
  },
  'sandbox.bounds_required': {
    status: 422,
    zh: '加噪查询中的 sum 与 avg 须给出截断边界，例如 sum(sr CLAMPED BETWEEN 0 AND 20000)',
    en: 'With noise, every sum and avg needs clamping bounds, e.g. sum(sr CLAMPED BETWEEN 0 AND 20000)',
  },
  'sandbox.bounds_invalid': {
    status: 422,
    zh: '截断边界不合法：CLAMPED BETWEEN 只用于 sum 与 avg，边界为两个数值常量且下界小于上界',
    en: 'Invalid clamping bounds: CLAMPED BETWEEN takes two numbers, lower below upper, on sum or avg only',
  },
  'sandbox.dp_unsupported': {
    status: 422,
    zh: '加噪查询不支持 min 与 max；请改用带截断边界的 avg，或按区间分组计数（如 WHERE nl BETWEEN 60 AND 200 的 count(*)）',
    en: 'min and max are refused with noise; use a clamped avg, or counts of value bands (count(*) with WHERE x BETWEEN a AND b)',
  },
  'sandbox.budget_exhausted': {
    status: 409,
    zh: '隐私预算不足',
    en: 'The privacy budget of the scope is exhausted',
  },
  'sandbox.timeout': {
    status: 422,
    zh: '查询超时，请缩小范围',
    en: 'The query took too long; narrow it',
  },
  'sandbox.query_not_found': { status: 404, zh: '查询记录不存在', en: 'No such sandbox query' },
  'sandbox.query_not_pending': {
    status: 409,
    zh: '该查询不在待审批状态',
    en: 'The query is not awaiting approval',
  },
})

export type SandboxErrorCode = Parameters<typeof sandboxError>[0]
