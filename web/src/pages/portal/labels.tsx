import { Tag } from 'antd'
import type { MirrorStatus, OpenRequest } from './types'

export const OPEN_TYPE_TAG: Record<string, { color: string; label: string }> = {
  open: { color: 'green', label: '无条件开放' },
  conditional: { color: 'orange', label: '有条件开放' },
}

export function OpenTypeTag({ type }: { type: string }) {
  const t = OPEN_TYPE_TAG[type]
  return t ? <Tag color={t.color}>{t.label}</Tag> : <Tag>{type}</Tag>
}

export const REQUEST_STATUS: Record<OpenRequest['status'], { color: string; label: string }> = {
  pending: { color: 'processing', label: '待审核' },
  approved: { color: 'gold', label: '待签署协议' },
  rejected: { color: 'red', label: '不同意' },
  withdrawn: { color: 'default', label: '已撤回' },
  active: { color: 'green', label: '协议生效' },
  completed: { color: 'cyan', label: '已反馈成果' },
}

export function RequestStatusTag({ status }: { status: OpenRequest['status'] }) {
  const s = REQUEST_STATUS[status]
  return <Tag color={s.color}>{s.label}</Tag>
}

export const DELIVERY_LABELS: Record<OpenRequest['delivery'], string> = {
  sandbox: '隐私计算沙箱（可用不可见）',
  download: '受限下载（协议期内）',
}

/** Working-day countdown of a pending request or demand. */
export function DueText({ due, left, overdue }: { due: string; left?: number | null; overdue: boolean }) {
  if (overdue) return <Tag color="red">已超期（{due}）</Tag>
  return (
    <span>
      {due}
      {left !== undefined && left !== null ? `（剩 ${left} 个工作日）` : ''}
    </span>
  )
}

export const encodeCode = (code: string) => encodeURIComponent(code)

const ACTION_ZH: Record<string, string> = {
  create: '提交申请',
  approve: '同意并提出开放协议',
  reject: '不同意',
  withdraw: '撤回',
  accept: '签署开放协议',
  report: '反馈成果',
  escalate: '超期升级至数据局',
}

/** One line of an open request's history, in Chinese. */
export function historyLine(
  h: { at: string; actorName: string; action: string; reason: string | null },
  time: string,
) {
  return `${time} ${h.actorName}：${ACTION_ZH[h.action] ?? h.action}${h.reason ? `（${h.reason}）` : ''}`
}

export const MIRROR_STATUS: Record<MirrorStatus, { color: string; label: string }> = {
  pending: { color: 'default', label: '排队中' },
  running: { color: 'processing', label: '复制中' },
  ready: { color: 'green', label: '已就绪' },
  failed: { color: 'red', label: '刷新失败' },
  too_large: { color: 'orange', label: '超过上限' },
}

export function MirrorStatusTag({ status }: { status: MirrorStatus }) {
  const s = MIRROR_STATUS[status]
  return <Tag color={s.color}>{s.label}</Tag>
}
