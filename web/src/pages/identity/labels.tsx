import { Tag } from 'antd'
import type { Verification } from './types'

export const VERIFICATION_LABELS: Record<Verification, string> = {
  pending: '待认证',
  verified: '已认证',
  rejected: '未通过',
}

const COLORS: Record<Verification, string> = { pending: 'processing', verified: 'success', rejected: 'error' }

export function VerificationTag({ value }: { value: Verification }) {
  return <Tag color={COLORS[value]}>{VERIFICATION_LABELS[value]}</Tag>
}
