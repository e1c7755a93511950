import { sql } from 'kysely'
import * as Y from 'yjs'
import { readInbox } from '../../../schema/docs/inbox.ts'
import { inboxDocName } from '../../../schema/docs/names.ts'
import { APARTMENT_HOLDERS } from '../../../schema/policy/finance.ts'
import type { DB } from '../../../server/db/connect.ts'
import { applyStoredState } from '../../../server/docstore/documents.ts'

/**
 * What is held about a person, as named sets of rows. Which tables hold it is found from the
 * database's own foreign keys to `users` (as erasure's sweep and the structure references do),
 * so a table added next month is exported without anyone remembering to list it here. Secrets
 * never leave: whole tables of credentials, and columns that hold hashes, keys or binary state.
 */
export interface ExportSection {
  name: string
  rows: Record<string, unknown>[]
}

/** Credentials and the raw editing log: not "data about the person", and dangerous to hand out. */
const SKIPPED_TABLES = new Set([
  'sessions',
  'recovery_codes',
  'password_resets',
  'collab_tokens',
  'collab_updates',
  'login_failures',
  'api_keys',
])
/**
 * Columns that name a person without a foreign key (projected from live documents, where the
 * author may since have been erased). A reviewer adding such a column adds it here.
 */
const UNKEYED_REFERENCES = [
  { table: 'messages', column: 'author_id' },
  { table: 'thread_participants', column: 'user_id' },
  { table: 'tasks', column: 'assignee_id' },
  { table: 'communication_deliveries', column: 'user_id' },
]
const SECRET_COLUMN = /(hash|secret|password|token|totp|_key$|snapshot|^update$|vector)/i
/** A bound on one section, so one enormous history cannot exhaust the worker. */
const MAX_ROWS = 50_000

function clean(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(row)) {
    if (SECRET_COLUMN.test(k) || v instanceof Uint8Array) continue
    out[k] = v instanceof Date ? v.toISOString() : v
  }
  return out
}

export async function userReferences(db: DB): Promise<Array<{ table: string; column: string }>> {
  const fks = await sql<{ referencing: string; column: string }>`
    SELECT c.conrelid::regclass::text AS referencing, a.attname AS column
      FROM pg_constraint c
      CROSS JOIN LATERAL unnest(c.conkey, c.confkey) AS k(src, dst)
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.src
      JOIN pg_attribute t ON t.attrelid = c.confrelid AND t.attnum = k.dst
     WHERE c.contype = 'f' AND c.confrelid = 'users'::regclass AND t.attname = 'id'
     ORDER BY 1, 2`.execute(db)
  const keyed = fks.rows.map((r) => ({ table: r.referencing.replace(/^"|"$/g, ''), column: r.column }))
  const seen = new Set(keyed.map((r) => `${r.table}.${r.column}`))
  return [...keyed, ...UNKEYED_REFERENCES.filter((r) => !seen.has(`${r.table}.${r.column}`))]
    .filter((r) => !SKIPPED_TABLES.has(r.table))
    .sort((a, b) => `${a.table}.${a.column}`.localeCompare(`${b.table}.${b.column}`))
}

/** Every section of the export, in a stable order; `onStep` reports progress (0..1). */
export async function collectSections(
  db: DB,
  userId: string,
  onStep: (done: number) => Promise<void> = async () => {},
): Promise<ExportSection[]> {
  const refs = await userReferences(db)
  const sections: ExportSection[] = []
  const profile = await sql<Record<string, unknown>>`SELECT * FROM users WHERE id = ${userId}`.execute(db)
  sections.push({ name: 'profile', rows: profile.rows.map(clean) })
  let step = 0
  for (const ref of refs) {
    const rows = await sql<Record<string, unknown>>`
      SELECT * FROM ${sql.table(ref.table)} WHERE ${sql.ref(ref.column)} = ${userId} LIMIT ${MAX_ROWS}`.execute(
      db,
    )
    if (rows.rows.length > 0)
      sections.push({ name: `${ref.table}.${ref.column}`, rows: rows.rows.map(clean) })
    await onStep(++step / (refs.length + 3))
  }
  // The edit history of their own messages (its rows name the editor, not always the author).
  const versions = await sql<Record<string, unknown>>`
    SELECT v.* FROM message_versions v
      JOIN messages m ON m.org_id = v.org_id AND m.id = v.message_id
     WHERE m.author_id = ${userId} ORDER BY v.message_id, v.edited_at LIMIT ${MAX_ROWS}`.execute(db)
  sections.push({ name: 'message_versions.of_my_messages', rows: versions.rows.map(clean) })
  // What was done to their account (the audit trail's target, beside what they did as its actor).
  const about = await sql<Record<string, unknown>>`
    SELECT * FROM audit_log WHERE target_type = 'user' AND target_id = ${userId}
     ORDER BY id LIMIT ${MAX_ROWS}`.execute(db)
  sections.push({ name: 'audit_log.about_me', rows: about.rows.map(clean) })
  // Invoices addressed to an apartment they hold as owner or owner's representative, and the
  // payments against them: finance they may see (schema/policy/finance.ts), keyed by apartment,
  // not by person, so the foreign-key sweep above does not find them.
  const holderRoles = [...APARTMENT_HOLDERS]
  const invoices = await sql<Record<string, unknown>>`
    SELECT i.* FROM finance_invoices i
     WHERE EXISTS (SELECT 1 FROM memberships m
                    WHERE m.user_id = ${userId} AND m.org_id = i.org_id AND m.apartment_id = i.apartment_id
                      AND m.role IN (${sql.join(holderRoles)}))
     ORDER BY i.issued_on, i.id LIMIT ${MAX_ROWS}`.execute(db)
  sections.push({ name: 'finance_invoices.of_my_apartments', rows: invoices.rows.map(clean) })
  const payments = await sql<Record<string, unknown>>`
    SELECT p.* FROM finance_payments p
      JOIN finance_invoices i ON i.org_id = p.org_id AND i.id = p.invoice_id
     WHERE EXISTS (SELECT 1 FROM memberships m
                    WHERE m.user_id = ${userId} AND m.org_id = i.org_id AND m.apartment_id = i.apartment_id
                      AND m.role IN (${sql.join(holderRoles)}))
     ORDER BY p.paid_on, p.id LIMIT ${MAX_ROWS}`.execute(db)
  sections.push({ name: 'finance_payments.of_my_apartments', rows: payments.rows.map(clean) })
  // Notifications live in their inbox document, not a table.
  const inbox = new Y.Doc()
  try {
    await applyStoredState(db, inboxDocName(userId), inbox)
    sections.push({ name: 'notifications', rows: readInbox(inbox).map((i) => ({ ...i })) })
  } finally {
    inbox.destroy()
  }
  await onStep(1)
  return sections
}

/** The original files they uploaded and still exist (attachments, documents, photos). */
export async function uploadedFiles(db: DB, userId: string) {
  return db
    .selectFrom('files')
    .select(['id', 'org_id', 'sha256', 'name', 'mime', 'size'])
    .where('uploaded_by', '=', userId)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('attachments')
            .select('id')
            .whereRef('attachments.file_id', '=', 'files.id')
            .where('attachments.deleted_at', 'is not', null),
        ),
      ),
    )
    .orderBy('created_at')
    .limit(5_000)
    .execute()
}
