import { ArrowLeftOutlined, DeleteOutlined, PlayCircleOutlined } from '@ant-design/icons'
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Popconfirm,
  Result,
  Space,
  Spin,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd'
import type { ColumnsType } from 'antd/es/table'
import { useEffect, useState } from 'react'
import { Link, useNavigate } from 'react-router-dom'
import { api, errorText } from '../../../api'
import { showError, showSuccess } from '../../../feedback'
import { formatTime } from '../../../format'
import { useFetch } from '../../../hooks'
import type { Page } from '../../../types'
import {
  GrantStatusTag,
  isOpen,
  MODE_LABELS,
  RunStatusTag,
  SCHEDULE_LABELS,
  TARGET_LABELS,
  TRIGGER_LABELS,
} from './labels'
import RunFiles from './RunFiles'
import RunProgress from './RunProgress'
import type { ExchangeJob, ExchangeRun } from './types'

const POLL_MS = 2000

/** One job: its settings, live progress of the current run, the run history and the files of file runs. */
export default function JobDetailPage({ id }: { id: string }) {
  const navigate = useNavigate()
  const [tick, setTick] = useState(0)
  const [page, setPage] = useState(1)
  const job = useFetch<ExchangeJob>(`/exchange/jobs/${id}`, undefined, tick)
  const runs = useFetch<Page<ExchangeRun>>(`/exchange/jobs/${id}/runs`, { page, pageSize: 10 }, tick)
  const [live, setLive] = useState<ExchangeRun | null>(null)
  const current = live ?? job.data?.lastRun ?? null
  const watching = current !== null && isOpen(current.status) ? current.id : null

  // Poll the open run; when it ends, reload the job and its history.
  useEffect(() => {
    if (!watching) return
    const timer = setInterval(async () => {
      try {
        const run = await api.get<ExchangeRun>(`/exchange/runs/${watching}`)
        setLive(run)
        if (!isOpen(run.status)) setTick((n) => n + 1)
      } catch {
        // A failed poll is retried at the next interval.
      }
    }, POLL_MS)
    return () => clearInterval(timer)
  }, [watching])

  const runNow = async () => {
    try {
      setLive(await api.post<ExchangeRun>(`/exchange/jobs/${id}/run`))
      showSuccess('已开始执行')
      setTick((n) => n + 1)
    } catch (err) {
      showError(err)
    }
  }
  const setEnabled = async (enabled: boolean) => {
    try {
      await api.patch<ExchangeJob>(`/exchange/jobs/${id}`, { enabled })
      setTick((n) => n + 1)
    } catch (err) {
      showError(err)
    }
  }
  const remove = async () => {
    try {
      await api.delete(`/exchange/jobs/${id}`)
      showSuccess('交换任务已删除')
      navigate('/sharing/exchange')
    } catch (err) {
      showError(err)
    }
  }

  if (job.error)
    return (
      <Result
        status={job.error.message.includes('不存在') ? '404' : 'warning'}
        title="无法查看该交换任务"
        subTitle={errorText(job.error)}
        extra={<Link to="/sharing/exchange">返回数据交换</Link>}
      />
    )
  if (!job.data) return <Spin style={{ display: 'block', margin: '80px auto' }} />
  const j = job.data

  const columns: ColumnsType<ExchangeRun> = [
    { title: '开始时间', dataIndex: 'createdAt', key: 'createdAt', width: 170, render: formatTime },
    {
      title: '触发',
      dataIndex: 'trigger',
      key: 'trigger',
      width: 80,
      render: (v: ExchangeRun['trigger']) => TRIGGER_LABELS[v],
    },
    {
      title: '状态',
      dataIndex: 'status',
      key: 'status',
      width: 90,
      render: (s: ExchangeRun['status']) => <RunStatusTag status={s} />,
    },
    { title: '进度', key: 'progress', width: 280, render: (_, run) => <RunProgress run={run} compact /> },
    {
      title: '水位区间',
      key: 'watermark',
      render: (_, run) =>
        j.mode === 'incremental' ? `${run.watermarkFrom ?? '起始'} → ${run.watermarkTo ?? '—'}` : '—',
    },
    {
      title: '错误',
      dataIndex: 'error',
      key: 'error',
      ellipsis: true,
      render: (v: string | null) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : '—'),
    },
    { title: '完成时间', dataIndex: 'finishedAt', key: 'finishedAt', width: 170, render: formatTime },
  ]

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/sharing/exchange')} />
            {j.name}
            <GrantStatusTag status={j.grantStatus} />
          </Space>
        }
        extra={
          <Space>
            {j.canManage && (
              <Space size={4}>
                <span>定时执行</span>
                <Switch
                  checked={j.enabled}
                  disabled={j.schedule === 'manual'}
                  onChange={(v) => void setEnabled(v)}
                />
              </Space>
            )}
            {j.canRun && (
              <Button
                type="primary"
                icon={<PlayCircleOutlined />}
                disabled={watching !== null || j.grantStatus !== 'active'}
                onClick={() => void runNow()}
              >
                立即执行
              </Button>
            )}
            {j.canManage && (
              <Popconfirm
                title="删除该交换任务？"
                description="已生成的交付文件将一并删除；目标数据库中的数据不受影响。"
                okText="删除"
                okButtonProps={{ danger: true }}
                onConfirm={() => void remove()}
              >
                <Button danger icon={<DeleteOutlined />} disabled={current?.status === 'running'}>
                  删除
                </Button>
              </Popconfirm>
            )}
          </Space>
        }
      >
        {j.grantStatus !== 'active' && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            message="授权当前不可用，任务不会执行。"
          />
        )}
        <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
          <Descriptions.Item label="数据资源">
            <Link to={`/catalog/${j.resourceId}`}>{j.resourceName ?? j.resourceCode}</Link>（{j.resourceCode}
            ）
          </Descriptions.Item>
          <Descriptions.Item label="提供方 → 使用方">
            {j.providerOrgName ?? '—'} → {j.consumerOrgName ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label="交付目标">
            {j.target ? (
              <Typography.Text code>
                {j.target.host}:{j.target.port}/{j.target.database} · {j.target.schema}.{j.target.table}
              </Typography.Text>
            ) : (
              `${TARGET_LABELS.file}（${j.fileFormat === 'jsonl' ? 'JSON Lines' : 'CSV'}，gzip）`
            )}
          </Descriptions.Item>
          <Descriptions.Item label="交换方式">
            {MODE_LABELS[j.mode]}
            {j.mode === 'incremental' &&
              `（水位字段 ${j.watermarkField}，已交付至 ${j.lastWatermark ?? '—'}）`}
          </Descriptions.Item>
          <Descriptions.Item label="信息项" span={2}>
            {j.fields.map((f) => (
              <Tag key={f} color={j.maskedFields.includes(f) ? 'orange' : undefined}>
                {f}
                {j.maskedFields.includes(f) ? '（脱敏）' : ''}
              </Tag>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label="行范围">
            {j.rowScope ? `${j.rowScope.field} 属于 ${j.rowScope.regionCode}` : '全部'}
          </Descriptions.Item>
          <Descriptions.Item label="执行计划">
            {SCHEDULE_LABELS[j.schedule]}
            {j.cron && j.schedule === 'cron' ? `（${j.cron}）` : ''}
            {j.enabled && j.nextRunAt ? `，下次 ${formatTime(j.nextRunAt)}` : ''}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {current && isOpen(current.status) && (
        <Card title="当前执行进度" size="small">
          <RunProgress run={current} />
        </Card>
      )}
      <Card title="执行记录" size="small">
        <Table<ExchangeRun>
          rowKey="id"
          size="small"
          loading={runs.loading && !runs.data}
          columns={columns}
          dataSource={(runs.data?.items ?? []).map((run) => (live && run.id === live.id ? live : run))}
          scroll={{ x: 1000 }}
          locale={{ emptyText: '尚未执行。点击「立即执行」开始第一次交换。' }}
          expandable={
            j.targetKind === 'file'
              ? {
                  rowExpandable: (run) => run.fileCount > 0,
                  expandedRowRender: (run) => <RunFiles runId={run.id} canDownload={j.canManage} />,
                }
              : undefined
          }
          pagination={{ current: page, pageSize: 10, total: runs.data?.total ?? 0, onChange: setPage }}
        />
      </Card>
    </Space>
  )
}
