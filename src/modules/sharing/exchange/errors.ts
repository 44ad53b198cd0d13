import { defineErrors } from '../../../platform/errors.ts'

export const exchangeError = defineErrors({
  'exchange.job_not_found': { status: 404, zh: '交换任务不存在', en: 'No such exchange job' },
  'exchange.run_not_found': { status: 404, zh: '交换批次不存在', en: 'No such exchange run' },
  'exchange.file_not_found': { status: 404, zh: '交换文件不存在', en: 'No such exchange file' },
  'exchange.forbidden': {
    status: 403,
    zh: '无权操作该交换任务',
    en: 'You may not act on this exchange job',
  },
  'exchange.grant_not_found': {
    status: 404,
    zh: '共享授权不存在或不属于本单位',
    en: 'No such grant for your organisation',
  },
  'exchange.grant_inactive': {
    status: 409,
    zh: '共享授权未生效、已过期、已暂停或已撤销',
    en: 'The grant is not in force (not yet valid, expired, suspended or revoked)',
  },
  'exchange.grant_not_batch': {
    status: 409,
    zh: '该授权的交付方式不是库表交换或文件交付',
    en: 'The grant is not for batch or file delivery',
  },
  'exchange.schedule_invalid': {
    status: 400,
    zh: '调度设置不合法（cron 表达式有误）',
    en: 'The schedule is invalid (bad cron expression)',
  },
  'exchange.fields_invalid': {
    status: 400,
    zh: '交换字段不在授权范围内',
    en: 'Some fields are not granted',
  },
  'exchange.watermark_invalid': {
    status: 400,
    zh: '增量水位字段不合法',
    en: 'The watermark field is invalid',
  },
  'exchange.row_scope_invalid': {
    status: 400,
    zh: '行级范围超出授权范围',
    en: 'The row scope is outside the grant',
  },
  'exchange.target_invalid': {
    status: 400,
    zh: '交付目标设置不合法',
    en: 'The delivery target is invalid',
  },
  'exchange.target_host_not_allowed': {
    status: 422,
    zh: '目标数据库主机不在允许连接的范围内',
    en: 'The target database host is not on the allowlist',
  },
  'exchange.target_unreachable': {
    status: 422,
    zh: '无法连接目标数据库',
    en: 'Could not connect to the target database',
  },
  'exchange.target_table_mismatch': {
    status: 422,
    zh: '目标表已存在且缺少交换字段',
    en: 'The target table exists without all delivered columns',
  },
  'exchange.run_failed': {
    status: 422,
    zh: '交换执行失败',
    en: 'The exchange run failed',
  },
  'exchange.source_unavailable': {
    status: 409,
    zh: '数据资源尚未挂接可批量读取的数据',
    en: 'The resource has no mounted data that can be read in batches',
  },
  'exchange.run_in_progress': {
    status: 409,
    zh: '该任务已有正在执行的批次',
    en: 'A run of this job is already in progress',
  },
  'exchange.conflict': {
    status: 409,
    zh: '交换进度已被另一进程推进，本进程停止',
    en: 'Another process advanced this run; this one stopped',
  },
})

export type ExchangeErrorCode = Parameters<typeof exchangeError>[0]
