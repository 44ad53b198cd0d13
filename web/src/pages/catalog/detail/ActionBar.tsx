import { DeleteOutlined, EditOutlined, RollbackOutlined, SendOutlined } from '@ant-design/icons'
import { Button, Popconfirm, Space } from 'antd'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router-dom'
import { api } from '../../../api'
import { useAuth } from '../../../auth'
import { showError, showSuccess } from '../../../feedback'
import type { ResourceDetail } from '../../../types'
import type { Permissions } from './permissions'
import ReturnModal from './ReturnModal'

type Step = 'submit' | 'publish' | 'retire' | 'revise'

const DONE: Record<Step, string> = {
  submit: '已提交审核',
  publish: '已发布',
  retire: '已下线',
  revise: '已撤回为草稿，可修订后重新提交',
}

interface Props {
  resource: ResourceDetail
  can: Permissions
  onChanged: (next: ResourceDetail | null) => void
}

/** The lifecycle buttons the signed-in user may use on this resource in its current status. */
export default function ActionBar({ resource, can, onChanged }: Props) {
  const navigate = useNavigate()
  const [busy, setBusy] = useState<string | null>(null)
  const [returning, setReturning] = useState(false)
  const { status } = resource
  const { hasRole } = useAuth()

  const run = async (step: Step) => {
    setBusy(step)
    try {
      const next = await api.post<ResourceDetail>(`/catalog/resources/${resource.id}/${step}`)
      showSuccess(DONE[step])
      onChanged(next)
    } catch (err) {
      showError(err)
    } finally {
      setBusy(null)
    }
  }

  const remove = async () => {
    setBusy('delete')
    try {
      await api.delete<void>(`/catalog/resources/${resource.id}`)
      showSuccess('草稿已删除')
      onChanged(null)
      navigate('/catalog')
    } catch (err) {
      showError(err)
      setBusy(null)
    }
  }

  const editable = status === 'draft' || status === 'returned'
  return (
    <Space wrap>
      {status === 'published' &&
        resource.shareType !== 'none' &&
        !can.edit &&
        hasRole('data_steward', 'org_admin') && (
          <Link to={`/sharing/requests/new?resource=${resource.id}`}>
            <Button type="primary" icon={<SendOutlined />} data-testid="request-share">
              申请共享
            </Button>
          </Link>
        )}
      {can.edit && editable && (
        <Button icon={<EditOutlined />} onClick={() => navigate(`/catalog/${resource.id}/edit`)}>
          编辑
        </Button>
      )}
      {can.edit && editable && (
        <Popconfirm
          title="提交后由数据局审核，确认提交？"
          onConfirm={() => run('submit')}
          okText="提交"
          cancelText="取消"
        >
          <Button type="primary" icon={<SendOutlined />} loading={busy === 'submit'}>
            提交审核
          </Button>
        </Popconfirm>
      )}
      {can.review && status === 'submitted' && (
        <Popconfirm
          title="发布后将生成不可变版本，确认发布？"
          onConfirm={() => run('publish')}
          okText="发布"
          cancelText="取消"
        >
          <Button type="primary" loading={busy === 'publish'}>
            发布
          </Button>
        </Popconfirm>
      )}
      {can.review && status === 'submitted' && (
        <Button danger onClick={() => setReturning(true)}>
          退回
        </Button>
      )}
      {can.review && status === 'published' && (
        <Popconfirm
          title="下线后不再出现在共享/开放目录中，确认下线？"
          onConfirm={() => run('retire')}
          okText="下线"
          cancelText="取消"
        >
          <Button danger loading={busy === 'retire'}>
            下线
          </Button>
        </Popconfirm>
      )}
      {can.edit && (status === 'published' || status === 'retired') && (
        <Popconfirm
          title="撤回为草稿后可修改，重新发布将生成新版本。确认？"
          onConfirm={() => run('revise')}
          okText="撤回修订"
          cancelText="取消"
        >
          <Button icon={<RollbackOutlined />} loading={busy === 'revise'}>
            撤回修订
          </Button>
        </Popconfirm>
      )}
      {can.edit && status === 'draft' && resource.version === 0 && (
        <Popconfirm
          title="删除后不可恢复，确认删除此草稿？"
          onConfirm={remove}
          okText="删除"
          okButtonProps={{ danger: true }}
          cancelText="取消"
        >
          <Button danger icon={<DeleteOutlined />} loading={busy === 'delete'}>
            删除草稿
          </Button>
        </Popconfirm>
      )}
      <ReturnModal
        open={returning}
        resourceId={resource.id}
        onClose={() => setReturning(false)}
        onReturned={(next) => {
          setReturning(false)
          onChanged(next)
        }}
      />
    </Space>
  )
}
