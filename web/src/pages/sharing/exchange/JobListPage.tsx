import { PlusOutlined } from '@ant-design/icons'
import { Button, Card, Empty, Segmented, Space, Table, Tag, Typography } from 'antd'
import type { ColumnsType } from 'antd/es/table'
import { useEffect, useState } from 'react'
import { Link, useNavigate } from 'react-router-dom'
import { useAuth } from '../../../auth'
import { formatTime } from '../../../format'
import { useFetch } from '../../../hooks'
import type { Page } from '../../../types'
import JobFormModal from './JobFormModal'
import { GrantStatusTag, isOpen, MODE_LABELS, RunStatusTag, SCHEDULE_LABELS, TARGET_LABELS } from './labels'
import RunProgress from './RunProgress'
import type { ExchangeJob } from './types'

type RoleFilter = 'all' | 'consumer' | 'provider'

/** 数据交换: the jobs the user's org runs (使用方) or provides data for (提供方), with their latest run. */
export default function JobListPage() {
  const { hasRole } = useAuth()
  const navigate = useNavigate()
  const [role, setRole] = useState<RoleFilter>('all')
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(20)
  const [creating, setCreating] = useState(false)
  const [tick, setTick] = useState(0)
  const list = useFetch<Page<ExchangeJob>>('/exchange/jobs', { role, page, pageSize }, tick)
  const busy = (list.data?.items ?? []).some((j) => isOpen(j.lastRun?.status))
  const steward = hasRole('data_steward', 'org_admin')

  // While a run is under way, refresh every few seconds so its progress moves.
  useEffect(() => {
    if (!busy) return
    const timer = setInterval(() => setTick((n) => n + 1), 3000)
    return () => clearInterval(timer)
  }, [busy])

  const columns: ColumnsType<ExchangeJob> = [
    {
      title: '任务',
      key: 'name',
      render: (_, job) => (
        <Space direction="vertical" size={0}>
          <Link to={`/sharing/exchange/${job.id}`}>
            <strong>{job.name}</strong>
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {job.resourceName ?? job.resourceCode}（{job.resourceCode}）
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '提供方 → 使用方',
      key: 'orgs',
      render: (_, job) => `${job.providerOrgName ?? '—'} → ${job.consumerOrgName ?? '—'}`,
    },
    {
      title: '目标',
      key: 'target',
      width: 180,
      render: (_, job) =>
        job.target ? (
          <Typography.Text code>
            {job.target.schema}.{job.target.table}
          </Typography.Text>
        ) : (
          `${TARGET_LABELS.file}（${job.fileFormat === 'jsonl' ? 'JSON Lines' : 'CSV'}）`
        ),
    },
    {
      title: '方式 / 计划',
      key: 'mode',
      width: 150,
      render: (_, job) => (
        <Space size={4} wrap>
          <Tag>{MODE_LABELS[job.mode]}</Tag>
          <span>{SCHEDULE_LABELS[job.schedule]}</span>
        </Space>
      ),
    },
    {
      title: '最近执行',
      key: 'lastRun',
      width: 260,
      render: (_, job) =>
        job.lastRun ? (
          <Space direction="vertical" size={0} style={{ width: '100%' }}>
            <Space size={4}>
              <RunStatusTag status={job.lastRun.status} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatTime(job.lastRun.createdAt)}
              </Typography.Text>
            </Space>
            {isOpen(job.lastRun.status) && <RunProgress run={job.lastRun} compact />}
          </Space>
        ) : (
          <Typography.Text type="secondary">尚未执行</Typography.Text>
        ),
    },
    {
      title: '授权',
      key: 'grant',
      width: 110,
      render: (_, job) => <GrantStatusTag status={job.grantStatus} />,
    },
  ]

  return (
    <Card
      title="数据交换"
      extra={
        steward && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建交换任务
          </Button>
        )
      }
    >
      <Segmented<RoleFilter>
        style={{ marginBottom: 16 }}
        value={role}
        onChange={(value) => {
          setRole(value)
          setPage(1)
        }}
        options={[
          { value: 'all', label: '全部' },
          { value: 'consumer', label: '本单位使用' },
          { value: 'provider', label: '本单位提供' },
        ]}
      />
      <Table<ExchangeJob>
        rowKey="id"
        size="middle"
        loading={list.loading && !list.data}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1100 }}
        locale={{
          emptyText: list.error ? (
            `加载失败：${list.error.message}`
          ) : (
            <Empty
              description={
                steward
                  ? '暂无交换任务。获得库表交换或文件交付授权后，可新建交换任务。'
                  : '暂无可查看的交换任务'
              }
            />
          ),
        }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => `共 ${total} 个任务`,
          onChange: (nextPage, nextSize) => {
            setPage(nextSize === pageSize ? nextPage : 1)
            setPageSize(nextSize)
          },
        }}
      />
      <JobFormModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(job) => {
          setCreating(false)
          navigate(`/sharing/exchange/${job.id}`)
        }}
      />
    </Card>
  )
}
