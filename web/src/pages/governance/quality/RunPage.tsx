import { Alert, Card, Col, Descriptions, Empty, Row, Space, Statistic, Table, Tag, Typography } from 'antd'
import { Link } from 'react-router-dom'
import { errorText } from '../../../api'
import { formatTime } from '../../../format'
import { useFetch } from '../../../hooks'
import { DimensionRadar, FailureChart } from './charts'
import { DIMENSION_LABELS, RULE_LABELS, scoreColor, TICKET_STATUS, TRIGGER_LABELS } from './labels'
import type { RuleResult, RunDetail } from './types'

function Samples({ result }: { result: RuleResult }) {
  if (!result.samples.length) return <Typography.Text type="secondary">无失败样例</Typography.Text>
  const keys = [...new Set(result.samples.flatMap((s) => Object.keys(s)))]
  return (
    <Table
      size="small"
      pagination={false}
      rowKey={(_, i) => String(i)}
      dataSource={result.samples}
      columns={keys.map((k) => ({
        title: k,
        dataIndex: k,
        render: (v: string | null) =>
          v === null ? <Typography.Text type="secondary">（空）</Typography.Text> : v,
      }))}
    />
  )
}

/** 稽查结果: scores per dimension, failure rate per rule, and masked failing samples with the ticket opened. */
export default function RunPage({ id }: { id: string }) {
  const run = useFetch<RunDetail>(`/quality/runs/${id}`)
  const r = run.data
  if (run.error) return <Alert type="error" showIcon message={errorText(run.error)} />
  if (!r) return <Card loading />
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Card
        title={`稽查结果 · ${r.resourceName}`}
        extra={<Link to={`/governance/quality/resources/${r.resourceId}`}>返回资源</Link>}
      >
        <Row gutter={16}>
          <Col span={6}>
            <Statistic title="综合得分" value={r.score ?? '—'} valueStyle={{ color: scoreColor(r.score) }} />
          </Col>
          <Col span={6}>
            <Statistic title="检查记录数" value={r.rowCount ?? 0} />
          </Col>
          <Col span={6}>
            <Statistic
              title="超阈值规则"
              value={r.results.filter((x) => x.breached).length}
              suffix={`/ ${r.results.length}`}
            />
          </Col>
          <Col span={6}>
            <Descriptions size="small" column={1}>
              <Descriptions.Item label="时间">{formatTime(r.startedAt)}</Descriptions.Item>
              <Descriptions.Item label="方式">{TRIGGER_LABELS[r.trigger] ?? r.trigger}</Descriptions.Item>
              <Descriptions.Item label="耗时">
                {r.durationMs === null ? '—' : `${(r.durationMs / 1000).toFixed(2)} 秒`}
              </Descriptions.Item>
            </Descriptions>
          </Col>
        </Row>
        {r.status === 'failed' && <Alert type="error" showIcon message={`稽查失败：${r.error ?? ''}`} />}
      </Card>
      <Row gutter={16}>
        <Col span={10}>
          <Card title="维度得分">
            {Object.keys(r.scores).length ? <DimensionRadar scores={r.scores} /> : <Empty />}
          </Card>
        </Col>
        <Col span={14}>
          <Card title="各规则失败率（红色为超过阈值）">
            <FailureChart results={r.results} />
          </Card>
        </Col>
      </Row>
      <Card title="规则明细">
        <Table<RuleResult>
          rowKey="ruleId"
          size="middle"
          pagination={false}
          dataSource={r.results}
          expandable={{
            expandedRowRender: (x) => <Samples result={x} />,
            rowExpandable: (x) => x.failed > 0,
          }}
          columns={[
            { title: '规则', dataIndex: 'name' },
            { title: '类型', dataIndex: 'type', render: (v: RuleResult['type']) => RULE_LABELS[v] },
            {
              title: '维度',
              dataIndex: 'dimension',
              render: (v: RuleResult['dimension']) => DIMENSION_LABELS[v],
            },
            { title: '检查', dataIndex: 'checked', render: (v: number) => v.toLocaleString('zh-CN') },
            { title: '失败', dataIndex: 'failed', render: (v: number) => v.toLocaleString('zh-CN') },
            { title: '失败率', dataIndex: 'failRate', render: (v: number) => `${(v * 100).toFixed(2)}%` },
            {
              title: '结果',
              key: 'state',
              render: (_: unknown, x) =>
                !x.evaluated ? (
                  <Tag title={x.note ?? ''}>未评价</Tag>
                ) : x.breached ? (
                  <Tag color="red">超阈值</Tag>
                ) : (
                  <Tag color="green">通过</Tag>
                ),
            },
            { title: '说明', dataIndex: 'note', render: (v: string | null) => v ?? '' },
            {
              title: '整改工单',
              dataIndex: 'ticket',
              render: (t: RuleResult['ticket']) =>
                t ? (
                  <Link to={`/governance/rectifications/${t.id}`}>
                    <Tag color={TICKET_STATUS[t.status].color}>{TICKET_STATUS[t.status].label}</Tag>
                  </Link>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      </Card>
    </Space>
  )
}
