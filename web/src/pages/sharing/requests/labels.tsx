import { Tag, Tooltip } from 'antd'
import { dayjs, TZ } from '../../../format'
import type {
  ChannelProtocol,
  DeliveryMode,
  GrantStatus,
  RequestAction,
  RequestStatus,
  ShareRequest,
} from './types'

export const REQUEST_STATUS: Record<RequestStatus, { label: string; color: string }> = {
  pending: { label: '待审核', color: 'processing' },
  approved: { label: '已同意', color: 'success' },
  rejected: { label: '不同意', color: 'error' },
  withdrawn: { label: '已撤回', color: 'default' },
  disputed: { label: '申诉中', color: 'purple' },
}

export const GRANT_STATUS: Record<GrantStatus, { label: string; color: string }> = {
  active: { label: '有效', color: 'success' },
  suspended: { label: '已暂停', color: 'warning' },
  revoked: { label: '已撤销', color: 'error' },
  expired: { label: '已过期', color: 'default' },
}

export const DELIVERY_MODE_LABELS: Record<DeliveryMode, string> = {
  api: '接口调用',
  batch: '库表交换',
  file: '文件下载',
}

export const PROTOCOL_LABELS: Record<ChannelProtocol, string> = {
  api: '接口',
  database: '数据库直连',
  ftp: 'FTP 文件传输',
  file: '介质拷贝',
  mq: '消息队列',
  other: '其他',
}

export const ACTION_LABELS: Record<RequestAction | 'create' | 'auto_approve' | 'escalate', string> = {
  create: '提交申请',
  auto_approve: '无条件共享，自动授权',
  approve: '同意',
  reject: '不同意',
  withdraw: '撤回',
  dispute: '申诉',
  arbitrate: '数据局裁决',
  escalate: '超期升级至数据局',
}

export function RequestStatusTag({ status }: { status: RequestStatus }) {
  const s = REQUEST_STATUS[status]
  return <Tag color={s.color}>{s.label}</Tag>
}

export function GrantStatusTag({ status }: { status: GrantStatus }) {
  const s = GRANT_STATUS[status]
  return <Tag color={s.color}>{s.label}</Tag>
}

/**
 * The working-day countdown of a pending request: red when overdue, yellow on the last working day before
 * the deadline and on the deadline itself, otherwise the number of working days left.
 */
export function DeadlineTag({
  request,
}: {
  request: Pick<ShareRequest, 'status' | 'replyDue' | 'workingDaysLeft' | 'overdue' | 'escalatedAt'>
}) {
  if (request.status !== 'pending' || !request.replyDue) return <span>—</span>
  const due = `答复期限 ${request.replyDue}`
  if (request.overdue)
    return (
      <Tooltip title={request.escalatedAt ? `${due}，已升级至数据局` : due}>
        <Tag color="red" data-testid="deadline-overdue">
          已超期{request.escalatedAt ? '·已升级' : ''}
        </Tag>
      </Tooltip>
    )
  const left = request.workingDaysLeft
  if (left === null) return <Tag>{request.replyDue} 到期</Tag>
  const text = left === 0 ? '今日到期' : `剩 ${left} 个工作日`
  return (
    <Tooltip title={due}>
      <Tag color={left <= 1 ? 'gold' : 'blue'} data-testid={left <= 1 ? 'deadline-soon' : 'deadline'}>
        {text}
      </Tag>
    </Tooltip>
  )
}

/** A grant's validUntil is the instant its last day ends; people read the last day (Beijing time). */
export function lastValidDay(validUntil: string): string {
  return dayjs(validUntil).subtract(1, 'second').tz(TZ).format('YYYY-MM-DD')
}
