import { Space, Typography } from 'antd'
import type { ColumnsType } from 'antd/es/table'
import { Link } from 'react-router-dom'
import type { Resource } from '../../types'
import Highlight from './Highlight'
import { FREQUENCY_LABELS } from './labels'
import { MountBadge, OpenTypeTag, ResourceStatusTag, ShareTypeTag } from './tags'

/** Name cell: highlighted name linking to the detail, then the highlighted summary / matching field names. */
function NameCell({ resource }: { resource: Resource }) {
  const h = resource.highlights
  return (
    <div style={{ minWidth: 0 }}>
      <Link to={`/catalog/${resource.id}`} style={{ fontWeight: 600 }} data-testid="resource-link">
        <Highlight html={h?.name} plain={resource.name} />
      </Link>
      {(h?.summary || resource.summary) && (
        <Typography.Paragraph
          type="secondary"
          ellipsis={{ rows: 2 }}
          style={{ margin: '2px 0 0', fontSize: 12 }}
        >
          <Highlight html={h?.summary} plain={resource.summary} />
        </Typography.Paragraph>
      )}
      {h?.fields?.length ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          信息项：
          {h.fields.map((f, i) => (
            <span key={f}>
              {i > 0 && '、'}
              <Highlight html={f} plain={f} />
            </span>
          ))}
        </Typography.Text>
      ) : null}
    </div>
  )
}

export function resourceColumns(
  options: { actions?: ColumnsType<Resource>[number] } = {},
): ColumnsType<Resource> {
  const columns: ColumnsType<Resource> = [
    {
      title: '资源代码',
      dataIndex: 'code',
      key: 'code',
      width: 120,
      render: (code: string) => <Typography.Text style={{ fontFamily: 'monospace' }}>{code}</Typography.Text>,
    },
    { title: '资源名称', key: 'name', minWidth: 240, render: (_, r) => <NameCell resource={r} /> },
    { title: '提供单位', dataIndex: 'orgName', key: 'orgName', width: 130 },
    {
      title: '共享 / 开放',
      key: 'types',
      width: 116,
      render: (_, r) => (
        <Space orientation="vertical" size={2}>
          <ShareTypeTag value={r.shareType} />
          <OpenTypeTag value={r.openType} />
        </Space>
      ),
    },
    {
      title: '更新周期',
      dataIndex: 'updateFrequency',
      key: 'updateFrequency',
      width: 76,
      render: (v: Resource['updateFrequency']) => FREQUENCY_LABELS[v] ?? v,
    },
    {
      title: '状态',
      dataIndex: 'status',
      key: 'status',
      width: 76,
      render: (s: Resource['status']) => <ResourceStatusTag status={s} />,
    },
    {
      title: '挂接',
      dataIndex: 'mountStatus',
      key: 'mountStatus',
      width: 88,
      render: (s: Resource['mountStatus']) => <MountBadge status={s} />,
    },
  ]
  if (options.actions) columns.push(options.actions)
  return columns
}
