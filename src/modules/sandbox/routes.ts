import type { AppInstance } from '../../platform/http/index.ts'
import type { SandboxDeps } from './deps.ts'

export async function sandboxRouteHandlers(_app: AppInstance, _deps: SandboxDeps): Promise<void> {}
