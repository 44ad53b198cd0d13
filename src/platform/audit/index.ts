export type { AuditFilter, AuditScope } from './query.ts'
export { listAuditEvents } from './query.ts'
export type { AuditRouteDeps } from './routes.ts'
export { auditRoutes } from './routes.ts'
export type { AuditInput, AuditOutcome, ChainBreak, VerifyResult } from './service.ts'
export {
  GENESIS_HASH,
  hashAuditEvent,
  recordAudit,
  recordAuditMany,
  recordAuditNow,
  verifyAuditChain,
} from './service.ts'
