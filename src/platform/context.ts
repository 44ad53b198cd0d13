import type { Lang } from './errors.ts'

/**
 * Who is acting. Roles are plain strings here because the platform does not know the identity module's
 * role list; identity narrows them.
 */
export type Actor =
  | {
      readonly kind: 'user'
      readonly userId: string
      readonly username: string
      readonly displayName: string
      readonly orgId: string
      /** Region of the user's org. */
      readonly regionCode: string
      readonly roles: readonly string[]
      /** Region subtree a bureau_admin governs; null for roles bound to their org. */
      readonly scopeRegionCode: string | null
      readonly sessionId: string
      readonly via: 'cookie' | 'bearer'
      /**
       * The user's org is a registered enterprise (企业): an external party. The auth hook refuses it on every
       * route that does not opt in (`config.enterprise`). Absent means a government-side org.
       */
      readonly enterprise?: boolean
    }
  | {
      readonly kind: 'app'
      readonly appId: string
      readonly clientId: string
      readonly appName: string
      readonly orgId: string
      readonly regionCode: string
      /** The app belongs to a registered enterprise; refused like its users outside opt-in routes. */
      readonly enterprise?: boolean
    }
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'system'; readonly name: string }

export type UserActor = Extract<Actor, { kind: 'user' }>
export type AppActor = Extract<Actor, { kind: 'app' }>

/** What a service needs to know about the request it serves: for audit, scoping and messages. */
export interface RequestContext {
  readonly actor: Actor
  readonly requestId: string
  readonly ip: string | null
  readonly lang: Lang
}

export function systemContext(name: string): RequestContext {
  return { actor: { kind: 'system', name }, requestId: `system:${name}`, ip: null, lang: 'zh-CN' }
}
