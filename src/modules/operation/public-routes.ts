/**
 * Public disclosure (第18、19条), no login: each mandate's object, content, scope and term; each operator's
 * published products with their prices; usage per product. Only what the rules require is shown: no agreement
 * terms, costs, buyers' identities, invoices or data.
 */
import { sql } from 'kysely'
import { Type } from 'typebox'
import { type AppInstance, Page, PageQuery, pageWindow } from '../../platform/http/index.ts'
import { orgSummaries } from '../identity/index.ts'
import type { OperationDeps } from './deps.ts'
import { fen, formatYuan } from './money.ts'
import { MODE_LABELS } from './plan.ts'
import { t } from './tables.ts'

const TAGS = ['operation-public']
const PUBLIC = { access: 'public' as const }

const MandateDisclosure = Type.Object({
  id: Type.String(),
  projectCode: Type.String(),
  projectName: Type.String(),
  mode: Type.String(),
  modeLabel: Type.String(),
  domain: Type.Union([Type.String(), Type.Null()]),
  scenario: Type.Union([Type.String(), Type.Null()]),
  authorizerOrgName: Type.String(),
  implementingOrgName: Type.String(),
  operatorOrgName: Type.String(),
  content: Type.String(),
  termStart: Type.String(),
  termEnd: Type.String(),
  status: Type.String(),
  resources: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
})

const ProductDisclosure = Type.Object({
  code: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  useClass: Type.String(),
  chargingUnit: Type.String(),
  unitLabel: Type.String(),
  price: Type.String(),
  priceCap: Type.Union([Type.String(), Type.Null()]),
  exchangeName: Type.Union([Type.String(), Type.Null()]),
  exchangeListingNo: Type.Union([Type.String(), Type.Null()]),
})

