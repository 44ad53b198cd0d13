import { defineErrors } from '../../platform/errors.ts'

export const catalogError = defineErrors({
  'catalog.resource_not_found': { status: 404, zh: '数据资源不存在', en: 'No such resource' },
  'catalog.resource_invalid': {
    status: 400,
    zh: '数据资源目录信息不完整或不合法',
    en: 'The resource metadata is incomplete or invalid',
  },
  'catalog.resource_not_editable': {
    status: 409,
    zh: '当前状态下不能修改，请先撤回为草稿',
    en: 'The resource cannot be edited in its current state',
  },
  'catalog.transition_invalid': {
    status: 409,
    zh: '当前状态不允许此操作',
    en: 'This step is not allowed in the current state',
  },
  'catalog.code_taken': { status: 409, zh: '资源代码已被使用', en: 'The resource code is already used' },
  'catalog.code_invalid': {
    status: 400,
    zh: '资源代码格式不正确（应为 类+项+目+细目/顺序码，如 101001/000001）',
    en: 'Invalid resource code (class code / sequence, e.g. 101001/000001)',
  },
  'catalog.name_taken': {
    status: 409,
    zh: '本单位已有同名数据资源',
    en: 'The provider already has a resource with this name',
  },
  'catalog.forbidden': { status: 403, zh: '无权操作该数据资源', en: 'You may not act on this resource' },
  'catalog.version_not_found': { status: 404, zh: '版本不存在', en: 'No such version' },
})
