import { SafetyCertificateOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Col, Empty, Row, Select, Space, Table } from 'antd'
import { useState } from 'react'
import { api } from '../../../api'
import OrgSelect from '../../../components/OrgSelect'
import RegionTreeSelect from '../../../components/RegionTreeSelect'
import { showError, showSuccess } from '../../../feedback'
import { formatTime } from '../../../format'
import { useFetch } from '../../../hooks'
import type { CheckResult, CheckRun, Page } from '../../../types'
import { isNotBuilt } from '../http'
import { Building } from '../states'
import { checkColumns, SEVERITY_LABELS } from './checkColumns'
import ScoresCard from './ScoresCard'

const CHECKS: { value: string; label: string }[] = [
  { value: 'missing_metadata', label: '核心元数据缺失' },
  { value: 'condition_missing', label: '共享条件或开放条件缺失' },
  { value: 'duplicate_name', label: '同一单位资源重名' },
  { value: 'duplicate_code', label: '资源代码重复' },
  { value: 'element_multi_source', label: '一数多源' },
  { value: 'field_type_incomplete', label: '信息项类型或长度缺失' },
  { value: 'published_unmounted', label: '已发布未挂接' },
  { value: 'stale', label: '数据更新不及时' },
  { value: 'mount_columns_mismatch', label: '信息项与挂接数据列不一致' },
]

/** 目录质检: findings of the latest run with filters, org scores, and a button to run now. */
export default function ChecksPage() {
  const [orgId, setOrgId] = useState<string>()
  const [regionCode, setRegionCode] = useState<string>()
  const [check, setCheck] = useState<string>()
  const [severity, setSeverity] = useState<string>()
  const [page, setPage] = useState(1)
  const [tick, setTick] = useState(0)
  const [running, setRunning] = useState(false)
  const [lastRun, setLastRun] = useState<CheckRun | null>(null)
  const results = useFetch<Page<CheckResult>>(
    '/catalog/checks',
    { orgId, regionCode, check, severity, page, pageSize: 20 },
    tick,
  )

  const run = async () => {
    setRunning(true)
    try {
      const res = await api.post<CheckRun>('/catalog/checks/run', {
        ...(orgId ? { orgId } : {}),
        ...(regionCode ? { regionCode } : {}),
      })
      setLastRun(res)
      showSuccess(`质检完成：检查 ${res.resourceCount} 个资源，发现 ${res.issueCount} 个问题`)
      setTick((n) => n + 1)
    } catch (err) {
      showError(isNotBuilt(err) ? new Error('目录质检功能建设中') : err)
    } finally {
      setRunning(false)
    }
  }

  if (results.error && isNotBuilt(results.error)) return <Building what="目录质检" />
  const filter =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v)
      setPage(1)
    }
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title="目录质检"
        extra={
          <Button
            type="primary"
            icon={<SafetyCertificateOutlined />}
            loading={running}
            onClick={() => void run()}
          >
            立即质检
          </Button>
        }
      >
        {lastRun && (
          <Alert
            type={lastRun.issueCount ? 'warning' : 'success'}
            showIcon
            style={{ marginBottom: 16 }}
            title={`${formatTime(lastRun.finishedAt ?? lastRun.startedAt)} 完成质检：${lastRun.resourceCount} 个资源，${lastRun.issueCount} 个问题`}
          />
        )}
        <Space wrap style={{ marginBottom: 16 }}>
          <OrgSelect
            value={orgId}
            onChange={filter(setOrgId)}
            placeholder="全部单位"
            style={{ width: 220 }}
          />
          <RegionTreeSelect
            value={regionCode}
            onChange={filter(setRegionCode)}
            allowClear
            placeholder="全部区划"
            style={{ width: 200 }}
          />
          <Select
            allowClear
            placeholder="全部质检项"
            options={CHECKS}
            value={check}
            onChange={filter(setCheck)}
            style={{ width: 220 }}
          />
          <Select
            allowClear
            placeholder="全部级别"
            options={Object.entries(SEVERITY_LABELS).map(([value, label]) => ({ value, label }))}
            value={severity}
            onChange={filter(setSeverity)}
            style={{ width: 120 }}
          />
        </Space>
        <Row gutter={16}>
          <Col xs={24} xxl={15}>
            <Table<CheckResult>
              rowKey={(c) => c.id ?? `${c.resourceId}:${c.check}`}
              size="small"
              loading={results.loading}
              dataSource={results.data?.items ?? []}
              columns={checkColumns({ withResource: true })}
              scroll={{ x: 900 }}
              locale={{
                emptyText: (
                  <Empty
                    description={results.error ? `加载失败：${results.error.message}` : '暂无质检问题'}
                  />
                ),
              }}
              pagination={{
                current: page,
                pageSize: 20,
                total: results.data?.total ?? 0,
                showSizeChanger: false,
                showTotal: (t) => `共 ${t} 个问题`,
                onChange: setPage,
              }}
            />
          </Col>
          <Col xs={24} xxl={9}>
            <ScoresCard query={{ orgId, regionCode }} reloadKey={tick} />
          </Col>
        </Row>
      </Card>
    </Space>
  )
}
