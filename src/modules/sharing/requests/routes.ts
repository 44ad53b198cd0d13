import type { AppInstance } from '../../../platform/http/index.ts'
import type { SharingDeps } from '../deps.ts'

export async function requestsRoutes(_app: AppInstance, _deps: SharingDeps): Promise<void> {}
