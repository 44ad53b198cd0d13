import { Table } from 'antd'
import { useFetch } from '../../../hooks'
import type { CheckResult, Page } from '../../../types'
import { checkColumns } from '../checks/checkColumns'
import { LoadState } from '../states'

/** This resource's findings from the latest catalog check (filtered from its org's results). */
export default function ResourceChecksTab({ id, orgId }: { id: string; orgId: string }) {
  const checks = useFetch<Page<CheckResult>>('/catalog/checks', { orgId, pageSize: 100 })
  const mine = (checks.data?.items ?? []).filter((c) => c.resourceId === id)
  return (
    <LoadState
      loading={checks.loading}
      error={checks.error}
      what="目录质检"
      onRetry={checks.reload}
      empty={!mine.length}
      emptyText="最近一次质检未发现问题"
    >
      <Table<CheckResult>
        rowKey={(c) => c.id ?? `${c.check}:${c.messageZh ?? c.message}`}
        size="small"
        pagination={false}
        dataSource={mine}
        columns={checkColumns({ withResource: false })}
      />
    </LoadState>
  )
}
