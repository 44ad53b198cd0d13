import { lazy } from 'react'
import { useUser } from '../../auth'

const Dashboard = lazy(() => import('../dashboard/DashboardPage'))
const EnterpriseHome = lazy(() => import('./EnterpriseHome'))

/** The console's home: the dashboard for government staff, the enterprise's own page for enterprise users. */
export default function HomePage() {
  const user = useUser()
  return user.orgType === 'enterprise' ? <EnterpriseHome /> : <Dashboard />
}
