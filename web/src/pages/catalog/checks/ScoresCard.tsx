import { Card, Progress, Table } from 'antd'
import { formatTime } from '../../../format'
import { useFetch } from '../../../hooks'
import type { OrgCheckScore, Page } from '../../../types'
import { LoadState } from '../states'

function color(score: number): string {
  return score >= 90 ? '#52c41a' : score >= 70 ? '#faad14' : '#ff4d4f'
}

/** Score per org from the latest run, lowest first. */
export default function ScoresCard({
  query,
  reloadKey,
}: {
  query: { orgId?: string; regionCode?: string }
  reloadKey: number
}) {
  const scores = useFetch<Page<OrgCheckScore>>(
    '/catalog/checks/scores',
    { ...query, pageSize: 100 },
    reloadKey,
  )
  const items = scores.data?.items ?? []
  return (
    <Card size="small" title="单位质检得分">
      <LoadState
        loading={scores.loading && !scores.data}
        error={scores.error}
        what="质检得分"
        onRetry={scores.reload}
        empty={!items.length}
        emptyText="尚未质检，点击「立即质检」"
      >
        <Table<OrgCheckScore>
          rowKey="orgId"
          size="small"
          dataSource={items}
          pagination={items.length > 10 ? { pageSize: 10, showSizeChanger: false, size: 'small' } : false}
          columns={[
            { title: '单位', dataIndex: 'orgName', key: 'orgName' },
            {
              title: '得分',
              dataIndex: 'score',
              key: 'score',
              width: 150,
              render: (s: number) => (
                <Progress
                  percent={s}
                  size="small"
                  strokeColor={color(s)}
                  format={(p) => (p ?? 0).toFixed(1)}
                />
              ),
            },
            {
              title: '错误/警告/提示',
              key: 'counts',
              width: 120,
              render: (_, r) => `${r.errorCount} / ${r.warningCount} / ${r.infoCount}`,
            },
            { title: '资源数', dataIndex: 'resourceCount', key: 'resourceCount', width: 70 },
            { title: '质检时间', dataIndex: 'computedAt', key: 'computedAt', width: 165, render: formatTime },
          ]}
        />
      </LoadState>
    </Card>
  )
}
