import { Type } from 'typebox'
import type { AppInstance } from '../../../platform/http/index.ts'
import { Page, PageQuery, pageWindow, requestContext } from '../../../platform/http/index.ts'
import type { IdentityDeps } from '../auth.ts'
import { createOrg, getOrg, listOrgs, orgTree, updateOrg } from '../orgs.ts'
import { getRegion, listRegions } from '../regions.ts'
import {
  AdminOrgType,
  Org,
  OrgName,
  OrgTreeNode,
  OrgType,
  Region,
  RegionCode,
  Search,
  Status,
  Uuid,
} from '../schemas.ts'

const CreditCodeInput = Type.Union([Type.String({ maxLength: 40 }), Type.Null()])

/** Regions and the org directory: readable by every signed-in user, changed by bureau admins in scope. */
export async function directoryRoutes(app: AppInstance, deps: IdentityDeps): Promise<void> {
  const { db } = deps

  app.get(
    '/api/v1/regions',
    {
      schema: {
        tags: ['regions'],
        summary: '行政区划（GB/T 2260）：省级列表，或某区划的下级',
        querystring: Type.Object({ parent: Type.Optional(RegionCode) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(Region) }) },
      },
    },
    async (request) => ({ items: await listRegions(db, request.query.parent) }),
  )

  app.get(
    '/api/v1/regions/:code',
    {
      schema: {
        tags: ['regions'],
        summary: '行政区划详情及上级路径',
        params: Type.Object({ code: RegionCode }),
        response: { 200: Type.Object({ ...Region.properties, path: Type.Array(Region) }) },
      },
    },
    async (request) => getRegion(db, request.params.code),
  )

  app.get(
    '/api/v1/orgs',
    {
      schema: {
        tags: ['orgs'],
        summary: '单位列表（名称搜索、按区划含下级筛选）',
        querystring: Type.Intersect([
          PageQuery,
          Type.Object({
            q: Type.Optional(Search),
            regionCode: Type.Optional(RegionCode),
            type: Type.Optional(OrgType),
            parentId: Type.Optional(Uuid),
            status: Type.Optional(Status),
          }),
        ]),
        response: { 200: Page(Org) },
      },
    },
    async (request) => {
      const { page, pageSize, ...query } = request.query
      return listOrgs(db, query, pageWindow({ page, pageSize }))
    },
  )

  app.get(
    '/api/v1/orgs/tree',
    {
      schema: {
        tags: ['orgs'],
        summary: '某区划（含下级）内的单位树',
        querystring: Type.Object({ regionCode: RegionCode }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(OrgTreeNode) }) },
      },
    },
    async (request) => ({ items: await orgTree(db, request.query.regionCode) }),
  )

  app.get(
    '/api/v1/orgs/:id',
    {
      schema: {
        tags: ['orgs'],
        summary: '单位详情',
        params: Type.Object({ id: Uuid }),
        response: { 200: Org },
      },
    },
    async (request) => getOrg(db, request.params.id),
  )

  app.post(
    '/api/v1/orgs',
    {
      schema: {
        tags: ['orgs'],
        summary: '新建单位',
        body: Type.Object(
          {
            name: OrgName,
            type: AdminOrgType,
            regionCode: RegionCode,
            parentId: Type.Optional(Type.Union([Uuid, Type.Null()])),
            creditCode: Type.Optional(CreditCodeInput),
          },
          { additionalProperties: false },
        ),
        response: { 201: Org },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createOrg(db, requestContext(request), request.body)),
  )

  app.patch(
    '/api/v1/orgs/:id',
    {
      schema: {
        tags: ['orgs'],
        summary: '修改单位',
        params: Type.Object({ id: Uuid }),
        body: Type.Object(
          {
            name: Type.Optional(OrgName),
            // Re-sending an enterprise's own type is harmless; changing to or from it is refused by the service.
            type: Type.Optional(OrgType),
            parentId: Type.Optional(Type.Union([Uuid, Type.Null()])),
            creditCode: Type.Optional(CreditCodeInput),
            status: Type.Optional(Status),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Org },
      },
    },
    async (request) => updateOrg(db, requestContext(request), request.params.id, request.body),
  )
}
