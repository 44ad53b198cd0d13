/** Console routes of the sandbox: scopes the user may use, the query editor's endpoint, the query log, approval. */
import { sql } from 'kysely'
import { Type } from 'typebox'
import { type AppInstance, Page, PageQuery, pageWindow, requestContext } from '../../platform/http/index.ts'
import { resourceForSharing } from '../catalog/index.ts'
import { decideSandboxQuery } from './approve.ts'
import type { SandboxDeps } from './deps.ts'
import { sandboxError } from './errors.ts'
import { runSandboxQuery } from './run.ts'
import { QueryCreate, QueryView, ResultSchema, ScopeView } from './schemas.ts'
import { budgetOf, findScope, isApprover, isMember, scopesFor } from './scopes.ts'
import { sourceKindOf } from './source.ts'
import { t } from './tables.ts'

const TAGS = ['sandbox']
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) })

export async function sandboxRouteHandlers(app: AppInstance, deps: SandboxDeps): Promise<void> {
  const { db, config } = deps

  app.get(
    '/api/v1/sandbox/scopes',
    {
      schema: {
        tags: TAGS,
        summary: '本人可使用或审批的沙箱空间（含可查询的数据资源、数据项与隐私预算）',
        response: { 200: Type.Object({ items: Type.Array(ScopeView) }) },
      },
    },
    async (request) => {
      const scopes = await scopesFor(db, request.actor)
      const items = []
      for (const s of scopes) {
        const resources = []
        for (const id of s.resourceIds) {
          const r = await resourceForSharing(db, id)
          if (!r) continue
          const source = await sourceKindOf(db, config, r.id)
          resources.push({
            id: r.id,
            code: r.code,
            name: r.name,
            source,
            usable: source === 'hosted' || source === 'external',
            fields: r.fields.map((f) => ({
              code: f.code,
              name: f.name,
              dataType: f.dataType,
              isKey: f.isKey,
            })),
          })
        }
        const budget = budgetOf(s, config.sandboxEpsilonBudget)
        items.push({
          id: s.id,
          kind: s.kind,
          label: s.label,
          status: s.status,
          expiresAt: s.expiresAt?.toISOString() ?? null,
          requiresApproval: s.requiresApproval,
          role: isMember(request.actor, s) ? ('member' as const) : ('approver' as const),
          epsilonBudget: budget,
          epsilonSpent: Number(s.epsilonSpent),
          epsilonRemaining: Math.max(0, budget - Number(s.epsilonSpent)),
          minGroupSize: config.sandboxMinGroupSize,
          resources,
        })
      }
      return { items }
    },
  )

  app.post(
    '/api/v1/sandbox/queries',
    {
      schema: {
        tags: TAGS,
        summary: '在沙箱中运行聚合查询（原始数据不出域：仅返回聚合值，小于 k 的分组被抑制，可选加噪）',
        body: QueryCreate,
        response: { 200: ResultSchema, 202: ResultSchema },
      },
    },
    async (request, reply) => {
      const actor = request.actor
      const scope = await findScope(db, request.body.scopeId)
      if (!scope || actor.kind !== 'user') throw sandboxError('sandbox.scope_not_found')
      if (!isMember(actor, scope)) throw sandboxError('sandbox.forbidden')
      const result = await runSandboxQuery(
        { db, config, ctx: requestContext(request) },
        {
          scopeId: scope.id,
          sql: request.body.sql,
          ...(request.body.epsilon !== undefined ? { epsilon: request.body.epsilon } : {}),
          actor: { kind: 'user', id: actor.userId, name: actor.displayName },
        },
      )
      return reply.code(result.status === 'pending' ? 202 : 200).send(result)
    },
  )

  app.get(
    '/api/v1/sandbox/queries',
    {
      schema: {
        tags: TAGS,
        summary: '沙箱查询日志（空间成员与审批人可见）',
        querystring: Type.Intersect([
          PageQuery,
          Type.Object({
            scopeId: Type.String({ format: 'uuid' }),
            status: Type.Optional(Type.Enum(['done', 'refused', 'pending', 'rejected'])),
          }),
        ]),
        response: { 200: Page(QueryView) },
      },
    },
    async (request) => {
      const scope = await findScope(db, request.query.scopeId)
      if (!scope || !(isMember(request.actor, scope) || isApprover(request.actor, scope)))
        throw sandboxError('sandbox.scope_not_found')
      const w = pageWindow(request.query)
      let q = t(db).selectFrom('sandboxQueries').where('scopeId', '=', scope.id)
      if (request.query.status) q = q.where('status', '=', request.query.status)
      const rows = await q
        .select([
          'id',
          'actorKind',
          'actorName',
          'sqlText',
          'epsilon',
          'status',
          'errorCode',
          'rowCount',
          'suppressedGroups',
          'result',
          'decidedBy',
          'decidedAt',
          'createdAt',
          sql<string>`count(*) over ()`.as('fullCount'),
        ])
        .orderBy('createdAt', 'desc')
        .orderBy('id', 'desc')
        .limit(w.limit)
        .offset(w.offset)
        .execute()
      return {
        items: rows.map(({ fullCount: _c, ...r }) => ({
          ...r,
          epsilon: r.epsilon === null ? null : Number(r.epsilon),
          decidedAt: r.decidedAt?.toISOString() ?? null,
          createdAt: r.createdAt.toISOString(),
        })),
        total: Number(rows[0]?.fullCount ?? 0),
        page: w.page,
        pageSize: w.pageSize,
      }
    },
  )

  for (const step of ['approve', 'reject'] as const)
    app.post(
      `/api/v1/sandbox/queries/:id/${step}`,
      {
        schema: {
          tags: TAGS,
          summary: step === 'approve' ? '批准待审批的沙箱查询（随即运行）' : '驳回待审批的沙箱查询',
          params: IdParams,
          response: { 204: Type.Null() },
        },
      },
      async (request, reply) => {
        await decideSandboxQuery(
          { db, config },
          requestContext(request),
          request.params.id,
          step === 'approve',
        )
        return reply.code(204).send(null)
      },
    )
}
