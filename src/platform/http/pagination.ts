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

/**
 * Builds a page from rows that carry `count(*) over ()` as fullCount, so a list costs one query. Only a page past
 * the end (no rows to carry the count) asks for the count separately.
 */
export async function pageOf<T extends { fullCount: number | string | bigint }>(
  rows: readonly T[],
  window: PageWindow,
  count: () => Promise<number>,
): Promise<PageResult<Omit<T, 'fullCount'>>> {
  const first = rows[0]
  const total = first ? Number(first.fullCount) : window.offset === 0 ? 0 : await count()
  const items = rows.map(({ fullCount: _count, ...rest }) => rest)
  return { items, total, page: window.page, pageSize: window.pageSize }
}
