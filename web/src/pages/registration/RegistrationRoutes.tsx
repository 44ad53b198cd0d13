import { useLocation, useParams } from 'react-router-dom'
import NewRegistrationPage from './NewRegistrationPage'
import RegistrationDetailPage from './RegistrationDetailPage'
import RegistrationsPage from './RegistrationsPage'

/** One lazily loaded entry for the list, the wizard and the detail (the menu shows the list only). */
export default function RegistrationRoutes() {
  const { id } = useParams()
  const { pathname } = useLocation()
  if (pathname === '/registrations/new') return <NewRegistrationPage />
  if (id) return <RegistrationDetailPage key={id} />
  return <RegistrationsPage />
}
