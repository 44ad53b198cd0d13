import type { AppInstance } from '../../../platform/http/index.ts'
import type { SharingDeps } from '../deps.ts'

export async function gatewayRoutes(_app: AppInstance, _deps: SharingDeps): Promise<void> {}
