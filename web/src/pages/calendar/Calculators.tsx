import { CalculatorOutlined } from '@ant-design/icons'
import { Button, Card, DatePicker, Form, InputNumber, Result, Space, Typography } from 'antd'
import type { Dayjs } from 'dayjs'
import { useState } from 'react'
import { api } from '../../api'
import { showError } from '../../feedback'
import { beijingToday, dayjs, weekdayName } from '../../format'

const DAY = 'YYYY-MM-DD'

export function DueDateCalculator() {
  const [result, setResult] = useState<{ from: string; days: number; date: string } | null>(null)
  const [busy, setBusy] = useState(false)

  const onFinish = async (values: { from: Dayjs; days: number }) => {
    setBusy(true)
    try {
      const from = values.from.format(DAY)
      const res = await api.get<{ date: string }>('/calendar/add-working-days', { from, days: values.days })
      setResult({ from, days: values.days, date: res.date })
    } catch (err) {
      showError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Card title="计算到期日" size="small">
      <Form
        layout="inline"
        initialValues={{ from: beijingToday(), days: 20 }}
        onFinish={onFinish}
        style={{ rowGap: 12 }}
      >
        <Form.Item name="from" label="起算日" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker allowClear={false} />
        </Form.Item>
        <Form.Item name="days" label="工作日数" rules={[{ required: true, message: '请输入天数' }]}>
          <InputNumber min={0} max={3650} precision={0} style={{ width: 110 }} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<CalculatorOutlined />} loading={busy}>
            计算
          </Button>
        </Form.Item>
      </Form>
      {result && (
        <Result
          status="success"
          style={{ padding: '24px 0 0' }}
          title={
            <span data-testid="due-date">
              到期日：{result.date}（{weekdayName(result.date)}）
            </span>
          }
          subTitle={`自 ${result.from} 起 ${result.days} 个工作日（不含法定节假日，含调休上班日）`}
        />
      )}
    </Card>
  )
}

export function WorkingDaysCounter() {
  const [result, setResult] = useState<{ from: string; to: string; workingDays: number } | null>(null)
  const [busy, setBusy] = useState(false)

  const onFinish = async (values: { range: [Dayjs, Dayjs] }) => {
    setBusy(true)
    try {
      const from = values.range[0].format(DAY)
      const to = values.range[1].format(DAY)
      const res = await api.get<{ workingDays: number }>('/calendar/working-days', { from, to })
      setResult({ from, to, workingDays: res.workingDays })
    } catch (err) {
      showError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Card title="统计工作日" size="small">
      <Form
        layout="inline"
        initialValues={{ range: [dayjs().startOf('month'), dayjs().endOf('month')] }}
        onFinish={onFinish}
        style={{ rowGap: 12 }}
      >
        <Form.Item name="range" label="日期范围" rules={[{ required: true, message: '请选择日期范围' }]}>
          <DatePicker.RangePicker allowClear={false} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<CalculatorOutlined />} loading={busy}>
            统计
          </Button>
        </Form.Item>
      </Form>
      {result && (
        <Space orientation="vertical" style={{ marginTop: 16 }}>
          <Typography.Text>
            {result.from} 至 {result.to}
          </Typography.Text>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="working-days">
            共 {result.workingDays} 个工作日
          </Typography.Title>
        </Space>
      )}
    </Card>
  )
}
