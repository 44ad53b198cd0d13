import { Alert, App, Button, Space, Table, Tag } from 'antd'
import { useState } from 'react'
import { useNavigate } from 'react-router-dom'
import { api, errorText } from '../../../api'
import { formatTime } from '../../../format'
import { useFetch } from '../../../hooks'
import type { Page } from '../../../types'
import { TrendChart } from './charts'
import { DIMENSION_LABELS, DIMENSIONS, scoreColor, TRIGGER_LABELS } from './labels'
import type { QualityRun, RunDetail } from './types'

/** 稽查记录: the score trend, a "run now" button and the list of runs (newest first). */
export default function RunsPanel({ resourceId, canManage }: { resourceId: string; canManage: boolean }) {
  const { message } = App.useApp()
  const navigate = useNavigate()
  const [page, setPage] = useState(1)
  const [running, setRunning] = useState(false)
  const runs = useFetch<Page<QualityRun>>(`/quality/resources/${resourceId}/runs`, { page, pageSize: 20 })
  const trend = useFetch<Page<QualityRun>>(
    `/quality/resources/${resourceId}/runs`,
    { page: 1, pageSize: 30 },
    runs.data?.total ?? 0,
  )

  const runNow = async () => {
    setRunning(true)
    try {
      const run = await api.post<RunDetail>(`/quality/resources/${resourceId}/runs`)
      message.success(`稽查完成，得分 ${run.score ?? '—'}`)
      navigate(`/governance/quality/runs/${run.id}`)
    } catch (err) {
      message.error(errorText(err))
    } finally {
      setRunning(false)
    }
  }
  const points = [...(trend.data?.items ?? [])]
    .filter((r) => r.status === 'succeeded')
    .reverse()
    .map((r) => ({ label: formatTime(r.startedAt).slice(5, 16), score: r.score }))

  return (
    <>
      {runs.error && (
        <Alert type="error" showIcon message={errorText(runs.error)} style={{ marginBottom: 12 }} />
      )}
      {canManage && (
        <Space style={{ marginBottom: 12 }}>
          <Button type="primary" loading={running} onClick={runNow}>
            立即稽查
          </Button>
          <span style={{ color: '#888' }}>
            一次扫描评估全部启用规则；每日凌晨自动稽查，数据更新后也会自动稽查
          </span>
        </Space>
      )}
      <TrendChart points={points} />
      <Table<QualityRun>
        rowKey="id"
        size="middle"
        loading={runs.loading}
        dataSource={runs.data?.items ?? []}
        locale={{ emptyText: '暂无稽查记录' }}
        pagination={{
          current: page,
          pageSize: 20,
          total: runs.data?.total ?? 0,
          onChange: setPage,
          showTotal: (n) => `共 ${n} 次`,
        }}
        onRow={(r) => ({
          onClick: () => navigate(`/governance/quality/runs/${r.id}`),
          style: { cursor: 'pointer' },
        })}
        columns={[
          { title: '开始时间', dataIndex: 'startedAt', render: formatTime },
          { title: '方式', dataIndex: 'trigger', render: (v: string) => TRIGGER_LABELS[v] ?? v },
          {
            title: '状态',
            dataIndex: 'status',
            render: (v: string, r) =>
              v === 'succeeded' ? (
                <Tag color="green">完成</Tag>
              ) : v === 'failed' ? (
                <Tag color="red" title={r.error ?? ''}>
                  失败
                </Tag>
              ) : (
                <Tag>进行中</Tag>
              ),
          },
          {
            title: '记录数',
            dataIndex: 'rowCount',
            render: (v: number | null) => v?.toLocaleString('zh-CN') ?? '—',
          },
          {
            title: '得分',
            dataIndex: 'score',
            render: (v: number | null) => <b style={{ color: scoreColor(v) }}>{v ?? '—'}</b>,
          },
          ...DIMENSIONS.map((d) => ({
            title: DIMENSION_LABELS[d],
            key: d,
            render: (_: unknown, r: QualityRun) => r.scores[d] ?? '—',
          })),
          {
            title: '耗时',
            dataIndex: 'durationMs',
            render: (v: number | null) => (v === null ? '—' : `${(v / 1000).toFixed(1)} 秒`),
          },
        ]}
      />
    </>
  )
}
