import { Alert, Button, Input, Progress, Segmented, Space, Table, Tooltip, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { api, errorText } from '../../../api'
import { showError, showSuccess } from '../../../feedback'
import { formatTime } from '../../../format'
import { useFetch } from '../../../hooks'
import type { Page } from '../../../types'
import { MirrorStatusTag } from '../labels'
import type { Mirror } from '../types'

const rowsText = (n: number | null) => (n === null ? '—' : n.toLocaleString('zh-CN'))

function duration(ms: number | null): string {
  if (ms === null) return ''
  return ms < 60_000 ? `${Math.max(1, Math.round(ms / 1000))} 秒` : `${Math.round(ms / 60_000)} 分钟`
}

/** Progress of a refresh under way, or what the last one left. */
function StateCell({ m }: { m: Mirror }) {
  if (m.status === 'running')
    return (
      <Space direction="vertical" size={0} style={{ minWidth: 160 }}>
        <Progress size="small" percent={Math.floor((m.progress ?? 0) * 100)} />
        <Typography.Text type="secondary">
          已复制 {rowsText(m.rowsCopied)} / {rowsText(m.sourceRows)} 行
        </Typography.Text>
      </Space>
    )
  return (
    <Space direction="vertical" size={0}>
      <MirrorStatusTag status={m.status} />
      {m.error && (
        <Typography.Text type={m.status === 'ready' ? 'secondary' : 'danger'} style={{ maxWidth: 280 }}>
          {m.error}
        </Typography.Text>
      )}
    </Space>
  )
}

/**
 * Open-data mirrors (开放数据镜像): the portal's copies of open resources whose rows live in a department's external
 * PostgreSQL database. The public is served these copies, never the database; stewards refresh them here.
 */
export default function MirrorsPage() {
  const [status, setStatus] = useState<string>('all')
  const [page, setPage] = useState(1)
  const [q, setQ] = useState<string>()
  const [tick, setTick] = useState(0)
  const [refreshing, setRefreshing] = useState<string | null>(null)
  const list = useFetch<Page<Mirror>>(
    '/portal/mirrors',
    { status: status === 'all' ? undefined : status, q, page, pageSize: 20 },
    tick,
  )
  const busy = (list.data?.items ?? []).some((m) => m.status === 'running' || m.status === 'pending')

  // While a copy is queued or under way, reload every few seconds so its progress moves.
  useEffect(() => {
    if (!busy) return
    const timer = setInterval(() => setTick((n) => n + 1), 3000)
    return () => clearInterval(timer)
  }, [busy])

  const refresh = async (m: Mirror) => {
    setRefreshing(m.resourceId)
    try {
      const res = await api.post<Mirror & { queued: boolean }>(`/portal/mirrors/${m.resourceId}/refresh`)
      showSuccess(res.queued ? '已开始刷新，复制完成后公众即可获取新数据' : '该镜像已在刷新中')
      setTick((n) => n + 1)
    } catch (err) {
      showError(err)
    } finally {
      setRefreshing(null)
    }
  }

  return (
    <>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        message="挂接外部数据库的开放数据资源，由开放平台按更新频率复制一份副本对公众提供，公众不会直接访问部门的生产数据库。刷新失败时继续提供上一份副本。"
      />
      <Space wrap style={{ marginBottom: 16 }}>
        <Segmented
          value={status}
          onChange={(v) => {
            setStatus(String(v))
            setPage(1)
          }}
          options={[
            { value: 'all', label: '全部' },
            { value: 'running', label: '复制中' },
            { value: 'ready', label: '已就绪' },
            { value: 'failed', label: '刷新失败' },
            { value: 'too_large', label: '超过上限' },
          ]}
        />
        <Input.Search
          allowClear
          placeholder="搜索资源名称或代码"
          onSearch={(v) => {
            setQ(v.trim() || undefined)
            setPage(1)
          }}
          style={{ width: 260 }}
        />
      </Space>
      {list.error && <Alert type="error" showIcon message={errorText(list.error)} />}
      <Table
        rowKey="resourceId"
        size="small"
        loading={list.loading && !list.data}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: '暂无开放数据镜像：挂接外部数据库的开放资源发布后，将在每日任务或首次访问时生成',
        }}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
        }}
        columns={[
          {
            title: '数据资源',
            key: 'resource',
            render: (_, m) => (
              <Space direction="vertical" size={0}>
                <strong>{m.resourceName}</strong>
                <Typography.Text type="secondary">{m.resourceCode}</Typography.Text>
              </Space>
            ),
          },
          { title: '提供单位', dataIndex: 'orgName' },
          { title: '状态', key: 'status', render: (_, m) => <StateCell m={m} /> },
          {
            title: '副本行数',
            key: 'rows',
            align: 'right',
            render: (_, m) => (
              <Tooltip title={m.rowsSkipped ? `${m.rowsSkipped} 行类型不符未复制` : undefined}>
                {rowsText(m.rows)}
              </Tooltip>
            ),
          },
          {
            title: '数据更新于',
            key: 'refreshedAt',
            render: (_, m) => (m.refreshedAt ? formatTime(m.refreshedAt) : '尚无副本'),
          },
          {
            title: '最近刷新',
            key: 'finished',
            render: (_, m) =>
              m.finishedAt ? `${formatTime(m.finishedAt)}（用时 ${duration(m.durationMs)}）` : '—',
          },
          {
            title: '操作',
            key: 'op',
            render: (_, m) =>
              m.canRefresh ? (
                <Button
                  size="small"
                  type="primary"
                  loading={refreshing === m.resourceId}
                  disabled={m.status === 'running' || m.status === 'pending'}
                  onClick={() => refresh(m)}
                >
                  立即刷新
                </Button>
              ) : null,
          },
        ]}
      />
    </>
  )
}
