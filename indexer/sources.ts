import { sql } from 'kysely'
import type { Config } from '../schema/config.ts'
import { type OrgRef, rolesAllowedTo } from '../schema/policy.ts'
import { folderChain, folderFacts, folderSubtree } from '../server/access/folders.ts'
import type { DB } from '../server/db/connect.ts'
import { readBlob } from '../server/files/storage.ts'
import { type RecordType, recordId, type SearchRecord } from '../server/search/types.ts'
import { ExtractionError, extractText } from './extract/extract.ts'
import { allBookings, bookingHandlers, countBookings } from './sources/bookings.ts'
import { allCases, caseHandlers, countCases } from './sources/cases.ts'
import { allKb, countKb, KB_TYPES, kbHandlers } from './sources/kb.ts'
import { messageChanged, messageRecord } from './sources/messages.ts'
import { pagesById } from './sources/paging.ts'
import { payloadObject } from './sources/payload.ts'
import { allTasks, countTasks, taskHandlers } from './sources/tasks.ts'

export { messageRecord }

/**
 * What to index for each outbox topic. A handler reads the *current* state of the entity from
 * the tables (never the payload's copy), so applying a row twice, or an old row after a new
 * one, leaves the index right: the operations are idempotent and order-insensitive.
 */
export interface Changes {
  upsert: SearchRecord[]
  delete: string[]
}

export interface SourceContext {
  db: DB
  config: Config
}

export type Handler = (
  ctx: SourceContext,
  row: { orgId: string | null; entityId: string; payload: unknown },
) => Promise<Changes>

const none = (): Changes => ({ upsert: [], delete: [] })

async function orgRef(db: DB, orgId: string): Promise<OrgRef | null> {
  const row = await db
    .selectFrom('organisations')
    .select(['id', 'kind', 'status', 'managed_by'])
    .where('id', '=', orgId)
    .executeTakeFirst()
  return row ? { id: row.id, kind: row.kind, status: row.status, managedBy: row.managed_by } : null
}

// ── People ──────────────────────────────────────────────────────────────────────────────────

export async function personRecord(db: DB, orgId: string, userId: string): Promise<SearchRecord | null> {
  const org = await orgRef(db, orgId)
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.name', 'u.email', 'u.phone', 'm.role'])
    .where('m.org_id', '=', orgId)
    .where('m.user_id', '=', userId)
    .execute()
  const first = rows[0]
  if (!org || !first) return null
  return {
    id: recordId('person', `${orgId}:${userId}`),
    orgId,
    type: 'person',
    entityId: userId,
    title: first.name,
    body: [first.email, first.phone ?? '', ...new Set(rows.map((r) => r.role.replaceAll('_', ' ')))].join(
      ' ',
    ),
    language: 'fi',
    url: `/org/${orgId}/members`,
    updatedAt: new Date(),
    // People are found by those who may list the members, and by the person themselves.
    visibility: {
      roles: rolesAllowedTo('members.read', org),
      buildingId: null,
      participants: [userId],
      internal: false,
    },
  }
}

const person: Handler = async ({ db }, row) => {
  const { orgId, userId } = payloadObject(row.payload)
  const [o, u] =
    typeof orgId === 'string' && typeof userId === 'string' ? [orgId, userId] : row.entityId.split(':')
  if (!o || !u) throw new Error(`person.changed ${row.entityId}: expected <orgId>:<userId>`)
  const record = await personRecord(db, o, u)
  return record ? { upsert: [record], delete: [] } : { upsert: [], delete: [recordId('person', `${o}:${u}`)] }
}

// ── Documents and folders ───────────────────────────────────────────────────────────────────

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
  const changes = none()
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

export const HANDLERS: Readonly<Record<string, Handler>> = {
  'person.changed': person,
  'message.changed': messageChanged,
  'document.changed': documentChanged,
  'folder.changed': folderChanged,
  ...caseHandlers,
  ...taskHandlers,
  ...bookingHandlers,
  ...kbHandlers,
}
export const TOPICS = Object.keys(HANDLERS)

/** Every record of a type, from the tables: what `npm run reindex` feeds the engine. */
export async function* allRecords(ctx: SourceContext, type: RecordType): AsyncGenerator<SearchRecord[]> {
  const { db } = ctx
  const page = 500
  if (type === 'case') yield* allCases(ctx)
  if (type === 'task') yield* allTasks(ctx)
  if (type === 'booking') yield* allBookings(ctx)
  if (KB_TYPES.includes(type)) yield* allKb(ctx, type)
  if (type === 'person') {
    const cursor = { started: false, orgId: '', userId: '' }
    for (;;) {
      const rows = await db
        .selectFrom('memberships')
        .select(['org_id', 'user_id'])
        .distinct()
        .$if(cursor.started, (q) =>
          q.where(sql<boolean>`(org_id, user_id) > (${cursor.orgId}::uuid, ${cursor.userId}::uuid)`),
        )
        .orderBy('org_id')
        .orderBy('user_id')
        .limit(page)
        .execute()
      const last = rows.at(-1)
      if (!last) return
      const records = await Promise.all(rows.map((r) => personRecord(db, r.org_id, r.user_id)))
      yield records.filter((r): r is SearchRecord => r !== null)
      Object.assign(cursor, { started: true, orgId: last.org_id, userId: last.user_id })
    }
  }
  if (type === 'message') {
    let offset = 0
    for (;;) {
      const rows = await db
        .selectFrom('messages')
        .select(['thread_id', 'id'])
        .where('deleted', '=', false)
        .where('hidden', '=', false)
        .orderBy('thread_id')
        .orderBy('id')
        .limit(page)
        .offset(offset)
        .execute()
      if (rows.length === 0) return
      offset += rows.length
      const records = await Promise.all(rows.map((r) => messageRecord(db, r.thread_id, r.id)))
      yield records.filter((r): r is SearchRecord => r !== null)
    }
  }
  if (type === 'folder' || type === 'document') {
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
}

/** Rough row counts for the reindex progress bar. */
export async function countRecords(db: DB, type: RecordType): Promise<number> {
  if (KB_TYPES.includes(type)) return countKb(db, type)
  const count = async (q: Promise<{ n: string | number | bigint } | undefined>) => Number((await q)?.n ?? 0)
  switch (type) {
    case 'person':
      return count(
        sql<{ n: string }>`SELECT count(*) AS n FROM (SELECT DISTINCT org_id, user_id FROM memberships) m`
          .execute(db)
          .then((r) => r.rows[0]),
      )
    case 'message':
      return count(
        db
          .selectFrom('messages')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('deleted', '=', false)
          .where('hidden', '=', false)
          .executeTakeFirst(),
      )
    case 'folder':
      return count(
        db
          .selectFrom('document_folders')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('deleted_at', 'is', null)
          .executeTakeFirst(),
      )
    case 'document':
      return count(
        db
          .selectFrom('documents')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('deleted_at', 'is', null)
          .executeTakeFirst(),
      )
    case 'case':
      return countCases(db)
    case 'task':
      return countTasks(db)
    case 'booking':
      return countBookings(db)
    default:
      return 0
  }
}

export const INDEXED_TYPES: readonly RecordType[] = [
  'person',
  'message',
  'folder',
  'document',
  'case',
  'task',
  'booking',
  ...KB_TYPES,
]
