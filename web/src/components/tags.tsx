import { Tag } from 'antd'
import { ROLE_COLORS, ROLE_LABELS, STATUS_LABELS } from '../labels'
import type { Role, Status } from '../types'

export function StatusTag({ status }: { status: Status }) {
  return <Tag color={status === 'active' ? 'success' : 'default'}>{STATUS_LABELS[status] ?? status}</Tag>
}

export function RoleTags({ roles }: { roles: readonly Role[] }) {
  if (!roles.length) return <span>—</span>
  return (
    <>
      {roles.map((role) => (
        <Tag key={role} color={ROLE_COLORS[role]} style={{ marginBottom: 2 }}>
          {ROLE_LABELS[role] ?? role}
        </Tag>
      ))}
    </>
  )
}
