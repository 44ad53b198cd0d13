import { DownloadOutlined } from '@ant-design/icons'
import { Table, Typography } from 'antd'
import { API_BASE } from '../../../api'
import { formatTime } from '../../../format'
import { useFetch } from '../../../hooks'
import { bytes } from './labels'
import type { RunFile } from './types'

/** The files of a file run; the consumer downloads them (each download is audited). */
export default function RunFiles({ runId, canDownload }: { runId: string; canDownload: boolean }) {
  const files = useFetch<{ items: RunFile[] }>(`/exchange/runs/${runId}/files`)
  return (
    <Table<RunFile>
      rowKey="name"
      size="small"
      pagination={false}
      loading={files.loading}
      dataSource={files.data?.items ?? []}
      locale={{ emptyText: files.error ? `加载失败：${files.error.message}` : '暂无文件' }}
      columns={[
        {
          title: '文件',
          dataIndex: 'name',
          key: 'name',
          render: (name: string) =>
            canDownload ? (
              <a href={`${API_BASE}/exchange/runs/${runId}/files/${name}`} download={name}>
                <DownloadOutlined /> {name}
              </a>
            ) : (
              name
            ),
        },
        { title: '行数', dataIndex: 'rows', key: 'rows', width: 100 },
        { title: '大小', dataIndex: 'bytes', key: 'bytes', width: 100, render: bytes },
        {
          title: 'SM3 摘要',
          dataIndex: 'sm3',
          key: 'sm3',
          ellipsis: true,
          render: (v: string) => (
            <Typography.Text code copyable={{ text: v }}>
              {v.slice(0, 16)}…
            </Typography.Text>
          ),
        },
        { title: '生成时间', dataIndex: 'createdAt', key: 'createdAt', width: 170, render: formatTime },
      ]}
    />
  )
}
