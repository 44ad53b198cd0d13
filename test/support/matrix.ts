/**
 * The shared fixture of the generated permission matrices: one user per role, placed in the Xiangtan city bureau
 * (region-scoped roles) or the Xiangtan public security bureau (org-bound roles), and the four target orgs each
 * actor is tried against: its own org, another org of the same region, the parent region, another region.
 */
import assert from 'node:assert/strict'
import type { TestApp } from './app.ts'

export type Role = 'bureau_admin' | 'org_admin' | 'data_steward' | 'reviewer' | 'auditor' | 'operator_staff'
export type Relation = 'own' | 'same_region' | 'parent_region' | 'other_region'

export interface OrgFix {
  id: string
  regionCode: string
}
export interface ActorFix {
  role: Role | 'anonymous'
  org: OrgFix | null
  headers: Record<string, string>
}
export type MatrixOrgs = Record<'province' | 'bureau' | 'department' | 'otherRegion', OrgFix>

export const ROLES: Role[] = [
  'bureau_admin',
  'org_admin',
  'data_steward',
  'reviewer',
  'auditor',
  'operator_staff',
]
export const RELATIONS: Relation[] = ['own', 'same_region', 'parent_region', 'other_region']
const HOME: Record<Role, 'bureau' | 'department'> = {
  bureau_admin: 'bureau',
  reviewer: 'bureau',
  auditor: 'bureau',
  org_admin: 'department',
  data_steward: 'department',
  operator_staff: 'department',
}

/** GB/T 2260 subtree test, written independently of the code under test. */
export function within(code: string, ancestor: string): boolean {
  const prefix = ancestor.endsWith('0000')
    ? ancestor.slice(0, 2)
    : ancestor.endsWith('00')
      ? ancestor.slice(0, 4)
      : ancestor
  return code.startsWith(prefix)
}

export function expectStatus(
  res: { statusCode: number; body: string },
  allowed: boolean,
  ok: number,
  refused: number[],
  label: string,
): void {
  if (allowed) assert.equal(res.statusCode, ok, `${label} should be allowed: ${res.body.slice(0, 300)}`)
  else {
    assert.ok(
      refused.includes(res.statusCode),
      `${label} should be refused, got ${res.statusCode}: ${res.body.slice(0, 300)}`,
    )
  }
}

export interface Matrix {
  orgs: MatrixOrgs
  /** One signed-in actor per role, then an anonymous one. */
  actors: ActorFix[]
  targetOf(actor: ActorFix, relation: Relation): OrgFix
}

async function orgFix(t: TestApp, name: string): Promise<OrgFix> {
  const id = await t.orgId(name)
  const res = await t.request({ method: 'GET', url: `/api/v1/orgs/${id}`, headers: await t.login('admin') })
  return { id, regionCode: res.json<{ regionCode: string }>().regionCode }
}

/** Creates the actors (usernames `<prefix>.<role>`) and looks up the target orgs. */
export async function buildMatrix(t: TestApp, prefix: string): Promise<Matrix> {
  const orgs: MatrixOrgs = {
    province: await orgFix(t, '湖南省数据局'),
    bureau: await orgFix(t, '湘潭市数据局'),
    department: await orgFix(t, '湘潭市公安局'),
    otherRegion: await orgFix(t, '长沙市数据局'),
  }
  const actors: ActorFix[] = []
  for (const role of ROLES) {
    const home = HOME[role] === 'bureau' ? '湘潭市数据局' : '湘潭市公安局'
    const headers = await t.createUser(`${prefix}.${role}`, home, [role], 'Matrix1234')
    actors.push({ role, org: orgs[HOME[role]], headers })
  }
  actors.push({ role: 'anonymous', org: null, headers: {} })
  return {
    orgs,
    actors,
    targetOf(actor, relation) {
      const own = actor.org ?? orgs.department
      switch (relation) {
        case 'own':
          return own
        case 'same_region':
          return own.id === orgs.bureau.id ? orgs.department : orgs.bureau
        case 'parent_region':
          return orgs.province
        case 'other_region':
          return orgs.otherRegion
      }
    },
  }
}
