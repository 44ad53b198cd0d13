import { Tag } from 'antd'
import type { ColumnsType } from 'antd/es/table'
import { Link } from 'react-router-dom'
import type { CheckResult } from '../../../types'

export const SEVERITY_LABELS: Record<string, string> = { error: '错误', warning: '警告', info: '提示' }
const SEVERITY_COLORS: Record<string, string> = { error: 'error', warning: 'warning', info: 'default' }

export function SeverityTag({ severity }: { severity: string }) {
  return <Tag color={SEVERITY_COLORS[severity] ?? 'default'}>{SEVERITY_LABELS[severity] ?? severity}</Tag>
}

export function checkColumns(options: { withResource: boolean }): ColumnsType<CheckResult> {
  const columns: ColumnsType<CheckResult> = [
    {
      title: '级别',
      dataIndex: 'severity',
      key: 'severity',
      width: 80,
      render: (s: string) => <SeverityTag severity={s} />,
    },
    { title: '质检项', key: 'label', width: 200, render: (_, r) => r.checkLabel ?? r.label ?? r.check },
    { title: '问题说明', key: 'message', render: (_, r) => r.messageZh ?? r.message ?? '—' },
  ]
  if (options.withResource) {
    columns.splice(
      1,
      0,
      {
        title: '数据资源',
        key: 'resource',
        width: 220,
        render: (_, r) => <Link to={`/catalog/${r.resourceId}`}>{r.resourceName}</Link>,
      },
      { title: '提供单位', dataIndex: 'orgName', key: 'orgName', width: 170 },
    )
  }
  return columns
}
