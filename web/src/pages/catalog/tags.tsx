import { Badge, Tag } from 'antd'
import type { MountStatus, OpenType, ResourceStatus, ShareType } from '../../types'
import {
  MOUNT_LABELS,
  OPEN_COLORS,
  OPEN_TYPE_LABELS,
  SHARE_COLORS,
  SHARE_TYPE_LABELS,
  STATUS_COLORS,
  STATUS_LABELS,
} from './labels'

export function ResourceStatusTag({ status }: { status: ResourceStatus }) {
  return <Tag color={STATUS_COLORS[status]}>{STATUS_LABELS[status] ?? status}</Tag>
}

export function ShareTypeTag({ value }: { value: ShareType }) {
  return <Tag color={SHARE_COLORS[value]}>{SHARE_TYPE_LABELS[value] ?? value}</Tag>
}

export function OpenTypeTag({ value }: { value: OpenType }) {
  return <Tag color={OPEN_COLORS[value]}>{OPEN_TYPE_LABELS[value] ?? value}</Tag>
}

const MOUNT_BADGE: Record<MountStatus, 'default' | 'success' | 'error'> = {
  unmounted: 'default',
  mounted: 'success',
  error: 'error',
}

export function MountBadge({ status }: { status: MountStatus }) {
  return <Badge status={MOUNT_BADGE[status] ?? 'default'} text={MOUNT_LABELS[status] ?? status} />
}
