import {
  Alert,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Segmented,
  Select,
  Space,
  Table,
} from 'antd'
import type { ColumnsType, SorterResult } from 'antd/es/table/interface'
import type { Dayjs } from 'dayjs'
import { useState } from 'react'
import { api } from '../../api'
import { useUser } from '../../auth'
import { showError, showFormError, showSuccess } from '../../feedback'
import { beijingToday } from '../../format'
import { useDebounced, useFetch } from '../../hooks'
import type { Page } from '../../types'
import { download } from './download'
import { InvoiceStateTag, yuan } from './labels'
import type { InvoiceItem } from './types'

type Sort =
  | 'issued_desc'
  | 'issued_asc'
  | 'due_asc'
  | 'due_desc'
  | 'amount_desc'
  | 'amount_asc'
  | 'number_asc'
const SORT_KEYS: Record<string, 'issued' | 'due' | 'amount' | 'number'> = {
  issuedOn: 'issued',
  dueOn: 'due',
  amount: 'amount',
  number: 'number',
}

function PayModal({ invoice, onClose }: { invoice: InvoiceItem | null; onClose: (done: boolean) => void }) {
  const [form] = Form.useForm()
  const submit = async () => {
    if (!invoice) return
    const v = await form.validateFields()
    try {
      await api.post(`/operation/invoices/${invoice.id}/pay`, {
        paymentRef: v.paymentRef.trim(),
        amount: v.amount.trim(),
        paidOn: (v.paidOn as Dayjs).format('YYYY-MM-DD'),
      })
      showSuccess('付款已登记')
      onClose(true)
    } catch (err) {
      showFormError(form, err)
    }
  }
  return (
    <Modal
      title={`登记付款：${invoice?.number ?? ''}`}
      open={invoice !== null}
      onCancel={() => onClose(false)}
      onOk={submit}
      okText="登记付款"
      destroyOnHidden
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        message={`应付金额 ${yuan(invoice?.amount ?? null)}；付款金额须与结算单金额一致`}
      />
      <Form form={form} layout="vertical" initialValues={{ amount: invoice?.amount, paidOn: beijingToday() }}>
        <Form.Item
          name="paymentRef"
          label="付款凭证号（银行流水号等）"
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="amount" label="付款金额（元）" rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="paidOn" label="到账日期" rules={[{ required: true }]}>
          <DatePicker disabledDate={(d) => d.isAfter(beijingToday(), 'day')} />
        </Form.Item>
      </Form>
    </Modal>
  )
}

function VoidModal({ invoice, onClose }: { invoice: InvoiceItem | null; onClose: (done: boolean) => void }) {
  const [form] = Form.useForm()
  const submit = async () => {
    if (!invoice) return
    const v = await form.validateFields()
    try {
      await api.post(`/operation/invoices/${invoice.id}/void`, { reason: v.reason.trim() })
      showSuccess('结算单已作废，收益分配已冲销')
      onClose(true)
    } catch (err) {
      showFormError(form, err)
    }
  }
  return (
    <Modal
      title={`作废结算单：${invoice?.number ?? ''}`}
      open={invoice !== null}
      onCancel={() => onClose(false)}
      onOk={submit}
      okText="作废"
      okButtonProps={{ danger: true }}
      destroyOnHidden
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 12 }}
        message="只能作废未付款的结算单；作废后不计入收入、偏差核查和年度报告，不可恢复。"
      />
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label="作废原因" rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea maxLength={500} rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  )
}

