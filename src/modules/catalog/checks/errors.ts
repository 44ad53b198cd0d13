import { defineErrors } from '../../../platform/errors.ts'

export const checksError = defineErrors({
  'catalog.checks_forbidden': {
    status: 403,
    zh: '无权查看或执行该范围的目录质检',
    en: 'You may not read or run catalog checks for this scope',
  },
  'catalog.checks_scope_invalid': {
    status: 400,
    zh: '质检范围不正确（单位不存在或地区代码无效）',
    en: 'Invalid check scope (unknown org or region code)',
  },
})
