import { Tag, Tooltip } from 'antd'
import type { Registration, RegistrationKind, RegistrationStatus, VerifyResult } from './types'

export const KIND_LABELS: Record<RegistrationKind, string> = {
  initial: '首次登记',
  change: '变更登记',
  correction: '更正登记',
  cancellation: '注销登记',
  renewal: '续展',
}

export const STATUS_LABELS: Record<RegistrationStatus, { label: string; color: string }> = {
  draft: { label: '草稿', color: 'default' },
  submitted: { label: '已提交', color: 'processing' },
  supplement_required: { label: '待补正', color: 'warning' },
  not_accepted: { label: '不予受理', color: 'error' },
  under_review: { label: '形式审核中', color: 'processing' },
  public_notice: { label: '公示中', color: 'cyan' },
  objection_review: { label: '异议复核', color: 'purple' },
  terminated: { label: '终止', color: 'error' },
  valid: { label: '有效', color: 'success' },
  expired: { label: '到期', color: 'default' },
  cancelled: { label: '已注销', color: 'default' },
  revoked: { label: '已撤销', color: 'error' },
  completed: { label: '已办结', color: 'success' },
  withdrawn: { label: '已撤回', color: 'default' },
}

export const VERIFY_LABELS: Record<VerifyResult['result'], { label: string; color: string; text: string }> = {
  valid: { label: '有效', color: 'success', text: '签名正确，登记在有效期内' },
  expired: { label: '已到期', color: 'warning', text: '签名正确，但登记已过有效期' },
  cancelled: { label: '已注销', color: 'default', text: '签名正确，但登记已注销' },
  revoked: { label: '已撤销', color: 'error', text: '签名正确，但登记已被登记机构撤销' },
  tampered: { label: '被篡改', color: 'error', text: '签名与证书内容不符：证书被修改过' },
  unknown_signer: { label: '签发方未知', color: 'error', text: '证书的签名密钥不是本平台登记机构公布的密钥' },
  unknown: { label: '未查到', color: 'default', text: '本平台没有该登记编号的证书' },
}

export const HISTORY_LABELS: Record<string, string> = {
  create: '创建草稿',
  submit: '提交申请',
  resubmit: '补正后重新提交',
  withdraw: '撤回',
  request_supplement: '一次性告知补正',
  accept: '受理',
  refuse: '不予受理',
  approve: '通过形式审核，进入公示',
  reject: '审核不通过',
  objection: '收到异议',
  objection_dismiss: '异议不成立',
  objection_uphold: '异议成立，终止登记',
  notice_end: '公示期满，进入异议复核',
  issue: '赋码，登记生效',
  complete: '办结',
  change: '变更生效',
  correction: '更正生效',
  renewal: '续展生效',
  cancel: '注销',
  revoke: '撤销登记',
  expire: '有效期届满',
  initial_due: '首次登记到期提醒',
  initial_overdue: '首次登记超期提醒',
  renewal_window: '续展期提醒',
}

export function StatusTag({ status }: { status: RegistrationStatus }) {
  const s = STATUS_LABELS[status]
  return <Tag color={s.color}>{s.label}</Tag>
}

/** The current step's deadline with its working-day countdown: yellow on the last day, red when overdue. */
export function DueTag({ r }: { r: Registration }) {
  if (!r.currentDue) return <span>—</span>
  const left = r.workingDaysLeft
  const color = r.overdue ? 'error' : left !== null && left <= 1 ? 'warning' : 'default'
  const text = r.overdue ? '已超期' : left === null ? '' : left === 0 ? '今日到期' : `剩 ${left} 个工作日`
  return (
    <Tooltip title={`期限：${r.currentDue}（最后一个工作日）`}>
      <Tag color={color}>
        {r.currentDue} {text}
      </Tag>
    </Tooltip>
  )
}