/** Invoices (结算单): state tags, filters, payment and voiding by the operator, PDF and Excel downloads. */
export default function InvoicesPage() {
  const user = useUser()
  const isOperator = user.roles.includes('operator_staff')
  const isBuyer = user.roles.includes('data_steward') || user.roles.includes('org_admin')
  const bureau = user.roles.some((r) => r === 'bureau_admin' || r === 'reviewer' || r === 'auditor')
  const sides = [
    ...(isOperator ? [{ value: 'sales', label: '本机构开具' }] : []),
    ...(isBuyer ? [{ value: 'purchases', label: '本单位应付' }] : []),
    ...(bureau ? [{ value: 'region', label: '辖区全部' }] : []),
  ]
  const [side, setSide] = useState(sides[0]?.value ?? 'purchases')
  const [state, setState] = useState<string>('all')
  const [period, setPeriod] = useState<[Dayjs, Dayjs] | null>(null)
  const [q, setQ] = useState('')
  const [sort, setSort] = useState<Sort>('issued_desc')
  const [page, setPage] = useState(1)
  const [tick, setTick] = useState(0)
  const [paying, setPaying] = useState<InvoiceItem | null>(null)
  const [voiding, setVoiding] = useState<InvoiceItem | null>(null)
  const query = useDebounced(q)
  const filter = {
    side,
    state: state === 'issued' || state === 'paid' || state === 'void' ? state : undefined,
    overdue: state === 'overdue' ? true : undefined,
    periodFrom: period?.[0].format('YYYY-MM-DD'),
    periodTo: period?.[1].format('YYYY-MM-DD'),
    q: query || undefined,
    sort,
  }
  const list = useFetch<Page<InvoiceItem>>('/operation/invoices', { ...filter, page, pageSize: 20 }, tick)
  const done = (changed: boolean) => {
    setPaying(null)
    setVoiding(null)
    if (changed) setTick((n) => n + 1)
  }
  const pdf = (i: InvoiceItem) =>
    download(`/operation/invoices/${i.id}.pdf`, undefined, `结算单-${i.number}.pdf`).catch(showError)
  const exportXlsx = () => download('/operation/invoices/export', filter, '结算单.xlsx').catch(showError)
  const order = (key: string) =>
    sort.startsWith(`${SORT_KEYS[key]}_`) ? (sort.endsWith('asc') ? 'ascend' : 'descend') : null
  const columns: ColumnsType<InvoiceItem> = [
    {
      title: '结算单号',
      dataIndex: 'number',
      key: 'number',
      width: 190,
      sorter: true,
      sortOrder: order('number'),
    },
    {
      title: '状态',
      key: 'state',
      width: 80,
      render: (_, i) => <InvoiceStateTag state={i.state} overdue={i.overdue} />,
    },
    { title: '产品', dataIndex: 'productName', key: 'product' },
    {
      title: side === 'sales' ? '采购单位' : side === 'purchases' ? '运营机构' : '运营机构 → 采购单位',
      key: 'party',
      render: (_, i) =>
        side === 'sales'
          ? i.buyerOrgName
          : side === 'purchases'
            ? i.operatorOrgName
            : `${i.operatorOrgName} → ${i.buyerOrgName}`,
    },
    { title: '计费期', key: 'period', width: 200, render: (_, i) => `${i.periodStart} 至 ${i.periodEnd}` },
    {
      title: '金额',
      dataIndex: 'amount',
      key: 'amount',
      width: 110,
      sorter: true,
      sortOrder: order('amount'),
      render: yuan,
    },
    {
      title: '开具日',
      dataIndex: 'issuedOn',
      key: 'issuedOn',
      width: 110,
      sorter: true,
      sortOrder: order('issuedOn'),
    },
    {
      title: '到期日',
      dataIndex: 'dueOn',
      key: 'dueOn',
      width: 110,
      sorter: true,
      sortOrder: order('dueOn'),
    },
    {
      title: '操作',
      key: 'ops',
      width: 190,
      render: (_, i) => (
        <Space size={4}>
          <Button size="small" onClick={() => void pdf(i)}>
            PDF
          </Button>
          {isOperator && i.operatorOrgId === user.orgId && i.state === 'issued' && (
            <>
              <Button size="small" type="primary" onClick={() => setPaying(i)}>
                登记付款
              </Button>
              <Button size="small" danger onClick={() => setVoiding(i)}>
                作废
              </Button>
            </>
          )}
        </Space>
      ),
    },
  ]
  const onSort = (s: SorterResult<InvoiceItem> | SorterResult<InvoiceItem>[]) => {
    const one = Array.isArray(s) ? s[0] : s
    const key = SORT_KEYS[String(one?.columnKey ?? '')]
    if (!key || !one?.order) setSort('issued_desc')
    else if (key === 'number') setSort('number_asc')
    else setSort(`${key}_${one.order === 'ascend' ? 'asc' : 'desc'}` as Sort)
    setPage(1)
  }
  return (
    <Card title="结算单" extra={<Button onClick={() => void exportXlsx()}>导出 Excel</Button>}>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        message="结算单是收费结算凭证，不是增值税发票。收入按开具确认；作废的结算单不计入收入、偏差核查和年度报告。"
      />
      <Space wrap style={{ marginBottom: 16 }}>
        {sides.length > 1 && (
          <Segmented
            value={side}
            options={sides}
            onChange={(v) => {
              setSide(String(v))
              setPage(1)
            }}
          />
        )}
        <Select
          value={state}
          style={{ width: 130 }}
          onChange={(v) => {
            setState(v)
            setPage(1)
          }}
          options={[
            { value: 'all', label: '全部状态' },
            { value: 'issued', label: '已开具' },
            { value: 'overdue', label: '逾期未付' },
            { value: 'paid', label: '已付款' },
            { value: 'void', label: '已作废' },
          ]}
        />
        <DatePicker.RangePicker
          placeholder={['计费期起', '计费期止']}
          value={period}
          onChange={(v) => {
            setPeriod(v?.[0] && v[1] ? [v[0], v[1]] : null)
            setPage(1)
          }}
        />
        <Input.Search
          allowClear
          placeholder="结算单号、订单号或产品"
          value={q}
          onChange={(e) => {
            setQ(e.target.value)
            setPage(1)
          }}
          style={{ width: 240 }}
        />
      </Space>
      <Table
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty description="暂无结算单" /> }}
        onChange={(_p, _f, s) => onSort(s)}
        expandable={{
          rowExpandable: (i) => i.state !== 'issued',
          expandedRowRender: (i) =>
            i.state === 'paid'
              ? `付款日期 ${i.paidOn ?? ''}，凭证号 ${i.paymentRef ?? ''}`
              : `作废原因：${i.voidReason ?? ''}`,
        }}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          onChange: setPage,
          showTotal: (n) => `共 ${n} 项`,
        }}
      />
      <PayModal invoice={paying} onClose={done} />
      <VoidModal invoice={voiding} onClose={done} />
    </Card>
  )
}
