import { DiffOutlined } from '@ant-design/icons'
import { Button, Card, Empty, Space, Table, Tag, Tooltip, Typography } from 'antd'
import { useState } from 'react'
import { formatTime } from '../../../format'
import { useFetch } from '../../../hooks'
import type { ItemList, ResourceVersion, VersionChange, VersionDiff } from '../../../types'
import { LoadState } from '../states'
import { KIND_COLORS, KIND_LABELS, pathText, valueText } from './diffText'

function DiffTable({ id, from, to }: { id: string; from: number; to: number }) {
  const diff = useFetch<VersionDiff>(`/catalog/resources/${id}/diff`, { from, to })
  const changes = diff.data?.changes ?? []
  return (
    <Card size="small" title={`v${from} → v${to} 的变化`} data-testid="version-diff">
      <LoadState loading={diff.loading} error={diff.error} what="版本比较" onRetry={diff.reload}>
        <Table<VersionChange>
          rowKey={(c) => `${c.path}:${c.kind}`}
          size="small"
          pagination={false}
          dataSource={changes}
          locale={{ emptyText: <Empty description="两个版本没有差异" /> }}
          columns={[
            { title: '项目', dataIndex: 'path', key: 'path', width: 220, render: (p: string) => pathText(p) },
            {
              title: '变化',
              dataIndex: 'kind',
              key: 'kind',
              width: 80,
              render: (k: VersionChange['kind']) => <Tag color={KIND_COLORS[k]}>{KIND_LABELS[k] ?? k}</Tag>,
            },
            { title: '修改前', key: 'before', render: (_, c) => valueText(c.path, c.before) },
            { title: '修改后', key: 'after', render: (_, c) => valueText(c.path, c.after) },
          ]}
        />
      </LoadState>
    </Card>
  )
}

/** Published versions; pick two to compare them field by field. */
export default function VersionsTab({ id, reloadKey }: { id: string; reloadKey: number }) {
  const versions = useFetch<ItemList<ResourceVersion>>(
    `/catalog/resources/${id}/versions`,
    undefined,
    reloadKey,
  )
  const [picked, setPicked] = useState<number[]>([])
  const [compare, setCompare] = useState<{ from: number; to: number } | null>(null)
  const items = versions.data?.items ?? []
  return (
    <LoadState
      loading={versions.loading}
      error={versions.error}
      what="版本"
      onRetry={versions.reload}
      empty={!items.length}
      emptyText="尚未发布，暂无版本"
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Space>
          <Typography.Text type="secondary">勾选两个版本进行比较</Typography.Text>
          <Button
            icon={<DiffOutlined />}
            disabled={picked.length !== 2}
            onClick={() => {
              const [a = 0, b = 0] = [...picked].sort((x, y) => x - y)
              setCompare({ from: a, to: b })
            }}
          >
            比较所选版本
          </Button>
        </Space>
        <Table<ResourceVersion>
          rowKey="version"
          size="small"
          pagination={false}
          dataSource={items}
          rowSelection={{
            selectedRowKeys: picked,
            onChange: (keys) => setPicked(keys.map(Number).slice(-2)),
            getCheckboxProps: (v) => ({ disabled: picked.length >= 2 && !picked.includes(v.version) }),
          }}
          columns={[
            {
              title: '版本',
              dataIndex: 'version',
              key: 'version',
              width: 80,
              render: (v: number) => `v${v}`,
            },
            { title: '名称', dataIndex: 'name', key: 'name' },
            { title: '信息项数', dataIndex: 'fieldCount', key: 'fieldCount', width: 100 },
            {
              title: '发布时间',
              dataIndex: 'publishedAt',
              key: 'publishedAt',
              width: 180,
              render: formatTime,
            },
            {
              title: '发布人',
              dataIndex: 'publishedBy',
              key: 'publishedBy',
              width: 120,
              render: (v: string | null) =>
                v ? (
                  <Tooltip title={v}>
                    <Typography.Text type="secondary">{v.slice(0, 8)}…</Typography.Text>
                  </Tooltip>
                ) : (
                  '—'
                ),
            },
          ]}
        />
        {compare && (
          <DiffTable key={`${compare.from}-${compare.to}`} id={id} from={compare.from} to={compare.to} />
        )}
      </Space>
    </LoadState>
  )
}
