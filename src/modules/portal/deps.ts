import type { Config } from '../../platform/config.ts'
import type { Db } from '../../platform/db/index.ts'

export interface PortalDeps {
  readonly db: Db
  readonly config: Config
}
