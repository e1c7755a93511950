import * as Y from 'yjs'
import { parseDocName } from '../../schema/docs/names.ts'
import type { DB } from '../db/connect.ts'
import { projectorFor } from './index.ts'

/**
 * Rebuilds projection rows from the stored documents (snapshot + log tail), one transaction per
 * document. Projections are idempotent upserts of what the document says, so a rebuild repairs
 * drifted or missing rows and changes nothing where they are right. It takes the same row lock
 * as compaction, so it can run while collab servers are live.
 */
export interface RebuildResult {
  documents: number
  projected: number
  /** Kinds without a projection (e.g. inboxes). */
  skipped: number
  failed: Array<{ name: string; error: string }>
}

export async function rebuildProjections(db: DB, opts: { orgId?: string } = {}): Promise<RebuildResult> {
  const names = await documentNames(db, opts.orgId)
  const result: RebuildResult = { documents: names.length, projected: 0, skipped: 0, failed: [] }
  for (const name of names) {
    const parsed = parseDocName(name)
    const projector = parsed.ok ? projectorFor(parsed.doc) : null
    if (!parsed.ok || !projector) {
      result.skipped++
      continue
    }
    try {
      await db.transaction().execute(async (trx) => {
        const stored = await trx
          .selectFrom('collab_documents')
          .select('snapshot')
          .where('name', '=', name)
          .forUpdate()
          .executeTakeFirst()
        const rows = await trx
          .selectFrom('collab_updates')
          .select(['id', 'update', 'user_id', 'created_at'])
          .where('doc_name', '=', name)
          .orderBy('id')
          .execute()
        const doc = new Y.Doc()
        if (stored) Y.applyUpdate(doc, new Uint8Array(stored.snapshot))
        for (const row of rows) Y.applyUpdate(doc, new Uint8Array(row.update))
        const log = rows.map((r) => ({
          id: r.id,
          update: new Uint8Array(r.update),
          userId: r.user_id,
          at: r.created_at,
        }))
        const before = stored ? new Uint8Array(stored.snapshot) : undefined
        await projector(trx, parsed.doc, doc, { log, fromState: true, ...(before ? { before } : {}) })
        doc.destroy()
      })
      result.projected++
    } catch (error) {
      result.failed.push({ name, error: String(error) })
    }
  }
  return result
}

/** Every stored document: compacted ones and those that so far exist only as log rows. */
async function documentNames(db: DB, orgId: string | undefined): Promise<string[]> {
  let compacted = db.selectFrom('collab_documents').select('name')
  if (orgId) compacted = compacted.where('org_id', '=', orgId)
  const [docs, logged] = await Promise.all([
    compacted.execute(),
    db.selectFrom('collab_updates').select('doc_name').distinct().execute(),
  ])
  const names = new Set(docs.map((d) => d.name))
  for (const { doc_name } of logged) {
    const parsed = parseDocName(doc_name)
    if (!orgId || (parsed.ok && 'orgId' in parsed.doc && parsed.doc.orgId === orgId)) names.add(doc_name)
  }
  return [...names].sort()
}
