import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Result,
  Row,
  Space,
  Spin,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd'
import { BarChart } from 'echarts/charts'
import { GridComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { useState } from 'react'
import { Link, useParams } from 'react-router-dom'
import { ApiError, errorText } from '../../api'
import { formatTime } from '../../format'
import { useFetch } from '../../hooks'
import { CATEGORY_LABELS, DATA_TYPE_LABELS, FREQUENCY_LABELS } from '../catalog/labels'
import EChart from '../catalog/ledger/EChart'
import ApplyModal from './ApplyModal'
import { developerToken } from './devApi'
import { encodeCode, MIRROR_STATUS, OpenTypeTag } from './labels'
import type { ResourcePage } from './types'

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer])

const FORMAT_NAMES: Record<string, string> = { csv: 'CSV', json: 'JSON', xlsx: 'Excel (XLSX)' }

function Chart({ chart }: { chart: NonNullable<ResourcePage['chart']> }) {
  const option = {
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 16, bottom: 8, top: 24, containLabel: true },
    xAxis: {
      type: 'category',
      data: chart.points.map((p) => p.label),
      axisLabel: { interval: 0, rotate: chart.points.length > 6 ? 30 : 0 },
    },
    yAxis: { type: 'value' },
    series: [{ type: 'bar', name: chart.measureName ?? '行数', data: chart.points.map((p) => p.value) }],
  }
  return (
    <>
      <Typography.Text type="secondary">
        按「{chart.fieldName}」{chart.measureName ? `汇总「${chart.measureName}」` : '统计行数'}（前{' '}
        {chart.sampled} 行）
      </Typography.Text>
      <EChart option={option} style={{ height: 300 }} />
    </>
  )
}

/** Why an unconditionally open resource has nothing to download yet, in words for the public. */
function unavailableText(data: ResourcePage): string {
  if (data.unavailableReason !== 'portal.mirror_not_ready') return '该资源暂无可下载的数据。'
  if (data.mirror?.status === 'too_large')
    return '该资源数据量超过开放平台上限，暂不提供下载，可联系提供单位获取。'
  if (data.mirror?.status === 'failed')
    return '该资源的数据副本暂未生成成功，提供单位处理后即可下载，请稍后再试。'
  return '开放平台正在从提供单位复制该资源的数据，完成后即可预览和下载，请稍后刷新页面。'
}

