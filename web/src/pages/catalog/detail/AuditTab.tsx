import { Space, Table, Tag, Typography } from 'antd'
import { formatTime } from '../../../format'
import type { FetchState } from '../../../hooks'
import type { AuditEvent, Page } from '../../../types'
import { STATUS_LABELS } from '../labels'
import { LoadState } from '../states'

const ACTION_LABELS: Record<string, string> = {
  'catalog.resource_create': '新建',
  'catalog.resource_update': '修改',
  'catalog.resource_delete': '删除草稿',
  'catalog.resource_submit': '提交审核',
  'catalog.resource_publish': '发布',
  'catalog.resource_return': '退回',
  'catalog.resource_retire': '下线',
  'catalog.resource_revise': '撤回修订',
  'catalog.resource_import': 'Excel 导入',
  'catalog.mount_upload': '上传挂接',
  'catalog.mount_update': '修改挂接',
}

const OUTCOME: Record<string, string> = { success: '成功', failure: '失败', denied: '拒绝' }

const status = (v: unknown) => (typeof v === 'string' ? (STATUS_LABELS[v as 'draft'] ?? v) : String(v))

/** Audit details in words: status change, version, reason; other keys as key：value. */
function detailsText(d: Record<string, unknown>): string {
  const parts: string[] = []
  if (d.from !== undefined && d.to !== undefined) parts.push(`${status(d.from)} → ${status(d.to)}`)
  if (typeof d.version === 'number' && d.version > 0) parts.push(`版本 v${d.version}`)
  if (typeof d.reason === 'string') parts.push(`理由：${d.reason}`)
  for (const [k, v] of Object.entries(d)) {
    if (['from', 'to', 'version', 'reason'].includes(k)) continue
    parts.push(`${k}：${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
  }
  return parts.join('；') || '—'
}

/** The resource's audit trail; the parent fetches it so a 403 can hide the whole tab. */
export default function AuditTab({ events }: { events: FetchState<Page<AuditEvent>> }) {
  const items = events.data?.items ?? []
  return (
    <LoadState
      loading={events.loading}
      error={events.error}
      what="审计记录"
      onRetry={events.reload}
      empty={!items.length}
      emptyText="暂无审计记录"
    >
      <Table<AuditEvent>
        rowKey="id"
        size="small"
        dataSource={items}
        pagination={false}
        columns={[
          { title: '时间', dataIndex: 'occurredAt', key: 'occurredAt', width: 170, render: formatTime },
          { title: '操作人', key: 'actor', width: 140, render: (_, e) => e.actorName ?? e.actorId ?? '—' },
          {
            title: '动作',
            dataIndex: 'action',
            key: 'action',
            width: 260,
            render: (a: string) => (
              <Space orientation="vertical" size={0}>
                {ACTION_LABELS[a] && <span>{ACTION_LABELS[a]}</span>}
                <Typography.Text type="secondary" style={{ fontSize: 12, fontFamily: 'monospace' }}>
                  {a}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: '结果',
            dataIndex: 'outcome',
            key: 'outcome',
            width: 80,
            render: (o: string) => (
              <Tag color={o === 'success' ? 'success' : 'warning'}>{OUTCOME[o] ?? o}</Tag>
            ),
          },
          {
            title: '详情',
            dataIndex: 'details',
            key: 'details',
            render: (d: Record<string, unknown>) => (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {detailsText(d ?? {})}
              </Typography.Text>
            ),
          },
        ]}
      />
    </LoadState>
  )
}
