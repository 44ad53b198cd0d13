import { defineErrors } from '../../../platform/errors.ts'

/** Grading, discovery, masking policy and risk alerts. Codes are permanent: never reuse one for another meaning. */
export const protectionError = defineErrors({
  'grading.resource_not_found': { status: 404, zh: '数据资源不存在', en: 'No such resource' },
  'grading.forbidden': {
    status: 403,
    zh: '无权对该数据资源分类分级',
    en: 'You may not classify or grade this resource',
  },
  'grading.invalid': {
    status: 400,
    zh: '分类分级内容不完整或不合法',
    en: 'The grading is incomplete or invalid',
  },
  'grading.field_unknown': { status: 422, zh: '信息项不属于该数据资源', en: 'No such field in the resource' },
  'grading.below_matrix': {
    status: 422,
    zh: '级别低于影响对象和影响程度所对应的级别',
    en: 'The grade is lower than the impact object and degree require',
  },
  'grading.below_inputs': {
    status: 422,
    zh: '衍生数据级别低于其来源数据的最高级别，须经审核（就高从严）',
    en: 'A derived resource below its highest input grade needs a review (take the higher grade)',
  },
  'grade_policy.forbidden': {
    status: 403,
    zh: '仅省级数据局管理员可修改分级策略',
    en: 'Only a province-level bureau admin may change the grade policy',
  },
  'grade_policy.invalid': { status: 400, zh: '分级策略不合法', en: 'The grade policy is invalid' },
  'discovery.forbidden': {
    status: 403,
    zh: '无权对该数据资源做敏感数据识别',
    en: 'You may not run discovery on this resource',
  },
  'discovery.not_found': { status: 404, zh: '识别记录不存在', en: 'No such discovery run' },
  'discovery.already_confirmed': {
    status: 409,
    zh: '该识别结果已确认',
    en: 'The discovery run is already confirmed',
  },
  'alert.not_found': { status: 404, zh: '预警不存在', en: 'No such alert' },
  'alert.forbidden': { status: 403, zh: '无权处置该预警', en: 'You may not act on this alert' },
  'alert.closed': { status: 409, zh: '预警已关闭', en: 'The alert is already closed' },
  'alert.action_unavailable': {
    status: 409,
    zh: '该预警没有可执行此处置的对象',
    en: 'The alert has no app or grant this action applies to',
  },
  'alert.invalid': { status: 400, zh: '处置内容不合法', en: 'The alert action is invalid' },
})
