import { folderChain, folderFacts, folderSubtree } from '../../server/access/folders.ts'
import type { DB } from '../../server/db/connect.ts'
import { readBlob } from '../../server/files/storage.ts'
import { recordId, type SearchRecord } from '../../server/search/types.ts'
import { ExtractionError, extractText } from '../extract/extract.ts'
import type { Changes, Handler, SourceContext } from '../sources.ts'
import { pagesById } from './paging.ts'

// Documents (their current version's text) and folders, each for its folder's audience.

/** Extracts the current version's text once and keeps it with the version. */
async function currentText(ctx: SourceContext, documentId: string, version: number): Promise<string> {
  const v = await ctx.db
    .selectFrom('document_versions as v')
    .innerJoin('files as f', (j) => j.onRef('f.id', '=', 'v.file_id').onRef('f.org_id', '=', 'v.org_id'))
    .select(['v.extracted_text', 'v.extracted_at', 'f.sha256', 'f.mime'])
    .where('v.document_id', '=', documentId)
    .where('v.version', '=', version)
    .executeTakeFirst()
  if (!v) return ''
  if (v.extracted_at) return v.extracted_text ?? ''
  let text = ''
  let error: string | null = null
  try {
    text = await extractText(await readBlob(ctx.config.filesDir, v.sha256), v.mime)
  } catch (err) {
    // A file we cannot read is indexed by its title; the error stays with the version.
    if (!(err instanceof ExtractionError)) throw err
    error = err.message
  }
  await ctx.db
    .updateTable('document_versions')
    .set({ extracted_text: text, extracted_at: new Date(), extract_error: error })
    .where('document_id', '=', documentId)
    .where('version', '=', version)
    .execute()
  return text
}

export async function documentRecord(ctx: SourceContext, documentId: string): Promise<SearchRecord | null> {
  const doc = await ctx.db
    .selectFrom('documents')
    .select([
      'id',
      'org_id',
      'folder_id',
      'title',
      'language',
      'current_version',
      'created_by',
      'updated_at',
      'deleted_at',
    ])
    .where('id', '=', documentId)
    .executeTakeFirst()
  if (!doc || doc.deleted_at) return null
  const facts = folderFacts(await folderChain(ctx.db, doc.org_id, doc.folder_id))
  if (facts.deleted) return null
  return {
    id: recordId('document', doc.id),
    orgId: doc.org_id,
    type: 'document',
    entityId: doc.id,
    title: doc.title,
    body: await currentText(ctx, doc.id, doc.current_version),
    language: doc.language,
    url: `/org/${doc.org_id}/documents/${doc.folder_id}?document=${doc.id}`,
    updatedAt: doc.updated_at,
    visibility: facts.audience,
    authorId: doc.created_by,
  }
}

export async function folderRecord(db: DB, orgId: string, folderId: string): Promise<SearchRecord | null> {
  const chain = await folderChain(db, orgId, folderId)
  const self = chain.at(-1)
  const facts = folderFacts(chain)
  if (!self || facts.deleted) return null
  return {
    id: recordId('folder', folderId),
    orgId,
    type: 'folder',
    entityId: folderId,
    title: self.name,
    body: chain
      .slice(0, -1)
      .map((f) => f.name)
      .join(' / '),
    language: 'fi',
    url: `/org/${orgId}/documents/${folderId}`,
    updatedAt: new Date(),
    visibility: facts.audience,
  }
}

const documentChanged: Handler = async (ctx, row) => {
  const record = await documentRecord(ctx, row.entityId)
  return record
    ? { upsert: [record], delete: [] }
    : { upsert: [], delete: [recordId('document', row.entityId)] }
}

/** A folder's name, place or visibility changed: it and everything below it is indexed again. */
const folderChanged: Handler = async (ctx, row) => {
  const orgId = row.orgId
  if (!orgId) throw new Error(`folder.changed ${row.entityId}: no org_id`)
  const changes: Changes = { upsert: [], delete: [] }
  const folders = await folderSubtree(ctx.db, orgId, row.entityId)
  for (const id of folders) {
    const record = await folderRecord(ctx.db, orgId, id)
    if (record) changes.upsert.push(record)
    else changes.delete.push(recordId('folder', id))
  }
  if (folders.length === 0) return changes
  const docs = await ctx.db
    .selectFrom('documents')
    .select('id')
    .where('org_id', '=', orgId)
    .where('folder_id', 'in', folders)
    .execute()
  for (const d of docs) {
    const record = await documentRecord(ctx, d.id)
    if (record) changes.upsert.push(record)
    else changes.delete.push(recordId('document', d.id))
  }
  return changes
}

export const documentHandlers: Readonly<Record<string, Handler>> = {
  'document.changed': documentChanged,
  'folder.changed': folderChanged,
}

/** Every folder or document not deleted, in pages. */
export async function* allDocuments(
  ctx: SourceContext,
  type: 'folder' | 'document',
  page = 500,
): AsyncGenerator<SearchRecord[]> {
  const { db } = ctx
  const table = type === 'folder' ? 'document_folders' : 'documents'
  yield* pagesById(
    (after, limit) =>
      db
        .selectFrom(table)
        .select(['id', 'org_id'])
        .where('deleted_at', 'is', null)
        .$if(after !== null, (q) => q.where('id', '>', after ?? ''))
        .orderBy('id')
        .limit(limit)
        .execute(),
    async (rows) => {
      const records: (SearchRecord | null)[] = []
      for (const r of rows) {
        records.push(
          type === 'folder' ? await folderRecord(db, r.org_id, r.id) : await documentRecord(ctx, r.id),
        )
      }
      return records
    },
    page,
  )
}

export async function countDocuments(db: DB, type: 'folder' | 'document'): Promise<number> {
  const table = type === 'folder' ? 'document_folders' : 'documents'
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}
