import { Button, Popconfirm, Space } from 'antd'
import { useState } from 'react'
import { api } from '../../../api'
import { showError, showSuccess } from '../../../feedback'
import ApproveModal from './ApproveModal'
import ArbitrateModal from './ArbitrateModal'
import ReasonModal from './ReasonModal'
import type { ShareRequestDetail } from './types'

/** The buttons for the steps the server says this user may take now (detail.actions). */
export default function RequestActions({
  request,
  onDone,
}: {
  request: ShareRequestDetail
  onDone: () => void
}) {
  const [open, setOpen] = useState<'approve' | 'reject' | 'dispute' | 'arbitrate' | null>(null)
  const [busy, setBusy] = useState(false)
  const can = new Set(request.actions)
  const done = () => {
    setOpen(null)
    onDone()
  }
  const withdraw = async () => {
    setBusy(true)
    try {
      await api.post(`/share-requests/${request.id}/withdraw`, {})
      showSuccess('申请已撤回')
      onDone()
    } catch (err) {
      showError(err)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Space wrap>
      {can.has('approve') && (
        <Button type="primary" onClick={() => setOpen('approve')} data-testid="approve-request">
          同意
        </Button>
      )}
      {can.has('reject') && (
        <Button danger onClick={() => setOpen('reject')}>
          不同意
        </Button>
      )}
      {can.has('arbitrate') && (
        <Button type="primary" onClick={() => setOpen('arbitrate')}>
          裁决
        </Button>
      )}
      {can.has('dispute') && <Button onClick={() => setOpen('dispute')}>申诉</Button>}
      {can.has('withdraw') && (
        <Popconfirm
          title="撤回后需重新提交申请，确认撤回？"
          onConfirm={withdraw}
          okText="撤回"
          cancelText="取消"
        >
          <Button loading={busy}>撤回申请</Button>
        </Popconfirm>
      )}
      <ApproveModal
        request={open === 'approve' ? request : null}
        onClose={() => setOpen(null)}
        onDone={done}
      />
      <ReasonModal
        open={open === 'reject'}
        title="不同意共享"
        label="不同意理由"
        placeholder="请说明不同意的理由（将告知申请单位，并计入统计）"
        path={`/share-requests/${request.id}/reject`}
        okText="不同意"
        done="已答复不同意"
        danger
        onClose={() => setOpen(null)}
        onDone={done}
      />
      <ReasonModal
        open={open === 'dispute'}
        title="申诉"
        label="申诉理由"
        placeholder="说明不服的理由，申诉将提交数据局裁决"
        path={`/share-requests/${request.id}/dispute`}
        okText="提交申诉"
        done="已提交数据局裁决"
        onClose={() => setOpen(null)}
        onDone={done}
      />
      <ArbitrateModal
        requestId={open === 'arbitrate' ? request.id : null}
        onClose={() => setOpen(null)}
        onDone={done}
      />
    </Space>
  )
}
