import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
} from 'antd'
import { useState } from 'react'
import { api } from '../../api'
import { useUser } from '../../auth'
import { showError, showFormError, showSuccess } from '../../feedback'
import { beijingToday } from '../../format'
import { useFetch } from '../../hooks'
import type { Page } from '../../types'
import { AnnualReportSubmission, ReportReminders } from './AnnualReportSubmission'
import { yuan } from './labels'

interface Report {
  operatorOrgName: string
  year: number
  dueDate: string
  cost: string
  subsidies: string
  netCost: string
  bondYieldBp: number
  profitRateBp: number
  allowedProfit: string
  tax: string
  carryOver: string
  maxRevenue: string
  revenue: string
  profit: string
  deviationBp: number | null
  outcomeLabel: string
  excess: string | null
  products: {
    code: string
    name: string
    useClass: string
    unitLabel: string
    price: string
    priceCap: string | null
    orders: number
    quantity: string
    amount: string
  }[]
}

const pct = (bp: number) => `${(bp / 100).toFixed(2)}%`

/**
 * Maximum allowed revenue, the yearly deviation check and the annual report (due 31 March): its submission by the
 * authorizer and the reminders before and after the due day. Revenue counts invoices on issue, void ones excluded.
 */
export default function RevenuePage() {
  const user = useUser()
  const isOperator = user.roles.includes('operator_staff')
  const authorizer = user.roles.includes('bureau_admin')
  const operators = useFetch<Page<{ id: string; name: string }>>(isOperator ? null : '/orgs', {
    type: 'operator',
    pageSize: 200,
  })
  const [operatorOrgId, setOperator] = useState<string | undefined>(isOperator ? user.orgId : undefined)
  const [year, setYear] = useState(beijingToday().year())
  const [tick, setTick] = useState(0)
  const [setting, setSetting] = useState(false)
  const [form] = Form.useForm()
  const report = useFetch<Report>(
    operatorOrgId ? '/operation/reports/annual' : null,
    { operatorOrgId, year },
    tick,
  )
  const check = async () => {
    try {
      const r = await api.post<{ outcome: string }>('/operation/revenue-caps/check', { operatorOrgId, year })
      showSuccess(
        `核查完成：${r.outcome === 'cap_adjustment_flagged' ? '偏差超过 10%，须调整上限价' : '偏差在 10% 以内'}`,
      )
      setTick((n) => n + 1)
    } catch (err) {
      showError(err)
    }
  }
  const submit = async () => {
    const v = await form.validateFields()
    try {
      await api.post('/operation/revenue-caps', {
        operatorOrgId,
        year,
        cost: v.cost,
        subsidies: v.subsidies,
        tax: v.tax,
        bondYieldBp: Math.round(v.bondYield * 100),
        profitRateBp: Math.round(v.profitRate * 100),
        ...(v.carryOver ? { carryOver: v.carryOver } : {}),
      })
      showSuccess('最高准许收入已核定')
      setSetting(false)
      setTick((n) => n + 1)
    } catch (err) {
      showFormError(form, err)
    }
  }
  const r = report.data
  const href = (format: string) =>
    `/api/v1/operation/reports/annual?operatorOrgId=${operatorOrgId}&year=${year}&format=${format}`
  return (
    <Card title="价格与收入（政府指导价）">
      <ReportReminders />
      <Space wrap style={{ marginBottom: 16 }}>
        {!isOperator && (
          <Select
            placeholder="选择运营机构"
            style={{ width: 260 }}
            value={operatorOrgId}
            onChange={setOperator}
            options={(operators.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
          />
        )}
        <InputNumber value={year} min={2000} max={2100} onChange={(v) => v && setYear(v)} addonAfter="年度" />
        {authorizer && operatorOrgId && <Button onClick={() => setSetting(true)}>核定最高准许收入</Button>}
        {authorizer && r && <Button onClick={check}>年度偏差核查</Button>}
        {r && <a href={href('xlsx')}>下载报告（Excel）</a>}
        {r && <a href={href('pdf')}>下载报告（PDF）</a>}
      </Space>
      {!operatorOrgId ? (
        <Empty description="请选择运营机构" />
      ) : !r ? (
        <Empty description={report.loading ? '加载中' : '该年度最高准许收入尚未核定'} />
      ) : (
        <>
          <Alert
            type={r.deviationBp !== null && Math.abs(r.deviationBp) > 1000 ? 'warning' : 'info'}
            showIcon
            message={`${r.outcomeLabel}；年度报告须于 ${r.dueDate} 前报送`}
            style={{ marginBottom: 12 }}
          />
          <Descriptions bordered size="small" column={3}>
            <Descriptions.Item label="运营成本">{yuan(r.cost)}</Descriptions.Item>
            <Descriptions.Item label="财政补贴">{yuan(r.subsidies)}</Descriptions.Item>
            <Descriptions.Item label="核定成本">{yuan(r.netCost)}</Descriptions.Item>
            <Descriptions.Item label="国债收益率">{pct(r.bondYieldBp)}</Descriptions.Item>
            <Descriptions.Item label="准许收益率">{pct(r.profitRateBp)}</Descriptions.Item>
            <Descriptions.Item label="准许收益">{yuan(r.allowedProfit)}</Descriptions.Item>
            <Descriptions.Item label="税金">{yuan(r.tax)}</Descriptions.Item>
            <Descriptions.Item label="结转扣减">{yuan(r.carryOver)}</Descriptions.Item>
            <Descriptions.Item label="最高准许收入">{yuan(r.maxRevenue)}</Descriptions.Item>
            <Descriptions.Item label="实际收入">{yuan(r.revenue)}</Descriptions.Item>
            <Descriptions.Item label="利润">{yuan(r.profit)}</Descriptions.Item>
            <Descriptions.Item label="偏差率">
              {r.deviationBp === null ? '—' : pct(r.deviationBp)}
            </Descriptions.Item>
          </Descriptions>
          <Table
            style={{ marginTop: 12 }}
            rowKey="code"
            size="small"
            pagination={false}
            dataSource={r.products}
            locale={{ emptyText: <Empty description="暂无产品" /> }}
            columns={[
              { title: '产品', dataIndex: 'name', key: 'n' },
              { title: '用途', dataIndex: 'useClass', key: 'u' },
              { title: '执行价', key: 'p', render: (_, p) => `${yuan(p.price)}/${p.unitLabel}` },
              { title: '上限价', dataIndex: 'priceCap', key: 'c', render: yuan },
              { title: '订单', dataIndex: 'orders', key: 'o' },
              { title: '数量', dataIndex: 'quantity', key: 'q' },
              { title: '收入', dataIndex: 'amount', key: 'a', render: yuan },
            ]}
          />
          <AnnualReportSubmission operatorOrgId={operatorOrgId} year={year} authorizer={authorizer} />
        </>
      )}
      <Modal
        title={`核定 ${year} 年度最高准许收入`}
        open={setting}
        onCancel={() => setSetting(false)}
        onOk={submit}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ subsidies: '0', tax: '0', bondYield: 1.68, profitRate: 7.68 }}
        >
          <Form.Item name="cost" label="运营成本（元）" rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="subsidies" label="财政补贴（元）" rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="bondYield" label="上年 10 年期国债平均收益率（%）" rules={[{ required: true }]}>
            <InputNumber min={0} max={30} precision={2} />
          </Form.Item>
          <Form.Item
            name="profitRate"
            label="准许收益率（%，不超过国债收益率 + 6）"
            rules={[{ required: true }]}
          >
            <InputNumber min={0} max={100} precision={2} />
          </Form.Item>
          <Form.Item name="tax" label="税金（元）" rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="carryOver" label="上一周期超额收入结转扣减（元，不填按上年核查结果）">
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  )
}
