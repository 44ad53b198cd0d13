/**
 * Suspending an app for incident response (应急处置): other modules (governance's risk alerts) freeze an app's
 * credentials through here. The same rules as disabling it from the console apply: a bureau admin over the
 * app's org or that org's admin; the change is audited and the app's tokens die at once.
 */
import type { RequestContext } from '../../platform/context.ts'
import type { Db } from '../../platform/db/index.ts'
import { type App, setAppStatus } from './apps.ts'

export async function suspendApp(db: Db, ctx: RequestContext, appId: string): Promise<App> {
  return setAppStatus(db, ctx, appId, 'disabled')
}
