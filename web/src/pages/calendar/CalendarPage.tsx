import { Card, Col, Row, Table } from 'antd'
import type { ColumnsType } from 'antd/es/table'
import { formatTime } from '../../format'
import { useFetch } from '../../hooks'
import type { CalendarYear, ItemList } from '../../types'
import { DueDateCalculator, WorkingDaysCounter } from './Calculators'

const columns: ColumnsType<CalendarYear> = [
  { title: '年份', dataIndex: 'year', key: 'year', width: 90 },
  { title: '数据来源', dataIndex: 'source', key: 'source' },
  { title: '法定节假日（天）', dataIndex: 'holidays', key: 'holidays', width: 150 },
  { title: '调休上班日（天）', dataIndex: 'adjustedWorkdays', key: 'adjustedWorkdays', width: 150 },
  { title: '加载时间', dataIndex: 'loadedAt', key: 'loadedAt', width: 180, render: formatTime },
]

export default function CalendarPage() {
  const years = useFetch<ItemList<CalendarYear>>('/calendar/years')

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={12}>
        <DueDateCalculator />
      </Col>
      <Col xs={24} xl={12}>
        <WorkingDaysCounter />
      </Col>
      <Col span={24}>
        <Card title="已加载的节假日年份" size="small">
          <Table<CalendarYear>
            rowKey="year"
            size="small"
            loading={years.loading}
            columns={columns}
            dataSource={years.data?.items ?? []}
            pagination={false}
            locale={{ emptyText: years.error ? `加载失败：${years.error.message}` : '暂无节假日数据' }}
          />
        </Card>
      </Col>
    </Row>
  )
}
