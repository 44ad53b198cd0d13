import { Alert, Button, Card, Cascader, Form, Input, Result, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { Link } from 'react-router-dom'
import { api, errorText } from '../../api'
import { showFormError } from '../../feedback'
import type { Region } from '../../types'
import { CREDIT_CODE_FORMAT, creditCodeChecksumOk } from '../orgs/creditCode'

interface Values {
  name: string
  creditCode: string
  /** The chosen path; the last code is sent. */
  regionCode: string[]
  contactName: string
  contactMobile: string
  username: string
  password: string
  confirm: string
}

interface RegionOption {
  value: string
  label: string
  isLeaf: boolean
  children?: RegionOption[]
}

const toOption = (r: Region): RegionOption => ({ value: r.code, label: r.name, isLeaf: !r.hasChildren })

/** Regions load level by level from the public list (GB/T 2260). */
function useRegions() {
  const [options, setOptions] = useState<RegionOption[]>([])
  const [error, setError] = useState<string>()
  useEffect(() => {
    api
      .get<{ items: Region[] }>('/public/regions')
      .then((res) => setOptions(res.items.map(toOption)))
      .catch((err: unknown) => setError(errorText(err)))
  }, [])
  const load = async (path: RegionOption[]) => {
    const target = path[path.length - 1]
    if (!target) return
    try {
      const res = await api.get<{ items: Region[] }>('/public/regions', { parent: target.value })
      target.children = res.items.map(toOption)
      setOptions((prev) => [...prev])
    } catch (err) {
      setError(errorText(err))
    }
  }
  return { options, load, error }
}

function creditCodeRule(_: unknown, raw: string | undefined) {
  const code = (raw ?? '').trim().toUpperCase()
  if (!code) return Promise.resolve()
  if (!CREDIT_CODE_FORMAT.test(code))
    return Promise.reject(new Error('应为 18 位数字或大写字母（不含 I、O、S、V、Z）'))
  if (!creditCodeChecksumOk(code)) return Promise.reject(new Error('校验位不正确，请核对营业执照'))
  return Promise.resolve()
}

/** 企业注册 (public): a company signs up to buy operation products; the data bureau of its region verifies it. */
export default function EnterpriseRegisterPage() {
  const [form] = Form.useForm<Values>()
  const regions = useRegions()
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState<string | null>(null)

  if (done)
    return (
      <Result
        status="success"
        title="注册已提交，等待认证"
        subTitle={`所在地数据局将核对「${done}」的营业执照与统一社会信用代码。认证通过后，即可用注册的用户名和密码登录控制台采购产品；未通过时，登录页会提示原因。`}
        extra={[
          <Link key="login" to="/login">
            前往登录
          </Link>,
          <Link key="op" to="/public/operation">
            查看授权运营公开信息
          </Link>,
        ]}
      />
    )

  const submit = async (v: Values) => {
    setBusy(true)
    try {
      await api.post('/public/enterprises', {
        name: v.name.trim(),
        creditCode: v.creditCode.trim().toUpperCase(),
        regionCode: v.regionCode[v.regionCode.length - 1],
        contactName: v.contactName.trim(),
        contactMobile: v.contactMobile.trim(),
        username: v.username.trim(),
        password: v.password,
      })
      setDone(v.name.trim())
    } catch (err) {
      showFormError(form, err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Card title="企业注册" style={{ maxWidth: 720, margin: '0 auto' }}>
      <Typography.Paragraph type="secondary">
        企业注册后可采购公共数据授权运营产品和服务。提交后由企业所在地数据局核对营业执照与统一社会信用代码，认证通过后方可登录。
      </Typography.Paragraph>
      {regions.error && (
        <Alert
          type="error"
          showIcon
          title={`行政区划加载失败：${regions.error}`}
          style={{ marginBottom: 16 }}
        />
      )}
      <Form<Values> form={form} layout="vertical" onFinish={submit} requiredMark="optional">
        <Form.Item
          name="name"
          label="企业名称"
          rules={[
            { required: true, whitespace: true, message: '请填写企业名称' },
            { min: 2, max: 100, message: '企业名称为 2–100 个字符' },
          ]}
        >
          <Input placeholder="与营业执照一致" />
        </Form.Item>
        <Form.Item
          name="creditCode"
          label="统一社会信用代码"
          rules={[
            { required: true, whitespace: true, message: '请填写统一社会信用代码' },
            { validator: creditCodeRule },
          ]}
        >
          <Input
            placeholder="18 位，如 91430300MA4XXXXXXX"
            maxLength={18}
            style={{ textTransform: 'uppercase' }}
          />
        </Form.Item>
        <Form.Item name="regionCode" label="所在地" rules={[{ required: true, message: '请选择企业所在地' }]}>
          <Cascader<RegionOption>
            options={regions.options}
            loadData={(path) => void regions.load(path)}
            changeOnSelect
            placeholder="选择省、市、区县"
          />
        </Form.Item>
        <Form.Item
          name="contactName"
          label="联系人"
          rules={[{ required: true, whitespace: true, message: '请填写联系人' }, { max: 64 }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="contactMobile"
          label="联系手机"
          rules={[
            { required: true, message: '请填写联系手机' },
            { pattern: /^1[3-9]\d{9}$/, message: '请填写 11 位手机号' },
          ]}
        >
          <Input maxLength={11} />
        </Form.Item>
        <Form.Item
          name="username"
          label="管理员用户名"
          extra="认证通过后用于登录控制台"
          rules={[
            { required: true, message: '请填写用户名' },
            { pattern: /^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$/, message: '2–64 位字母、数字或 . _ @ -' },
          ]}
        >
          <Input autoComplete="username" />
        </Form.Item>
        <Form.Item
          name="password"
          label="密码"
          rules={[
            { required: true, message: '请设置密码' },
            {
              validator: (_, p: string | undefined) =>
                !p || (p.length >= 8 && /[A-Za-z]/.test(p) && /\d/.test(p))
                  ? Promise.resolve()
                  : Promise.reject(new Error('密码至少 8 位，须同时包含字母和数字')),
            },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label="确认密码"
          dependencies={['password']}
          rules={[
            { required: true, message: '请再次输入密码' },
            ({ getFieldValue }) => ({
              validator: (_, v: string | undefined) =>
                !v || v === getFieldValue('password')
                  ? Promise.resolve()
                  : Promise.reject(new Error('两次输入的密码不一致')),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} block>
          提交注册
        </Button>
      </Form>
    </Card>
  )
}
