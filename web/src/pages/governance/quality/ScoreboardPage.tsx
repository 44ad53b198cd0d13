import { Alert, Card, Col, Row, Segmented, Table } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router-dom'
import { errorText } from '../../../api'
import { formatTime } from '../../../format'
import { useFetch } from '../../../hooks'
import { ScoreBars, TrendChart } from './charts'
import { DIMENSION_LABELS, DIMENSIONS, scoreColor } from './labels'
import type { Scoreboard, ScoreRow } from './types'

type By = 'org' | 'region' | 'resource'

/** 质量评分: latest scores rolled up by org, region or resource (lowest first), with the 30-day trend. */
export default function ScoreboardPage() {
  const [by, setBy] = useState<By>('org')
  const board = useFetch<Scoreboard>('/quality/scoreboard', { by })
  const items = board.data?.items ?? []
  return (
    <Card
      title="质量评分"
      extra={
        <Segmented
          value={by}
          onChange={(v) => setBy(v as By)}
          options={[
            { value: 'org', label: '按单位' },
            { value: 'region', label: '按地区' },
            { value: 'resource', label: '按资源' },
          ]}
        />
      }
    >
      {board.error && (
        <Alert type="error" showIcon message={errorText(board.error)} style={{ marginBottom: 12 }} />
      )}
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col span={14}>
          <Card size="small" title="最新得分（由低到高）">
            <ScoreBars rows={items.slice(0, 20).map((r) => ({ name: r.name, score: r.score }))} />
          </Card>
        </Col>
        <Col span={10}>
          <Card size="small" title="近 30 天稽查得分趋势（日均）">
            <TrendChart
              points={(board.data?.trend ?? []).map((t) => ({ label: t.date.slice(5), score: t.score }))}
              height={260}
            />
          </Card>
        </Col>
      </Row>
      <Table<ScoreRow>
        rowKey="key"
        size="middle"
        loading={board.loading}
        dataSource={items}
        locale={{ emptyText: '范围内暂无稽查结果' }}
        pagination={{ pageSize: 20, showTotal: (n) => `共 ${n} 项` }}
        columns={[
          {
            title: by === 'org' ? '单位' : by === 'region' ? '行政区划' : '资源',
            dataIndex: 'name',
            render: (v: string, r) =>
              by === 'resource' ? <Link to={`/governance/quality/resources/${r.key}`}>{v}</Link> : v,
          },
          ...(by === 'resource' ? [] : [{ title: '资源数', dataIndex: 'resources' }]),
          {
            title: '综合得分',
            dataIndex: 'score',
            sorter: (a: ScoreRow, b: ScoreRow) => (a.score ?? 0) - (b.score ?? 0),
            render: (v: number | null) => <b style={{ color: scoreColor(v) }}>{v ?? '—'}</b>,
          },
          ...DIMENSIONS.map((d) => ({
            title: DIMENSION_LABELS[d],
            key: d,
            render: (_: unknown, r: ScoreRow) => r.scores[d] ?? '—',
          })),
          { title: '未办结工单', dataIndex: 'openTickets' },
          { title: '最近稽查', dataIndex: 'lastRunAt', render: formatTime },
        ]}
      />
    </Card>
  )
}
