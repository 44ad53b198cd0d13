/** Sandbox scopes: created by the module that owns the project or application, read by members and approvers. */
import type { Actor } from '../../platform/context.ts'
import type { Db } from '../../platform/db/index.ts'
import { newId } from '../../platform/ids.ts'
import { hasRole } from '../identity/index.ts'
import { sandboxError } from './errors.ts'
import { type ScopeKind, type ScopeRow, t } from './tables.ts'

export interface SandboxScopeInput {
  readonly kind: ScopeKind
  readonly refId: string
  readonly resourceIds: readonly string[]
  readonly epsilonBudget?: number
  readonly expiresAt?: Date | null
  readonly label: string
  /** Orgs whose console users may run queries (an operation project's operators). */
  readonly memberOrgIds?: readonly string[]
  /** When set, every query waits for a bureau admin or reviewer of `approverOrgId`. */
  readonly requiresApproval?: boolean
  readonly approverOrgId?: string | null
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export async function createSandboxScope(db: Db, input: SandboxScopeInput): Promise<{ id: string }> {
  const ids = [...new Set(input.resourceIds)]
  const bad =
    ids.length === 0 ||
    !ids.every((id) => UUID.test(id)) ||
    !UUID.test(input.refId) ||
    input.label.trim() === '' ||
    (input.epsilonBudget !== undefined &&
      !(Number.isFinite(input.epsilonBudget) && input.epsilonBudget >= 0)) ||
    (input.requiresApproval === true && !input.approverOrgId)
  if (bad) throw sandboxError('sandbox.scope_invalid')
  const id = newId()
  await t(db)
    .insertInto('sandboxScopes')
    .values({
      id,
      kind: input.kind,
      refId: input.refId,
      label: input.label.trim().slice(0, 200),
      resourceIds: ids,
      memberOrgIds: [...new Set(input.memberOrgIds ?? [])],
      epsilonBudget: input.epsilonBudget ?? null,
      requiresApproval: input.requiresApproval ?? false,
      approverOrgId: input.approverOrgId ?? null,
      expiresAt: input.expiresAt ?? null,
    })
    .execute()
  return { id }
}

/** Replaces the members and resources of a scope (an operation project changed), or closes it. */
export async function updateSandboxScope(
  db: Db,
  id: string,
  change: {
    resourceIds?: readonly string[]
    memberOrgIds?: readonly string[]
    closed?: boolean
    /** Queries wait for a bureau admin or reviewer of `approverOrgId` (required when turning approval on). */
    approval?: { required: false } | { required: true; approverOrgId: string }
  },
): Promise<void> {
  await t(db)
    .updateTable('sandboxScopes')
    .set({
      ...(change.resourceIds ? { resourceIds: [...new Set(change.resourceIds)] } : {}),
      ...(change.memberOrgIds ? { memberOrgIds: [...new Set(change.memberOrgIds)] } : {}),
      ...(change.closed ? { status: 'closed' as const } : {}),
      ...(change.approval
        ? {
            requiresApproval: change.approval.required,
            approverOrgId: change.approval.required ? change.approval.approverOrgId : null,
          }
        : {}),
      updatedAt: new Date(),
    })
    .where('id', '=', id)
    .execute()
}

export async function findScope(db: Db, id: string): Promise<ScopeRow | undefined> {
  if (!UUID.test(id)) return undefined
  return t(db).selectFrom('sandboxScopes').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Console users: operator staff (and org admins) of a member org run queries. */
export function isMember(actor: Actor, scope: ScopeRow): boolean {
  return (
    actor.kind === 'user' &&
    scope.memberOrgIds.includes(actor.orgId) &&
    (hasRole(actor, 'operator_staff') || hasRole(actor, 'org_admin'))
  )
}

export function isApprover(actor: Actor, scope: ScopeRow): boolean {
  return (
    actor.kind === 'user' &&
    scope.approverOrgId === actor.orgId &&
    (hasRole(actor, 'bureau_admin') || hasRole(actor, 'reviewer'))
  )
}

export function budgetOf(scope: ScopeRow, defaultBudget: number): number {
  return scope.epsilonBudget === null ? defaultBudget : Number(scope.epsilonBudget)
}

export function isOpen(scope: ScopeRow, now: Date): boolean {
  return scope.status === 'active' && (scope.expiresAt === null || scope.expiresAt > now)
}

/** Scopes the actor may query or approve, newest first. */
export async function scopesFor(db: Db, actor: Actor): Promise<ScopeRow[]> {
  if (actor.kind !== 'user') return []
  const rows = await t(db)
    .selectFrom('sandboxScopes')
    .selectAll()
    .where((eb) =>
      eb.or([eb(eb.val(actor.orgId), '=', eb.fn.any('memberOrgIds')), eb('approverOrgId', '=', actor.orgId)]),
    )
    .orderBy('createdAt', 'desc')
    .limit(200)
    .execute()
  return rows.filter((s) => isMember(actor, s) || isApprover(actor, s))
}

/** What another module may show about a scope: whether queries wait for approval, and the budget spent. */
export async function sandboxScopeFacts(
  db: Db,
  id: string,
): Promise<{ requiresApproval: boolean; epsilonSpent: number; status: 'active' | 'closed' } | null> {
  const s = await findScope(db, id)
  return s
    ? { requiresApproval: s.requiresApproval, epsilonSpent: Number(s.epsilonSpent), status: s.status }
    : null
}
