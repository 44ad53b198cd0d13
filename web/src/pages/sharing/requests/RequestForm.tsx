import {
  AutoComplete,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Radio,
  Row,
  Select,
  Space,
} from 'antd'
import { useState } from 'react'
import { useNavigate, useSearchParams } from 'react-router-dom'
import { api } from '../../../api'
import { useUser } from '../../../auth'
import RegionTreeSelect from '../../../components/RegionTreeSelect'
import { showFormError, showSuccess } from '../../../feedback'
import { beijingToday, type dayjs } from '../../../format'
import { useDebounced, useFetch } from '../../../hooks'
import type { Org, Page, Resource, ResourceDetail } from '../../../types'
import { SHARE_TYPE_LABELS } from '../../catalog/labels'
import { LoadState } from '../../catalog/states'
import AppSelect from './AppSelect'
import { DELIVERY_MODE_LABELS } from './labels'
import type { DeliveryMode, ShareRequestDetail } from './types'

const SCENARIOS = [
  '高效办成一件事·新生儿出生',
  '高效办成一件事·企业开办',
  '高效办成一件事·退休',
  '高效办成一件事·不动产登记',
  '高效办成一件事·残疾人服务',
  '高效办成一件事·社会保障卡居民服务',
]

interface Values {
  appId: string
  fields: string[]
  purpose: string
  scenario: string
  legalBasis: string
  deliveryMode: DeliveryMode
  period: [dayjs.Dayjs, dayjs.Dayjs]
  scopeField?: string
  scopeRegion?: string
}

/** Searches the shared catalog (共享目录) for the resource to request. */
function ResourcePicker({ onPick }: { onPick: (id: string) => void }) {
  const [search, setSearch] = useState('')
  const q = useDebounced(search.trim(), 300)
  const list = useFetch<Page<Resource>>('/catalog/resources', {
    view: 'share',
    q: q || undefined,
    pageSize: 20,
  })
  return (
    <Card title="申请共享：选择数据资源">
      <Select
        showSearch={{ filterOption: false, onSearch: setSearch }}
        style={{ width: '100%' }}
        placeholder="搜索共享目录中的数据资源"
        loading={list.loading}
        onChange={(id: string) => onPick(id)}
        options={(list.data?.items ?? []).map((r) => ({
          value: r.id,
          label: `${r.name}（${r.orgName}，${SHARE_TYPE_LABELS[r.shareType]}）`,
        }))}
        notFoundContent={<Empty description="没有匹配的可共享资源" />}
      />
    </Card>
  )
}

