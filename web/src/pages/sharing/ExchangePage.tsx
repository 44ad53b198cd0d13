import { lazy } from 'react'
import { useParams } from 'react-router-dom'

const JobListPage = lazy(() => import('./exchange/JobListPage'))
const JobDetailPage = lazy(() => import('./exchange/JobDetailPage'))

/** 数据交换 serves /sharing/exchange (jobs) and /sharing/exchange/:id (one job with live progress). */
export default function ExchangePage() {
  const { id } = useParams()
  if (id) return <JobDetailPage key={id} id={id} />
  return <JobListPage />
}
