import { defineErrors } from '../errors.ts'

export const calendarError = defineErrors({
  'calendar.year_not_loaded': {
    status: 422,
    zh: '该年度节假日安排尚未导入',
    en: 'The public holiday arrangement of this year has not been loaded',
  },
  'calendar.invalid_year_data': {
    status: 400,
    zh: '年度节假日安排数据不合法',
    en: 'Invalid holiday arrangement data',
  },
  'calendar.date_invalid': { status: 400, zh: '日期不存在或格式不正确', en: 'Not a valid calendar date' },
})

export function yearNotLoaded(year: number) {
  return calendarError('calendar.year_not_loaded', {
    detail: {
      zh: `${year} 年的节假日安排尚未导入，请管理员依据国务院办公厅通知导入后再计算工作日`,
      en: `No holiday arrangement loaded for ${year}; an administrator must load the State Council notice`,
    },
    extra: { year },
  })
}