export async function publicRoutes(app: AppInstance, deps: OperationDeps): Promise<void> {
  const { db } = deps

  app.get(
    '/api/v1/public/operation/mandates',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        security: [],
        summary: '授权运营情况公开：授权对象、内容、范围和时限',
        querystring: Type.Intersect([
          PageQuery,
          Type.Object({ q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) }),
        ]),
        response: { 200: Page(MandateDisclosure) },
      },
    },
    async (request) => {
      const w = pageWindow(request.query)
      const q = request.query.q
      const rows = await t(db)
        .selectFrom('operationMandates as m')
        .innerJoin('operationProjects as p', 'p.id', 'm.projectId')
        .where('p.status', '<>', 'draft')
        .$if(q !== undefined, (qb) =>
          qb.where((eb) => eb.or([eb('p.name', 'ilike', `%${q}%`), eb('m.content', 'ilike', `%${q}%`)])),
        )
        .select([
          'm.id',
          'm.projectId',
          'p.code as projectCode',
          'p.name as projectName',
          'p.mode',
          'p.domain',
          'p.scenario',
          'p.authorizerOrgId',
          'p.implementingOrgName',
          'm.operatorOrgId',
          'm.content',
          'm.termStart',
          'm.termEnd',
          'm.status',
        ])
        .select(sql<number>`count(*) over ()`.as('fullCount'))
        .orderBy('m.createdAt', 'desc')
        .orderBy('m.id', 'desc')
        .limit(w.limit)
        .offset(w.offset)
        .execute()
      const orgs = await orgSummaries(
        db,
        rows.flatMap((r) => [r.authorizerOrgId, r.operatorOrgId]),
      )
      const projectIds = [...new Set(rows.map((r) => r.projectId))]
      const resources = projectIds.length
        ? await t(db)
            .selectFrom('operationProjectResources')
            .select(['projectId', 'resourceCode', 'resourceName'])
            .where('projectId', 'in', projectIds)
            .where('status', '=', 'included')
            .execute()
        : []
      return {
        items: rows.map((r) => ({
          id: r.id,
          projectCode: r.projectCode,
          projectName: r.projectName,
          mode: r.mode,
          modeLabel: MODE_LABELS[r.mode],
          domain: r.domain,
          scenario: r.scenario,
          authorizerOrgName: orgs.get(r.authorizerOrgId)?.name ?? '',
          implementingOrgName: r.implementingOrgName,
          operatorOrgName: orgs.get(r.operatorOrgId)?.name ?? '',
          content: r.content,
          termStart: r.termStart,
          termEnd: r.termEnd,
          status: r.status,
          resources: resources
            .filter((x) => x.projectId === r.projectId)
            .map((x) => ({ code: x.resourceCode, name: x.resourceName })),
        })),
        total: Number(rows[0]?.fullCount ?? 0),
        page: w.page,
        pageSize: w.pageSize,
      }
    },
  )

  app.get(
    '/api/v1/public/operation/operators',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        security: [],
        summary: '运营机构产品和服务清单及价格（明码标价）',
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                orgId: Type.String(),
                name: Type.String(),
                products: Type.Array(ProductDisclosure),
              }),
            ),
          }),
        },
      },
    },
    async () => {
      const mandated = await t(db)
        .selectFrom('operationMandates as m')
        .innerJoin('operationProjects as p', 'p.id', 'm.projectId')
        .where('p.status', '<>', 'draft')
        .select('m.operatorOrgId')
        .distinct()
        .execute()
      const ids = mandated.map((m) => m.operatorOrgId)
      const products = ids.length
        ? await t(db)
            .selectFrom('operationProducts')
            .selectAll()
            .where('operatorOrgId', 'in', ids)
            .where('status', '=', 'published')
            .orderBy('code')
            .execute()
        : []
      const orgs = await orgSummaries(db, ids)
      return {
        items: ids
          .map((id) => ({
            orgId: id,
            name: orgs.get(id)?.name ?? '',
            products: products
              .filter((p) => p.operatorOrgId === id)
              .map((p) => ({
                code: p.code,
                name: p.name,
                kind: p.kind,
                useClass: p.useClass,
                chargingUnit: p.chargingUnit,
                unitLabel: p.unitLabel,
                price: formatYuan(fen(p.priceFen)),
                priceCap: p.priceCapFen === null ? null : formatYuan(fen(p.priceCapFen)),
                exchangeName: p.exchangeName,
                exchangeListingNo: p.exchangeListingNo,
              })),
          }))
          .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
      }
    },
  )

  app.get(
    '/api/v1/public/operation/usage',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        security: [],
        summary: '公共数据使用情况：按运营机构与产品的订单数、使用单位数与使用量（年度）',
        querystring: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }),
        response: {
          200: Type.Object({
            year: Type.Integer(),
            items: Type.Array(
              Type.Object({
                operatorOrgName: Type.String(),
                productCode: Type.String(),
                productName: Type.String(),
                unitLabel: Type.String(),
                orders: Type.Integer(),
                buyers: Type.Integer(),
                quantity: Type.String(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const year = request.query.year
      const rows = await t(db)
        .selectFrom('operationProducts as pr')
        .innerJoin('operationOrders as o', 'o.productId', 'pr.id')
        .leftJoin('operationInvoices as i', (j) =>
          j
            .onRef('i.orderId', '=', 'o.id')
            .on('i.periodStart', '>=', `${year}-01-01`)
            .on('i.periodStart', '<=', `${year}-12-31`)
            .on('i.state', '<>', 'void'),
        )
        .where('o.createdAt', '<', new Date(`${year + 1}-01-01T00:00:00+08:00`))
        .select(['pr.operatorOrgId', 'pr.code', 'pr.name', 'pr.unitLabel'])
        .select([
          sql<number>`count(distinct o.id)::int`.as('orders'),
          sql<number>`count(distinct o.buyer_org_id)::int`.as('buyers'),
          sql<string>`coalesce(sum(i.quantity), 0)::text`.as('quantity'),
        ])
        .groupBy(['pr.operatorOrgId', 'pr.code', 'pr.name', 'pr.unitLabel'])
        .orderBy('pr.code')
        .execute()
      const orgs = await orgSummaries(
        db,
        rows.map((r) => r.operatorOrgId),
      )
      return {
        year,
        items: rows.map((r) => ({
          operatorOrgName: orgs.get(r.operatorOrgId)?.name ?? '',
          productCode: r.code,
          productName: r.name,
          unitLabel: r.unitLabel,
          orders: r.orders,
          buyers: r.buyers,
          quantity: r.quantity,
        })),
      }
    },
  )
}
