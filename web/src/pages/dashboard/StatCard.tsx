import { Card, Statistic, Typography } from 'antd'
import type { ReactNode } from 'react'
import { Link } from 'react-router-dom'
import { isForbidden, useFetch } from '../../hooks'
import type { Page } from '../../types'

interface Props {
  title: string
  icon: ReactNode
  path: string
  link: string
  enabled: boolean
}

/** A count taken from a paged list's `total` (pageSize=1); 403 reads as "no access", not as an error. */
export default function StatCard({ title, icon, path, link, enabled }: Props) {
  const { data, loading, error } = useFetch<Page<unknown>>(enabled ? path : null, { pageSize: 1 })
  let value: ReactNode
  if (!enabled || isForbidden(error)) value = <Typography.Text type="secondary">无权查看</Typography.Text>
  else if (error) value = <Typography.Text type="danger">加载失败</Typography.Text>
  else value = data?.total ?? 0

  return (
    <Card loading={loading && enabled} hoverable>
      <Statistic
        title={enabled ? <Link to={link}>{title}</Link> : title}
        prefix={icon}
        value={typeof value === 'number' ? value : 0}
        valueRender={typeof value === 'number' ? undefined : () => value}
      />
    </Card>
  )
}
