import { sql } from 'kysely'
import type { DB } from '../../server/db/connect.ts'
import { jsonb } from '../../server/db/json.ts'
import { allowHistoryPurge } from '../../server/db/purge.ts'
import { enqueue } from '../../server/outbox/enqueue.ts'
import { messageChanged } from '../../server/projections/thread.ts'
import { audit } from '../admin/audit.ts'
import { forgetInDocuments } from './documents.ts'

/** What an erased person is called from now on, wherever their name was shown. */
export const PSEUDONYM = 'Former resident'
export const pseudonymEmail = (userId: string) => `erased-${userId}@erased.invalid`

/**
 * Tables whose rows are kept as they are, because the law or the cooperative must keep them:
 * invoices and payments (bookkeeping, 6–10 years), the append-only audit trail. Everything else
 * that still holds the person's name or email after the targeted steps below is pseudonymised by
 * the sweep, found through information_schema so a table added later is covered too.
 */
export const KEPT_TABLES = ['audit_log', 'finance_invoices', 'finance_payments', 'finance_credits'] as const
const NOT_SWEPT = [...KEPT_TABLES, 'kysely_migration', 'kysely_migration_lock', 'users']

export interface ErasureSummary {
  documents: number
  sweptColumns: string[]
}

/**
 * Erases a person (issue 18; docs/GDPR.md). Their account row stays with a pseudonym; sessions,
 * memberships, second factor, recovery codes and their inbox go; their attachments are deleted
 * (the file sweep removes the bytes); messages keep the thread's shape, with the text removed when
 * asked; every other row naming them is pseudonymised; search records are rewritten with it.
 */
export async function eraseUser(
  db: DB,
  opts: { userId: string; removeMessageText: boolean; orgIds: readonly string[]; actorId: string | null },
): Promise<ErasureSummary> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'name', 'email'])
    .where('id', '=', opts.userId)
    .executeTakeFirstOrThrow()
  const pairs: [string, string][] = [
    [user.email, pseudonymEmail(user.id)],
    [user.name, PSEUDONYM],
  ]
  const documents = await forgetInDocuments(db, {
    userId: user.id,
    removeText: opts.removeMessageText,
    orgIds: opts.orgIds,
    pairs,
  })
  return db.transaction().execute(async (trx) => {
    const email = pseudonymEmail(user.id)
    if (opts.removeMessageText) {
      await trx
        .updateTable('messages')
        .set({ text: '', deleted: true })
        .where('author_id', '=', user.id)
        .execute()
      // Every search engine re-reads these messages (now empty) through the indexer.
      const written = await trx
        .selectFrom('messages')
        .select(['org_id', 'thread_id', 'id'])
        .where('author_id', '=', user.id)
        .execute()
      if (written.length)
        await enqueue(
          trx,
          'message.changed',
          written.map((m) => messageChanged(m.org_id, m.thread_id, m.id, user.id)),
        )
      await allowHistoryPurge(trx)
      await sql`DELETE FROM message_versions v USING messages m
                 WHERE m.id = v.message_id AND m.thread_id = v.thread_id AND m.author_id = ${user.id}`.execute(
        trx,
      )
    }
    for (const table of ['sessions', 'recovery_codes', 'password_resets', 'collab_tokens'] as const)
      await trx.deleteFrom(table).where('user_id', '=', user.id).execute()
    // Their exports: the rows go now, the zips with the daily upkeep (retention/job.ts removes
    // every zip without a live row).
    await trx.deleteFrom('gdpr_exports').where('user_id', '=', user.id).execute()
    await trx.deleteFrom('memberships').where('user_id', '=', user.id).execute()
    await trx
      .updateTable('invitations')
      .set({ revoked_at: new Date() })
      .where(sql`lower(email)`, '=', user.email.toLowerCase())
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .execute()
    await trx
      .updateTable('attachments')
      .set({ deleted_at: new Date(), deleted_by: null })
      .where('uploaded_by', '=', user.id)
      .where('deleted_at', 'is', null)
      // What an organisation sent (an AGM notice) or its events carry is its record, like its
      // documents: it stays for the recipients when the staff member who attached it is erased.
      .where('owner_kind', 'not in', ['communication', 'event'])
      .execute()
    await trx
      .updateTable('users')
      .set({
        name: PSEUDONYM,
        email,
        phone: null,
        password_hash: null,
        totp_key: null,
        totp_pending_key: null,
        notification_prefs: jsonb({}),
        erased_at: new Date(),
      })
      .where('id', '=', user.id)
      .execute()
    const sweptColumns = await sweep(trx, pairs)
    // Invoices keep the payer's name as issued (bookkeeping), but search no longer finds them by it.
    if (user.name.trim().length >= 3 && opts.orgIds.length)
      await trx
        .updateTable('finance_invoices')
        .set({ payer_erased: true })
        .where('org_id', 'in', opts.orgIds)
        .where(sql<boolean>`lower(payer_name) = lower(${user.name})`)
        .execute()
    // The search index: the person's own record goes; what they wrote was rewritten by the sweep
    // (its search vector follows by trigger); their name's words leave the typo lexicon.
    await trx
      .deleteFrom('search_records')
      .where('type', '=', 'person')
      .where('entity_id', '=', user.id)
      .execute()
    const words = user.name
      .toLowerCase()
      .split(/\s+/)
      .filter((w) => w.length > 1)
    if (words.length) await trx.deleteFrom('search_lexicon').where('word', 'in', words).execute()
    for (const orgId of opts.orgIds)
      await audit(trx, {
        orgId,
        actorId: opts.actorId,
        action: 'gdpr.erased',
        targetType: 'user',
        targetId: user.id,
        details: { removeMessageText: opts.removeMessageText },
      })
    return { documents, sweptColumns }
  })
}

/** Replaces each text with its pseudonym in every text and jsonb column of every other table. */
async function sweep(trx: DB, pairs: [string, string][]): Promise<string[]> {
  const columns = await sql<{ table_name: string; column_name: string; data_type: string }>`
    SELECT c.table_name, c.column_name, c.data_type
      FROM information_schema.columns c
      JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
       AND c.data_type IN ('text', 'character varying', 'jsonb')
       AND c.is_generated = 'NEVER'
       AND NOT (c.table_name = ANY(${NOT_SWEPT}))`.execute(trx)
  const touched: string[] = []
  for (const col of columns.rows) {
    for (const [from, to] of pairs) {
      if (from.trim().length < 3) continue
      const pattern = from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      const target = sql.ref(col.column_name)
      const value = col.data_type === 'jsonb' ? sql`${target}::text` : sql`${target}`
      const replaced = sql`regexp_replace(${value}, ${pattern}, ${to}, 'gi')`
      const result = await sql`
        UPDATE ${sql.table(col.table_name)}
           SET ${target} = ${col.data_type === 'jsonb' ? sql`${replaced}::jsonb` : replaced}
         WHERE ${value} ~* ${pattern}`.execute(trx)
      if (Number(result.numAffectedRows ?? 0) > 0) touched.push(`${col.table_name}.${col.column_name}`)
    }
  }
  return [...new Set(touched)]
}
