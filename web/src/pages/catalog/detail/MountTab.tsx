import { DisconnectOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Descriptions, Popconfirm, Progress, Space, Table, Tabs, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { ApiError, api } from '../../../api'
import { showError, showSuccess } from '../../../feedback'
import { formatTime } from '../../../format'
import { useFetch } from '../../../hooks'
import type { MountInfo, MountLoad, MountLoadProblem, MountStatus } from '../../../types'
import { isNotBuilt } from '../http'
import { Building, LoadState } from '../states'
import { MountBadge } from '../tags'
import { ExternalMount, UploadMount } from './MountForms'
import PreviewTable from './PreviewTable'

const KIND_LABELS: Record<string, string> = {
  datastore: '平台数据表（文件载入）',
  postgres: '外部 PostgreSQL 表',
  http: '外部 API 接口',
}
const CONFIG_LABELS: Record<string, string> = {
  table: '表名',
  schema: '模式',
  url: '地址',
  host: '主机',
  database: '数据库',
  fileName: '文件名',
  format: '格式',
  mode: '不合格行',
  encoding: '编码',
}
const CONFIG_VALUES: Record<string, string> = { reject: '整体拒绝', skip: '跳过' }
const UNMOUNTED: MountInfo = {
  kind: null,
  status: 'unmounted',
  config: null,
  rowCount: null,
  lastLoadedAt: null,
  error: null,
}

function LoadProgress({ load }: { load: MountLoad }) {
  const running = load.status === 'running'
  const done = load.rowsLoaded + load.rowsRejected
  const percent = running ? (load.rowsRead ? Math.min(99, Math.round((done / load.rowsRead) * 100)) : 0) : 100
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text strong>最近一次载入（{load.format.toUpperCase()}）</Typography.Text>
      <Progress
        percent={percent}
        status={running ? 'active' : load.status === 'failed' ? 'exception' : 'success'}
        data-testid="mount-progress"
      />
      <Typography.Text type="secondary">
        已读取 {load.rowsRead} 行，载入 {load.rowsLoaded} 行，不合格 {load.rowsRejected} 行 · 开始于{' '}
        {formatTime(load.startedAt)}
      </Typography.Text>
      {load.error && <Alert type="error" showIcon title={load.error} />}
      {load.problems.length > 0 && (
        <Table<MountLoadProblem>
          size="small"
          rowKey={(p) => `${p.row}:${p.column}:${p.message}`}
          dataSource={load.problems}
          pagination={load.problems.length > 10 ? { pageSize: 10, size: 'small' } : false}
          columns={[
            { title: '行', dataIndex: 'row', key: 'row', width: 80 },
            {
              title: '列',
              dataIndex: 'column',
              key: 'column',
              width: 140,
              render: (v: string | null) => v ?? '—',
            },
            { title: '问题', key: 'message', render: (_, p) => p.messageZh || p.message },
          ]}
        />
      )}
    </Space>
  )
}

function MountSummary({ info }: { info: MountInfo }) {
  const config = Object.entries(info.config ?? {}).filter(([, v]) => v !== null && v !== '')
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, md: 2 }}
      items={[
        { key: 'status', label: '挂接状态', children: <MountBadge status={info.status} /> },
        { key: 'kind', label: '挂接方式', children: info.kind ? (KIND_LABELS[info.kind] ?? info.kind) : '—' },
        { key: 'rows', label: '数据行数', children: info.rowCount ?? '—' },
        { key: 'loaded', label: '最近载入', children: formatTime(info.lastLoadedAt) },
        { key: 'data', label: '最近数据更新', children: formatTime(info.lastDataUpdateAt) },
        {
          key: 'config',
          label: '配置',
          children: config.length
            ? config
                .map(
                  ([k, v]) =>
                    `${CONFIG_LABELS[k] ?? k}：${typeof v === 'object' ? JSON.stringify(v) : (CONFIG_VALUES[String(v)] ?? String(v))}`,
                )
                .join('；')
            : '—',
        },
      ]}
    />
  )
}

/** 挂接与预览: current mount, ways to (re)mount for the resource's stewards, and the data preview. */
interface Props {
  id: string
  canEdit: boolean
  /** The status the detail page shows; when the mount answers otherwise the page reloads the resource. */
  mountStatus: MountStatus
  onMountChanged: () => void
}

export default function MountTab({ id, canEdit, mountStatus, onMountChanged }: Props) {
  const [tick, setTick] = useState(0)
  const [uploading, setUploading] = useState(false)
  const mount = useFetch<MountInfo>(`/catalog/resources/${id}/mount`, undefined, tick)
  const running = uploading || mount.data?.lastLoad?.status === 'running'
  // biome-ignore lint/correctness/useExhaustiveDependencies: each new answer schedules the next poll
  useEffect(() => {
    if (!running) return
    const timer = setTimeout(() => setTick((n) => n + 1), 1000)
    return () => clearTimeout(timer)
  }, [running, mount.data])

  const current = mount.data?.status
  useEffect(() => {
    if (current && current !== mountStatus) onMountChanged()
  }, [current, mountStatus, onMountChanged])

  if (mount.error && isNotBuilt(mount.error)) return <Building what="数据挂接" />
  // A resource that was never mounted may answer 404 with a catalog code: show it as 未挂接.
  const never = mount.error instanceof ApiError && mount.error.status === 404
  const info = mount.data ?? (never ? UNMOUNTED : undefined)
  const unmount = async () => {
    try {
      await api.delete<void>(`/catalog/resources/${id}/mount`)
      showSuccess('已取消挂接')
      setTick((n) => n + 1)
    } catch (err) {
      showError(err)
    }
  }
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <LoadState
        loading={mount.loading && !info}
        error={never ? null : mount.error}
        what="挂接信息"
        onRetry={mount.reload}
      >
        {info && (
          <Card
            size="small"
            title="挂接状态"
            extra={
              canEdit &&
              info.status !== 'unmounted' && (
                <Popconfirm
                  title="取消挂接后预览和挂接率将不再统计此资源，确认？"
                  onConfirm={unmount}
                  okText="取消挂接"
                  cancelText="保留"
                >
                  <Button size="small" danger icon={<DisconnectOutlined />}>
                    取消挂接
                  </Button>
                </Popconfirm>
              )
            }
          >
            <Space orientation="vertical" style={{ width: '100%' }}>
              <MountSummary info={info} />
              {info.error && <Alert type="error" showIcon title="挂接异常" description={info.error} />}
              {info.lastLoad && <LoadProgress load={info.lastLoad} />}
            </Space>
          </Card>
        )}
      </LoadState>
      {canEdit && (
        <Card size="small" title="挂接数据">
          <Tabs
            items={[
              {
                key: 'upload',
                label: '上传文件',
                children: <UploadMount id={id} onBusy={setUploading} onDone={() => setTick((n) => n + 1)} />,
              },
              {
                key: 'external',
                label: '外部数据源',
                children: (
                  <ExternalMount id={id} current={info ?? null} onSaved={() => setTick((n) => n + 1)} />
                ),
              },
            ]}
          />
        </Card>
      )}
      <Card size="small" title="数据预览（前 50 行，敏感信息项已脱敏）">
        <PreviewTable id={id} reloadKey={running ? -1 : tick} />
      </Card>
    </Space>
  )
}
