import { Progress, Space, Tag, Tooltip } from 'antd'
import type { ColumnsType } from 'antd/es/table'
import type { LedgerCounts, OpenType, ShareType } from '../../../types'
import { OPEN_COLORS, OPEN_TYPE_LABELS, SHARE_COLORS, SHARE_TYPE_LABELS } from '../labels'

function Pct({ value }: { value: number }) {
  return <Progress percent={value} size="small" format={(p) => `${p}%`} style={{ width: 110, margin: 0 }} />
}

function Breakdown<K extends string>({
  counts,
  labels,
  colors,
}: {
  counts: Record<K, number>
  labels: Record<K, string>
  colors: Record<K, string>
}) {
  return (
    <Space size={2} wrap>
      {(Object.keys(labels) as K[]).map((k) => (
        <Tooltip key={k} title={labels[k]}>
          <Tag color={colors[k]}>
            {labels[k].slice(0, 3)} {counts?.[k] ?? 0}
          </Tag>
        </Tooltip>
      ))}
    </Space>
  )
}

/** The count columns shared by the per-org and per-region tables, after their own name columns. */
export function countColumns<T extends LedgerCounts>(): ColumnsType<T> {
  return [
    {
      title: '资源数',
      dataIndex: 'resources',
      key: 'resources',
      width: 80,
      sorter: (a, b) => a.resources - b.resources,
    },
    {
      title: '信息项数',
      dataIndex: 'fields',
      key: 'fields',
      width: 90,
      sorter: (a, b) => a.fields - b.fields,
    },
    { title: '已发布', dataIndex: 'published', key: 'published', width: 80 },
    {
      title: '发布率',
      dataIndex: 'publishedPct',
      key: 'publishedPct',
      width: 130,
      sorter: (a, b) => a.publishedPct - b.publishedPct,
      render: (v: number) => <Pct value={v} />,
    },
    { title: '已挂接', dataIndex: 'mounted', key: 'mounted', width: 80 },
    {
      title: '挂接率',
      dataIndex: 'mountedPct',
      key: 'mountedPct',
      width: 130,
      sorter: (a, b) => a.mountedPct - b.mountedPct,
      render: (v: number) => <Pct value={v} />,
    },
    {
      title: '共享类型',
      key: 'share',
      width: 250,
      render: (_, r) => (
        <Breakdown<ShareType> counts={r.byShareType} labels={SHARE_TYPE_LABELS} colors={SHARE_COLORS} />
      ),
    },
    {
      title: '开放类型',
      key: 'open',
      width: 250,
      render: (_, r) => (
        <Breakdown<OpenType> counts={r.byOpenType} labels={OPEN_TYPE_LABELS} colors={OPEN_COLORS} />
      ),
    },
  ]
}
