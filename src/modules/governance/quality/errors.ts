import { defineErrors } from '../../../platform/errors.ts'

/** Quality rules, audit runs and rectification tickets. Codes are permanent. */
export const qualityError = defineErrors({
  'quality.resource_not_found': { status: 404, zh: '数据资源不存在', en: 'No such resource' },
  'quality.forbidden': {
    status: 403,
    zh: '无权查看或管理该资源的数据质量',
    en: 'You may not see or manage the quality of this resource',
  },
  'quality.rule_not_found': { status: 404, zh: '质量规则不存在', en: 'No such quality rule' },
  'quality.rule_invalid': {
    status: 422,
    zh: '质量规则不完整或不合法',
    en: 'The quality rule is incomplete or invalid',
  },
  'quality.not_mounted': {
    status: 409,
    zh: '数据资源尚未挂接数据，无法稽查',
    en: 'The resource has no mounted data to audit',
  },
  'quality.source_unsupported': {
    status: 422,
    zh: '该挂接方式（接口）不支持一次性下推稽查',
    en: 'Audits run on datastore tables and PostgreSQL sources only',
  },
  'quality.source_failed': {
    status: 502,
    zh: '读取数据源失败，稽查未完成',
    en: 'The data source could not be read; the audit did not complete',
  },
  'quality.no_rules': {
    status: 409,
    zh: '该资源没有启用的质量规则',
    en: 'The resource has no enabled rules',
  },
  'quality.run_not_found': { status: 404, zh: '稽查记录不存在', en: 'No such audit run' },
  'rectification.not_found': { status: 404, zh: '整改工单不存在', en: 'No such rectification ticket' },
  'rectification.forbidden': {
    status: 403,
    zh: '无权办理该整改工单',
    en: 'You may not act on this rectification ticket',
  },
  'rectification.invalid_state': {
    status: 409,
    zh: '工单当前状态不允许该操作',
    en: 'The ticket is not in a state that allows this action',
  },
  'rectification.invalid': {
    status: 422,
    zh: '纠错内容不完整或不合法',
    en: 'The error report is incomplete or invalid',
  },
  'rectification.own_resource': {
    status: 422,
    zh: '不能对本单位的数据资源提出纠错，请直接整改',
    en: 'An org cannot report errors on its own resource',
  },
})