function RequestFormBody({ resource }: { resource: ResourceDetail }) {
  const navigate = useNavigate()
  const user = useUser()
  const [form] = Form.useForm<Values>()
  const [saving, setSaving] = useState(false)
  const org = useFetch<Org>(`/orgs/${user.orgId}`)
  const scopeField = Form.useWatch('scopeField', form)

  const submit = async (v: Values) => {
    setSaving(true)
    try {
      const created = await api.post<ShareRequestDetail>('/share-requests', {
        resourceId: resource.id,
        appId: v.appId,
        fields: v.fields,
        purpose: v.purpose.trim(),
        scenario: v.scenario.trim(),
        legalBasis: v.legalBasis.trim(),
        deliveryMode: v.deliveryMode,
        periodStart: v.period[0].format('YYYY-MM-DD'),
        periodEnd: v.period[1].format('YYYY-MM-DD'),
        ...(v.scopeField && v.scopeRegion
          ? { rowScope: { field: v.scopeField, regionCode: v.scopeRegion } }
          : {}),
      })
      showSuccess(created.status === 'approved' ? '无条件共享，已自动授权' : '申请已提交，等待提供方审核')
      navigate(`/sharing/requests/${created.id}`)
    } catch (err) {
      showFormError(form, err)
    } finally {
      setSaving(false)
    }
  }

  return (
    <Card title="申请共享">
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2 }}
        style={{ marginBottom: 24 }}
        items={[
          { key: 'name', label: '数据资源', children: `${resource.name}（${resource.code}）` },
          { key: 'org', label: '提供单位', children: resource.orgName },
          { key: 'type', label: '共享类型', children: SHARE_TYPE_LABELS[resource.shareType] },
          { key: 'cond', label: '共享条件', children: resource.shareCondition || '—' },
        ]}
      />
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{ deliveryMode: 'api', period: [beijingToday(), beijingToday().add(1, 'year')] }}
        data-testid="share-request-form"
      >
        <Row gutter={24}>
          <Col xs={24} md={12}>
            <Form.Item
              name="appId"
              label="使用应用"
              rules={[{ required: true, message: '请选择本单位的 API 应用' }]}
            >
              <AppSelect />
            </Form.Item>
            <Form.Item
              name="fields"
              label={
                <Space>
                  申请的信息项
                  <Button
                    size="small"
                    type="link"
                    onClick={() =>
                      form.setFieldValue(
                        'fields',
                        resource.fields.map((f) => f.code),
                      )
                    }
                  >
                    全选
                  </Button>
                </Space>
              }
              rules={[
                {
                  required: true,
                  type: 'array',
                  min: 1,
                  message: '至少选择一个信息项（按需申请，最小够用）',
                },
              ]}
            >
              <Checkbox.Group style={{ width: '100%' }}>
                <Row>
                  {resource.fields.map((f) => (
                    <Col span={12} key={f.code}>
                      <Checkbox value={f.code}>
                        {f.name} <span style={{ color: '#999' }}>{f.code}</span>
                      </Checkbox>
                    </Col>
                  ))}
                </Row>
              </Checkbox.Group>
            </Form.Item>
            <Form.Item name="deliveryMode" label="使用方式">
              <Radio.Group
                options={Object.entries(DELIVERY_MODE_LABELS).map(([value, label]) => ({ value, label }))}
              />
            </Form.Item>
            <Form.Item
              name="period"
              label="使用期限（最长三年）"
              rules={[{ required: true, message: '请选择使用期限' }]}
            >
              <DatePicker.RangePicker
                style={{ width: '100%' }}
                disabledDate={(d) => d.isBefore(beijingToday(), 'day')}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="purpose"
              label="用途"
              rules={[{ required: true, whitespace: true, min: 2, message: '请说明数据的具体用途' }]}
            >
              <Input.TextArea
                rows={3}
                maxLength={500}
                showCount
                placeholder="如：新生儿出生医学证明与户口登记联办时核验父母身份"
              />
            </Form.Item>
            <Form.Item
              name="scenario"
              label="应用场景"
              rules={[{ required: true, whitespace: true, min: 2, message: '请填写应用场景' }]}
            >
              <AutoComplete
                options={SCENARIOS.map((value) => ({ value }))}
                placeholder="如：高效办成一件事·新生儿出生"
              />
            </Form.Item>
            <Form.Item
              name="legalBasis"
              label="依据"
              rules={[{ required: true, whitespace: true, min: 2, message: '请填写法律法规或政策依据' }]}
            >
              <Input.TextArea rows={2} maxLength={500} showCount placeholder="法律法规、政策文件名称及条款" />
            </Form.Item>
            <Form.Item
              label="行级范围（可选）"
              extra="仅共享所选信息项中区划代码位于本单位辖区内的记录（回流 / 直达基层）"
            >
              <Space.Compact style={{ width: '100%' }}>
                <Form.Item name="scopeField" noStyle>
                  <Select
                    allowClear
                    style={{ width: '45%' }}
                    placeholder="区划代码所在信息项"
                    options={resource.fields.map((f) => ({ value: f.code, label: `${f.name}（${f.code}）` }))}
                  />
                </Form.Item>
                <Form.Item
                  name="scopeRegion"
                  noStyle
                  rules={[{ required: Boolean(scopeField), message: '请选择行政区划' }]}
                >
                  <RegionTreeSelect
                    style={{ width: '55%' }}
                    rootCode={org.data?.regionCode ?? null}
                    disabled={!scopeField}
                    placeholder="行政区划"
                  />
                </Form.Item>
              </Space.Compact>
            </Form.Item>
          </Col>
        </Row>
        <Space>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="submit-share-request">
            提交申请
          </Button>
          <Button onClick={() => navigate(-1)}>取消</Button>
        </Space>
      </Form>
    </Card>
  )
}

/** /sharing/requests/new?resource=<id>: the request form, prefilled from a catalog entry. */
export default function RequestForm() {
  const [params, setParams] = useSearchParams()
  const resourceId = params.get('resource')
  const detail = useFetch<ResourceDetail>(resourceId ? `/catalog/resources/${resourceId}` : null)
  if (!resourceId) return <ResourcePicker onPick={(id) => setParams({ resource: id })} />
  return (
    <LoadState
      loading={detail.loading && !detail.data}
      error={detail.error}
      what="数据资源"
      onRetry={detail.reload}
    >
      {detail.data && <RequestFormBody key={detail.data.id} resource={detail.data} />}
    </LoadState>
  )
}
