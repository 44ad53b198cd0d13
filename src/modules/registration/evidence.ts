/**
 * Evidence records (存证) for linked catalog resources mounted in the platform datastore: an SM3 digest over the
 * data snapshot (every row, in a stable order) and one over the resource's metadata (code, name, fields), bound
 * together with the time and the row count. A later recomputation that differs shows the data was changed.
 */
import { canonicalJson } from '../../platform/audit/canonical.ts'
import type { Config } from '../../platform/config.ts'
import { sm3 } from '../../platform/crypto/index.ts'
import type { Db } from '../../platform/db/index.ts'
import { newId } from '../../platform/ids.ts'
import { dataSourceOf, externalSnapshotDigest, resourceForSharing } from '../catalog/index.ts'
import { datastoreSnapshotDigest } from '../datastore/index.ts'
import { registrationError } from './errors.ts'
import { t } from './store.ts'

export interface EvidenceRecord {
  readonly catalogResourceId: string
  readonly resourceCode: string
  readonly resourceName: string
  readonly takenAt: string
  readonly rowCount: number
  readonly dataDigest: string
  readonly metadataDigest: string
  readonly digest: string
}

/** Computes the evidence of one resource now; refuses resources without a readable snapshot (HTTP mounts, unmounted). */
export async function computeEvidence(
  db: Db,
  config: Config,
  resourceId: string,
  now: Date,
): Promise<EvidenceRecord> {
  const resource = await resourceForSharing(db, resourceId)
  if (!resource) throw registrationError('registration.resource_invalid')
  const source = await dataSourceOf(db, config.secretKey, resourceId)
  const columns = resource.fields.map((f) => ({ code: f.code, dataType: f.dataType }))
  // Hosted tables are read here; an external PostgreSQL mount is read on its own server. HTTP APIs have no
  // snapshot to digest: their evidence is given as a material.
  const snapshot =
    source?.kind === 'datastore'
      ? await datastoreSnapshotDigest(db, resourceId, columns)
      : source?.kind === 'postgres'
        ? await externalSnapshotDigest(source, columns)
        : null
  if (!snapshot) throw registrationError('registration.evidence_unavailable')
  const metadata = {
    code: resource.code,
    name: resource.name,
    fields: resource.fields.map((f) => ({ code: f.code, name: f.name, dataType: f.dataType })),
  }
  const metadataDigest = sm3(canonicalJson(metadata))
  const takenAt = now.toISOString()
  const digest = sm3(
    canonicalJson({
      resourceId,
      takenAt,
      rowCount: snapshot.rowCount,
      dataDigest: snapshot.digest,
      metadataDigest,
    }),
  )
  return {
    catalogResourceId: resourceId,
    resourceCode: resource.code,
    resourceName: resource.name,
    takenAt,
    rowCount: snapshot.rowCount,
    dataDigest: snapshot.digest,
    metadataDigest,
    digest,
  }
}

export async function storeEvidence(db: Db, registrationId: string, e: EvidenceRecord): Promise<void> {
  await t(db)
    .insertInto('registrationEvidence')
    .values({
      id: newId(),
      registrationId,
      catalogResourceId: e.catalogResourceId,
      resourceCode: e.resourceCode,
      resourceName: e.resourceName,
      takenAt: new Date(e.takenAt),
      rowCount: e.rowCount,
      dataDigest: e.dataDigest,
      metadataDigest: e.metadataDigest,
      digest: e.digest,
    })
    .execute()
}

/** The latest evidence of each linked resource. */
export async function evidenceOf(db: Db, registrationId: string): Promise<EvidenceRecord[]> {
  const rows = await t(db)
    .selectFrom('registrationEvidence')
    .selectAll()
    .where('registrationId', '=', registrationId)
    .orderBy('takenAt', 'desc')
    .orderBy('id', 'desc')
    .execute()
  const seen = new Set<string>()
  const out: EvidenceRecord[] = []
  for (const r of rows) {
    if (seen.has(r.catalogResourceId)) continue
    seen.add(r.catalogResourceId)
    out.push({
      catalogResourceId: r.catalogResourceId,
      resourceCode: r.resourceCode,
      resourceName: r.resourceName,
      takenAt: r.takenAt.toISOString(),
      rowCount: Number(r.rowCount),
      dataDigest: r.dataDigest,
      metadataDigest: r.metadataDigest,
      digest: r.digest,
    })
  }
  return out
}
