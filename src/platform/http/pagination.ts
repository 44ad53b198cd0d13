import { type Static, type TSchema, Type } from 'typebox'

export const MAX_PAGE_SIZE = 200

export const PageQuery = Type.Object({
  page: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1, description: '1-based page number' }),
  ),
  pageSize: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: MAX_PAGE_SIZE,
      default: 20,
      description: `Items per page (≤ ${MAX_PAGE_SIZE})`,
    }),
  ),
})
export type PageQuery = Static<typeof PageQuery>

export function Page<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  })
}

export interface PageResult<T> {
  items: T[]
  total: number
  page: number
  pageSize: number
}

export interface PageWindow {
  page: number
  pageSize: number
  limit: number
  offset: number
}

export function pageWindow(query: { page?: number | undefined; pageSize?: number | undefined }): PageWindow {
  const page = query.page ?? 1
  const pageSize = Math.min(query.pageSize ?? 20, MAX_PAGE_SIZE)
  return { page, pageSize, limit: pageSize, offset: (page - 1) * pageSize }
}
