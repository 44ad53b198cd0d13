import { Tag } from 'antd'
import type { ExchangeMode, GrantState, RunStatus, Schedule, TargetKind } from './types'

export const MODE_LABELS: Record<ExchangeMode, string> = { full: '全量', incremental: '增量' }
export const TARGET_LABELS: Record<TargetKind, string> = { postgres: '数据库表', file: '文件下载' }
export const SCHEDULE_LABELS: Record<Schedule, string> = {
  manual: '手动执行',
  hourly: '每小时',
  daily: '每天 01:00',
  cron: '自定义（cron）',
}
export const TRIGGER_LABELS = { manual: '手动', schedule: '定时', cli: '命令行' } as const

const RUN_STATUS: Record<RunStatus, { text: string; color: string }> = {
  queued: { text: '排队中', color: 'default' },
  running: { text: '执行中', color: 'processing' },
  succeeded: { text: '已完成', color: 'success' },
  failed: { text: '失败', color: 'error' },
  cancelled: { text: '已取消', color: 'default' },
}

const GRANT_STATUS: Record<GrantState, { text: string; color: string }> = {
  active: { text: '授权有效', color: 'success' },
  pending: { text: '授权未生效', color: 'default' },
  expired: { text: '授权已过期', color: 'warning' },
  suspended: { text: '授权已暂停', color: 'warning' },
  revoked: { text: '授权已撤销', color: 'error' },
}

export function RunStatusTag({ status }: { status: RunStatus }) {
  const s = RUN_STATUS[status]
  return <Tag color={s.color}>{s.text}</Tag>
}

export function GrantStatusTag({ status }: { status: GrantState }) {
  const s = GRANT_STATUS[status]
  return <Tag color={s.color}>{s.text}</Tag>
}

export const isOpen = (status: RunStatus | undefined) => status === 'queued' || status === 'running'

/** 1 小时 2 分 / 3 分 4 秒 / 5 秒. */
export function duration(seconds: number | null): string {
  if (seconds === null) return '—'
  const s = Math.max(0, Math.round(seconds))
  if (s >= 3600) return `${Math.floor(s / 3600)} 小时 ${Math.floor((s % 3600) / 60)} 分`
  if (s >= 60) return `${Math.floor(s / 60)} 分 ${s % 60} 秒`
  return `${s} 秒`
}

export function bytes(n: number): string {
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MB`
  if (n >= 1 << 10) return `${(n / (1 << 10)).toFixed(1)} KB`
  return `${n} B`
}
