import type { AppInstance } from '../../../platform/http/index.ts'
import type { SharingDeps } from '../deps.ts'
import { StatsQuery, StatsView } from './channel-schemas.ts'
import { sharingStats } from './stats.ts'

export async function statsRoutes(app: AppInstance, deps: SharingDeps): Promise<void> {
  const { db } = deps
  app.get(
    '/api/v1/sharing/stats',
    {
      schema: {
        tags: ['sharing'],
        summary: '共享统计：按提供单位、地区或月份的满足率、按期答复率、平均答复工作日、待审核/超期/升级数',
        querystring: StatsQuery,
        response: { 200: StatsView },
      },
    },
    async (request) => sharingStats(db, request.actor, request.query),
  )
}
