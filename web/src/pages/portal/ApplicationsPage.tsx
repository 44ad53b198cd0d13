import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Input,
  InputNumber,
  Result,
  Space,
  Table,
  Timeline,
  Typography,
} from 'antd'
import { useCallback, useEffect, useState } from 'react'
import { Link, useParams } from 'react-router-dom'
import { errorText } from '../../api'
import { showError, showSuccess } from '../../feedback'
import { formatTime } from '../../format'
import type { Page } from '../../types'
import { devDownload, developerToken, devRequest } from './devApi'
import { DELIVERY_LABELS, DueText, historyLine, RequestStatusTag } from './labels'
import type { Cell, OpenRequest } from './types'

interface SandboxResult {
  status: string
  columns: string[]
  rows: Cell[][]
  suppressedGroups: number
  minGroupSize: number
  noisy: boolean
  epsilonRemaining: number
}

function SandboxEditor({ request }: { request: OpenRequest }) {
  const [sql, setSql] = useState(`SELECT COUNT(*) AS n FROM "${request.resourceCode}"`)
  const [epsilon, setEpsilon] = useState<number | null>(null)
  const [result, setResult] = useState<SandboxResult>()
  const [busy, setBusy] = useState(false)
  const run = async () => {
    setBusy(true)
    try {
      setResult(
        await devRequest<SandboxResult>('POST', `/public/portal/applications/${request.id}/sandbox/queries`, {
          sql,
          ...(epsilon ? { epsilon } : {}),
        }),
      )
    } catch (err) {
      showError(err)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Card size="small" title="隐私计算沙箱（可用不可见）" style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">
        只能运行聚合查询（COUNT、SUM、AVG 等，可 GROUP
        BY）；原始数据不出平台，过小的分组会被抑制，可选差分隐私噪声（消耗隐私预算）。
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">
        填写 ε 即为加噪查询：sum/avg 须写 CLAMPED BETWEEN 截断边界，不支持 min/max，例如{' '}
        <Typography.Text code>avg(nl CLAMPED BETWEEN 0 AND 100)</Typography.Text>。
      </Typography.Paragraph>
      <Input.TextArea
        rows={4}
        value={sql}
        onChange={(e) => setSql(e.target.value)}
        style={{ fontFamily: 'monospace' }}
      />
      <Space wrap style={{ marginTop: 8 }}>
        <InputNumber
          min={0.01}
          max={10}
          step={0.1}
          placeholder="ε（可选）"
          value={epsilon}
          onChange={setEpsilon}
        />
        <Button type="primary" onClick={run} loading={busy}>
          运行
        </Button>
      </Space>
      {result && (
        <div style={{ marginTop: 12 }}>
          <Typography.Text type="secondary">
            {result.suppressedGroups
              ? `抑制了 ${result.suppressedGroups} 个小于 ${result.minGroupSize} 的分组；`
              : ''}
            {result.noisy ? '结果含噪声；' : ''}剩余隐私预算 {result.epsilonRemaining}
          </Typography.Text>
          <Table
            size="small"
            rowKey={(_, i) => String(i)}
            pagination={false}
            scroll={{ x: 'max-content' }}
            columns={result.columns.map((c, i) => ({
              title: c,
              key: c,
              render: (_: unknown, row: Cell[]) => String(row[i] ?? ''),
            }))}
            dataSource={result.rows}
          />
        </div>
      )}
    </Card>
  )
}

function Detail({ id }: { id: string }) {
  const [data, setData] = useState<OpenRequest>()
  const [error, setError] = useState<unknown>(null)
  const [outcome, setOutcome] = useState('')
  const load = useCallback(() => {
    devRequest<OpenRequest>('GET', `/public/portal/applications/${id}`).then(setData).catch(setError)
  }, [id])
  useEffect(load, [load])
  const step = async (name: string, body?: unknown, done = '已办理') => {
    try {
      setData(await devRequest<OpenRequest>('POST', `/public/portal/applications/${id}/${name}`, body))
      showSuccess(done)
    } catch (err) {
      showError(err)
    }
  }
  if (error) return <Alert type="error" showIcon message={errorText(error)} />
  if (!data) return null
  return (
    <>
      <Card
        size="small"
        title={
          <Space>
            {data.resourceName}
            <RequestStatusTag status={data.status} />
          </Space>
        }
        style={{ marginBottom: 16 }}
      >
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label="资源代码">{data.resourceCode}</Descriptions.Item>
          <Descriptions.Item label="提供单位">{data.providerOrgName}</Descriptions.Item>
          <Descriptions.Item label="用途">{data.purpose}</Descriptions.Item>
          <Descriptions.Item label="应用场景">{data.scenario}</Descriptions.Item>
          <Descriptions.Item label="获取方式">{DELIVERY_LABELS[data.delivery]}</Descriptions.Item>
          <Descriptions.Item label="答复期限">
            <DueText due={data.replyDue} left={data.workingDaysLeft} overdue={data.overdue} />
          </Descriptions.Item>
          {data.decisionReason && (
            <Descriptions.Item label="不同意理由">{data.decisionReason}</Descriptions.Item>
          )}
          {data.agreementTerms && (
            <Descriptions.Item label="开放协议">{data.agreementTerms}</Descriptions.Item>
          )}
          {data.agreementUntil && (
            <Descriptions.Item label="协议截止">{data.agreementUntil}</Descriptions.Item>
          )}
          {data.outcomeReport && <Descriptions.Item label="成果反馈">{data.outcomeReport}</Descriptions.Item>}
        </Descriptions>
        <Space wrap style={{ marginTop: 8 }}>
          {data.status === 'approved' && (
            <Button type="primary" onClick={() => step('accept', undefined, '已签署开放协议')}>
              同意并签署开放协议
            </Button>
          )}
          {(data.status === 'pending' || data.status === 'approved') && (
            <Button onClick={() => step('withdraw', undefined, '已撤回')}>撤回申请</Button>
          )}
          {data.status === 'active' &&
            data.delivery === 'download' &&
            ['csv', 'json', 'xlsx'].map((f) => (
              <Button
                key={f}
                onClick={() =>
                  devDownload(
                    `/public/portal/applications/${id}/download?format=${f}`,
                    `${data.resourceName}.${f}`,
                  ).catch(showError)
                }
              >
                下载 {f.toUpperCase()}
              </Button>
            ))}
        </Space>
      </Card>
      {data.status === 'active' && data.delivery === 'sandbox' && <SandboxEditor request={data} />}
      {data.status === 'active' && (
        <Card size="small" title="反馈使用成果" style={{ marginBottom: 16 }}>
          <Input.TextArea
            rows={3}
            value={outcome}
            onChange={(e) => setOutcome(e.target.value)}
            maxLength={4000}
            placeholder="数据用于哪些产品、研究或服务，取得了什么成果"
          />
          <Button
            style={{ marginTop: 8 }}
            type="primary"
            disabled={outcome.trim().length < 4}
            onClick={() => step('outcome', { outcome }, '已反馈成果')}
          >
            提交成果
          </Button>
        </Card>
      )}
      <Card size="small" title="办理记录">
        <Timeline
          items={(data.history ?? []).map((h) => ({
            children: historyLine(h, formatTime(h.at)),
          }))}
        />
      </Card>
    </>
  )
}

/** The developer's open requests: a list, and one request with its agreement, delivery and outcome report. */
export default function ApplicationsPage() {
  const { id } = useParams()
  const [page, setPage] = useState(1)
  const [data, setData] = useState<Page<OpenRequest>>()
  const [error, setError] = useState<unknown>(null)
  useEffect(() => {
    if (id || !developerToken()) return
    devRequest<Page<OpenRequest>>('GET', '/public/portal/applications', undefined, { page, pageSize: 10 })
      .then(setData)
      .catch(setError)
  }, [id, page])
  if (!developerToken())
    return <Result status="403" title="请先登录开发者账号" extra={<Link to="/portal/developer">登录</Link>} />
  return (
    <div style={{ maxWidth: 1000, margin: '0 auto' }}>
      <Space style={{ marginBottom: 12 }}>
        <Link to="/portal/developer">开发者中心</Link>/
        <Link to="/portal/developer/applications">我的开放申请</Link>
      </Space>
      {id ? (
        <Detail id={id} />
      ) : (
        <Card size="small" title="我的开放申请">
          {error !== null && <Alert type="error" showIcon message={errorText(error)} />}
          <Table
            size="small"
            rowKey="id"
            loading={!data && error === null}
            dataSource={data?.items ?? []}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty description="还没有申请，可在有条件开放的数据资源页申请" /> }}
            pagination={
              data && data.total > 10
                ? { current: page, pageSize: 10, total: data.total, onChange: setPage }
                : false
            }
            columns={[
              {
                title: '数据资源',
                dataIndex: 'resourceName',
                render: (n: string, r) => <Link to={`/portal/developer/applications/${r.id}`}>{n}</Link>,
              },
              { title: '提供单位', dataIndex: 'providerOrgName' },
              {
                title: '状态',
                dataIndex: 'status',
                render: (s: OpenRequest['status']) => <RequestStatusTag status={s} />,
              },
              { title: '提交日期', dataIndex: 'createdOn' },
              {
                title: '答复期限',
                key: 'due',
                render: (_, r) =>
                  r.status === 'pending' ? (
                    <DueText due={r.replyDue} left={r.workingDaysLeft} overdue={r.overdue} />
                  ) : (
                    '-'
                  ),
              },
            ]}
          />
        </Card>
      )}
    </div>
  )
}
