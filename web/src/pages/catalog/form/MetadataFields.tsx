import { Col, DatePicker, Form, Input, Row, Select, Switch } from 'antd'
import OrgSelect from '../../../components/OrgSelect'
import type { ResourceDetail } from '../../../types'
import {
  CATEGORY_DIGIT,
  CATEGORY_LABELS,
  FORMAT_LABELS,
  FREQUENCY_LABELS,
  OPEN_TYPE_LABELS,
  optionsOf,
  SHARE_TYPE_LABELS,
} from '../labels'
import type { FormValues } from './formValues'

const RESOURCE_CODE = /^[1-3][0-9]{5}[0-9]*\/[0-9]{1,12}$/

/** The national core metadata of a resource; conditional inputs follow the share and open types. */
export default function MetadataFields({ existing }: { existing: ResourceDetail | null }) {
  const form = Form.useFormInstance<FormValues>()
  const shareType = Form.useWatch('shareType', form)
  const openType = Form.useWatch('openType', form)
  const half = { xs: 24, md: 12 }
  return (
    <Row gutter={16}>
      <Col xs={24} md={16}>
        <Form.Item
          name="name"
          label="信息资源名称"
          rules={[
            { required: true, whitespace: true, message: '请输入信息资源名称' },
            { max: 200, message: '最多 200 个字符' },
          ]}
        >
          <Input placeholder="如：户籍人口基本信息" maxLength={200} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        {existing ? (
          <Form.Item label="信息资源代码">
            <Input value={existing.code} disabled />
          </Form.Item>
        ) : (
          <Form.Item
            name="code"
            label="信息资源代码"
            extra="留空则按分类码自动生成"
            rules={[{ pattern: RESOURCE_CODE, message: '应形如 101001/000001' }]}
          >
            <Input placeholder="自动生成" style={{ fontFamily: 'monospace' }} />
          </Form.Item>
        )}
      </Col>
      <Col span={24}>
        <Form.Item name="summary" label="信息资源摘要" rules={[{ max: 2000, message: '最多 2000 个字符' }]}>
          <Input.TextArea rows={3} showCount maxLength={2000} placeholder="资源内容、范围、用途的简要说明" />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name="category" label="资源分类" rules={[{ required: true, message: '请选择资源分类' }]}>
          <Select options={optionsOf(CATEGORY_LABELS)} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item
          name="classCode"
          label="分类码（类+项+目+细目）"
          dependencies={['category']}
          rules={[
            { required: true, message: '请输入分类码' },
            { pattern: /^[1-3][0-9]{5}[0-9]*$/, message: '应为 类1位+项2位+目3位+细目，如 101001' },
            ({ getFieldValue }) => ({
              validator: (_, value?: string) => {
                const digit = CATEGORY_DIGIT[getFieldValue('category') as keyof typeof CATEGORY_DIGIT]
                return !value || !digit || value.startsWith(digit)
                  ? Promise.resolve()
                  : Promise.reject(new Error(`分类码首位应为 ${digit}（与资源分类一致）`))
              },
            }),
          ]}
        >
          <Input placeholder="如 301001" style={{ fontFamily: 'monospace' }} maxLength={20} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name="className" label="分类名称">
          <Input placeholder="如：部门信息资源/公安/治安" maxLength={200} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name="format" label="资源格式" rules={[{ required: true, message: '请选择资源格式' }]}>
          <Select options={optionsOf(FORMAT_LABELS)} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item
          name="updateFrequency"
          label="更新周期"
          rules={[{ required: true, message: '请选择更新周期' }]}
        >
          <Select options={optionsOf(FREQUENCY_LABELS)} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name="publishDate" label="发布日期" extra="留空则在发布时取当日">
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item name="shareType" label="共享类型" rules={[{ required: true, message: '请选择共享类型' }]}>
          <Select options={optionsOf(SHARE_TYPE_LABELS)} />
        </Form.Item>
      </Col>
      <Col {...half}>
        {shareType !== 'none' && (
          <Form.Item name="shareMethod" label="共享方式">
            <Input placeholder="如：共享平台接口、库表交换" maxLength={200} />
          </Form.Item>
        )}
      </Col>
      {shareType && shareType !== 'unconditional' && (
        <Col span={24}>
          <Form.Item
            name="shareCondition"
            label={shareType === 'none' ? '不予共享依据' : '共享条件'}
            rules={[
              {
                required: true,
                whitespace: true,
                message:
                  shareType === 'none' ? '不予共享须填写法律法规或政策依据' : '有条件共享须填写共享条件',
              },
            ]}
          >
            <Input.TextArea rows={2} maxLength={1000} showCount />
          </Form.Item>
        </Col>
      )}
      <Col {...half}>
        <Form.Item name="openType" label="开放类型" rules={[{ required: true, message: '请选择开放类型' }]}>
          <Select options={optionsOf(OPEN_TYPE_LABELS)} />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item name="operable" label="纳入授权运营目录" valuePropName="checked">
          <Switch checkedChildren="是" unCheckedChildren="否" />
        </Form.Item>
      </Col>
      {openType === 'conditional' && (
        <Col span={24}>
          <Form.Item
            name="openCondition"
            label="开放条件"
            rules={[{ required: true, whitespace: true, message: '有条件开放须填写开放条件' }]}
          >
            <Input.TextArea rows={2} maxLength={1000} showCount />
          </Form.Item>
        </Col>
      )}
      <Col {...half}>
        <Form.Item name="sourceOrgId" label="数源部门" extra="数据的权威产生部门，可选">
          <OrgSelect initialLabel={existing?.sourceOrgName} placeholder="搜索并选择数源部门" />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item
          name="relatedCodes"
          label="关联资源代码"
          rules={[
            {
              validator: (_, value?: string[]) =>
                (value ?? []).every((c) => RESOURCE_CODE.test(c.trim()))
                  ? Promise.resolve()
                  : Promise.reject(new Error('关联资源代码应形如 101001/000001')),
            },
          ]}
        >
          <Select
            mode="tags"
            placeholder="输入资源代码后回车"
            tokenSeparators={[',', '，', ' ']}
            open={false}
          />
        </Form.Item>
      </Col>
    </Row>
  )
}
