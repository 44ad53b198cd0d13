import { EyeInvisibleOutlined } from '@ant-design/icons'
import { Empty, Table, Tag, Tooltip } from 'antd'
import { ApiError, errorText } from '../../../api'
import { useFetch } from '../../../hooks'
import type { ResourcePreview } from '../../../types'
import { DATA_TYPE_LABELS } from '../labels'
import { LoadState } from '../states'

const text = (v: unknown) =>
  v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v)

/** First rows of the mounted data; masked (sensitive) columns are marked in the header. */
export default function PreviewTable({ id, reloadKey }: { id: string; reloadKey: number }) {
  const preview = useFetch<ResourcePreview>(`/catalog/resources/${id}/preview`, undefined, reloadKey)
  const data = preview.data
  const masked = new Set(data?.masked ?? [])
  // "Not mounted" / "API mounts have no preview" are states, not failures.
  if (preview.error instanceof ApiError && preview.error.code === 'catalog.preview_unavailable')
    return <Empty description={errorText(preview.error)} />
  return (
    <LoadState
      loading={preview.loading}
      error={preview.error}
      what="数据预览"
      onRetry={preview.reload}
      empty={!data?.rows.length}
      emptyText="暂无可预览的数据"
    >
      <Table<Record<string, unknown>>
        size="small"
        rowKey={(_, i) => String(i)}
        dataSource={data?.rows ?? []}
        pagination={false}
        scroll={{ x: 'max-content', y: 420 }}
        columns={(data?.columns ?? []).map((c) => ({
          key: c.code,
          dataIndex: c.code,
          title: (
            <Tooltip title={`${c.code} · ${DATA_TYPE_LABELS[c.dataType] ?? c.dataType}`}>
              {c.name}
              {masked.has(c.code) && (
                <Tag icon={<EyeInvisibleOutlined />} color="orange" style={{ marginLeft: 6 }}>
                  已脱敏
                </Tag>
              )}
            </Tooltip>
          ),
          render: text,
        }))}
      />
    </LoadState>
  )
}