/** A public resource page: metadata, masked preview, a simple chart, downloads, API and DCAT links, applying. */
export default function DatasetPage() {
  const { code = '' } = useParams()
  const page = useFetch<ResourcePage>(`/public/resources/${encodeCode(code)}`)
  const [applying, setApplying] = useState(false)
  if (page.error instanceof ApiError && page.error.status === 404)
    return (
      <Result
        status="404"
        title="开放数据资源不存在"
        extra={<Link to="/portal/datasets">返回开放目录</Link>}
      />
    )
  if (page.error) return <Alert type="error" showIcon message={errorText(page.error)} />
  const data = page.data
  if (!data) return <Spin style={{ display: 'block', margin: '80px auto' }} />
  const r = data.resource
  const columns = data.fields.map((f) => ({
    title: f.masked ? `${f.name}（脱敏）` : f.name,
    dataIndex: f.code,
    key: f.code,
    ellipsis: true,
    render: (v: unknown) => (v === null || v === undefined ? '' : String(v)),
  }))
  return (
    <div style={{ maxWidth: 1200, margin: '0 auto' }}>
      <Card style={{ marginBottom: 16 }}>
        <Space wrap align="center">
          <Typography.Title level={3} style={{ margin: 0 }}>
            {r.name}
          </Typography.Title>
          <OpenTypeTag type={r.openType} />
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {r.summary}
        </Typography.Paragraph>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label="资源代码">{r.code}</Descriptions.Item>
          <Descriptions.Item label="提供单位">{r.orgName}</Descriptions.Item>
          <Descriptions.Item label="资源分类">
            {CATEGORY_LABELS[r.category as keyof typeof CATEGORY_LABELS] ?? r.category}
          </Descriptions.Item>
          <Descriptions.Item label="更新频率">
            {FREQUENCY_LABELS[r.updateFrequency as keyof typeof FREQUENCY_LABELS] ?? r.updateFrequency}
          </Descriptions.Item>
          <Descriptions.Item label="发布时间">{formatTime(r.publishedAt)}</Descriptions.Item>
          <Descriptions.Item label="数据更新于">
            {data.dataUpdatedAt ? formatTime(data.dataUpdatedAt) : '—'}
            {data.mirror && data.mirror.status !== 'ready' && data.dataUpdatedAt && (
              <Tag style={{ marginLeft: 8 }}>{MIRROR_STATUS[data.mirror.status].label}</Tag>
            )}
          </Descriptions.Item>
          {r.openCondition && <Descriptions.Item label="开放条件">{r.openCondition}</Descriptions.Item>}
        </Descriptions>
        <Row gutter={16} style={{ marginTop: 8 }}>
          <Col xs={8}>
            <Statistic title="浏览" value={data.usage.views} />
          </Col>
          <Col xs={8}>
            <Statistic title="下载" value={data.usage.downloads} />
          </Col>
          <Col xs={8}>
            <Statistic title="接口调用" value={data.usage.apiCalls} />
          </Col>
        </Row>
      </Card>
      <Card title="获取数据" size="small" style={{ marginBottom: 16 }}>
        {data.downloadable ? (
          <Space wrap>
            {data.formats.map((f) => (
              <Button
                key={f}
                type={f === 'csv' ? 'primary' : 'default'}
                href={`/api/v1/public/resources/${encodeCode(r.code)}/download?format=${f}`}
              >
                下载 {FORMAT_NAMES[f] ?? f}
              </Button>
            ))}
          </Space>
        ) : r.openType === 'conditional' ? (
          <Space direction="vertical">
            <Typography.Text>
              有条件开放的数据须在线申请，经提供单位同意并签署开放协议后，通过隐私计算沙箱或受限下载获取。
            </Typography.Text>
            {developerToken() ? (
              <Button type="primary" onClick={() => setApplying(true)}>
                申请使用
              </Button>
            ) : (
              <Link
                to={`/portal/developer?next=${encodeURIComponent(`/portal/datasets/${encodeCode(r.code)}`)}`}
              >
                登录开发者账号后申请
              </Link>
            )}
          </Space>
        ) : (
          <Typography.Text type="secondary">{unavailableText(data)}</Typography.Text>
        )}
        <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
          {r.openType === 'open' && (
            <Descriptions.Item label="开放接口">
              <Typography.Text code copyable>{`GET ${data.apiUrl}?page=1&pageSize=20`}</Typography.Text>
              <Link to="/portal/developer" style={{ marginLeft: 8 }}>
                申请 API 密钥
              </Link>
            </Descriptions.Item>
          )}
          <Descriptions.Item label="DCAT 目录">
            <a href={data.dcatUrl} target="_blank" rel="noreferrer">
              {data.dcatUrl}
            </a>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {data.chart && (
        <Card title="数据概览" size="small" style={{ marginBottom: 16 }}>
          <Chart chart={data.chart} />
        </Card>
      )}
      <Card
        title="数据预览"
        size="small"
        style={{ marginBottom: 16 }}
        extra={data.preview.masked.length ? <Tag color="blue">个人信息已脱敏</Tag> : null}
      >
        {data.preview.rows.length ? (
          <Table
            size="small"
            rowKey={(_, i) => String(i)}
            columns={columns}
            dataSource={data.preview.rows}
            pagination={false}
            scroll={{ x: 'max-content' }}
          />
        ) : (
          <Empty
            description={
              r.openType === 'conditional'
                ? '有条件开放的数据不提供公开预览'
                : data.dataAvailable
                  ? '暂无数据'
                  : unavailableText(data)
            }
          />
        )}
      </Card>
      <Card title="信息项" size="small">
        <Table
          size="small"
          rowKey="code"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={data.fields}
          columns={[
            { title: '名称', dataIndex: 'name' },
            { title: '代码', dataIndex: 'code' },
            {
              title: '类型',
              dataIndex: 'dataType',
              render: (t: string) => DATA_TYPE_LABELS[t as keyof typeof DATA_TYPE_LABELS] ?? t,
            },
            { title: '说明', dataIndex: 'description' },
            {
              title: '公开方式',
              dataIndex: 'masked',
              render: (m: boolean) => (m ? <Tag color="blue">脱敏</Tag> : '原样'),
            },
          ]}
        />
      </Card>
      <ApplyModal resourceCode={r.code} open={applying} onClose={() => setApplying(false)} />
    </div>
  )
}
