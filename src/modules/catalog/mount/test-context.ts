/**
 * The shared set-up of the mounting tests (not itself a test file): a test app with a steward of the provider, a
 * steward of another org and a reviewer, plus helpers to create a resource, upload a file, preview and read the mount.
 */
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createTestApp, type TestApp } from '../../../../test/support/app.ts'
import type { Engine } from '../../../platform/db/index.ts'
import { HEADER, mountedResource, multipartUpload } from './fixtures.ts'

export interface MountView {
  status: string
  kind: string | null
  config: Record<string, unknown> | null
  rowCount: number | null
  lastDataUpdateAt: string | null
  lastLoad: {
    status: string
    rowsRead: number
    rowsLoaded: number
    rowsRejected: number
    problems: { row: number; column: string | null; message: string }[]
  } | null
}
export interface Preview {
  kind: string
  columns: { code: string; name: string; dataType: string }[]
  rows: Record<string, string | number | boolean | null>[]
  masked: string[]
}
export interface Problem {
  code: string
  status: number
  detail?: string
  problems?: { row: number; column: string | null; message: string }[]
  missing?: string[]
  extraColumns?: string[]
}

export const csv = (...rows: string[]) => `${[HEADER, ...rows].join('\r\n')}\r\n`

export interface MountContext {
  t: TestApp
  admin: Record<string, string>
  steward: Record<string, string>
  otherSteward: Record<string, string>
  reviewer: Record<string, string>
  /** A scratch folder for generated files, removed by close(). */
  dir: string
  resource(name: string): Promise<string>
  upload(
    id: string,
    fileName: string,
    content: Parameters<typeof multipartUpload>[1],
    query?: string,
  ): ReturnType<TestApp['request']>
  preview(id: string, headers?: Record<string, string>): ReturnType<TestApp['request']>
  mountOf(id: string, headers?: Record<string, string>): Promise<MountView>
  close(): Promise<void>
}

export async function openMountContext(engine: Engine): Promise<MountContext> {
  const t = await createTestApp(engine)
  const user = (username: string, org: string, roles: string[]) =>
    t.createUser(username, org, roles, 'Mount12345')
  const admin = await t.login('admin')
  const steward = await user('m.steward', '湘潭市公安局', ['data_steward'])
  const otherSteward = await user('m.other', '湘潭市市场监督管理局', ['data_steward'])
  const reviewer = await user('m.reviewer', '湘潭市数据局', ['reviewer'])
  const dir = await mkdtemp(join(tmpdir(), 'shuhui-mount-'))
  return {
    t,
    admin,
    steward,
    otherSteward,
    reviewer,
    dir,
    async resource(name) {
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/catalog/resources',
        headers: steward,
        payload: mountedResource(name),
      })
      assert.equal(res.statusCode, 201, res.body)
      return res.json<{ id: string }>().id
    },
    upload(id, fileName, content, query = '') {
      const body = multipartUpload(fileName, content)
      return t.request({
        method: 'POST',
        url: `/api/v1/catalog/resources/${id}/mount/upload${query}`,
        headers: { ...steward, ...body.headers },
        payload: body.payload,
      })
    },
    preview: (id, headers = steward) =>
      t.request({ method: 'GET', url: `/api/v1/catalog/resources/${id}/preview`, headers }),
    mountOf: async (id, headers = steward) =>
      (
        await t.request({ method: 'GET', url: `/api/v1/catalog/resources/${id}/mount`, headers })
      ).json<MountView>(),
    async close() {
      await t.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}
