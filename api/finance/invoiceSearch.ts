import { sql } from 'kysely'
import type { SearchResult } from '../../schema/api/search.ts'
import { formatReference } from '../../schema/finance/reference.ts'
import { can, type OrgRef, type Principal } from '../../schema/policy.ts'
import type { DB } from '../../server/db/connect.ts'
import { stripMarks, toSnippet } from '../../server/search/types.ts'
import { dateText } from './dates.ts'

/** At most this many invoice hits, on the first page of a search only. */
export const INVOICE_HIT_LIMIT = 10

/**
 * Invoices for the global search, for the cooperative's finance readers only (board, manager,
 * accountant, auditor: `finance.read`; owners find their own under My finances). Not indexed:
 * an import writes tens of thousands of invoices at a time, and the three ways staff look one up
 * are exact or narrow enough to ask the table directly, which is live by construction:
 * - the reference number (viitenumero), spaces allowed, on the (org_id, reference) unique index;
 * - the ERP's invoice number (`externalId`), exact, on the (org_id, external_id) unique index;
 * - the payer's name, a case-insensitive substring of three characters or more.
 * Each organisation is put to the policy with its row; the caller passes only organisations the
 * searcher may search at all (the search's reach), so another organisation never answers.
 */
export async function invoiceResults(
  db: DB,
  principal: Principal,
  orgs: readonly { org: OrgRef; name: string }[],
  text: string,
  window: { from?: Date | undefined; to?: Date | undefined },
): Promise<SearchResult[]> {
  const readable = orgs.filter(({ org }) => can(principal, 'finance.read', { type: 'finance', org }))
  const q = text.trim()
  if (readable.length === 0 || q.length < 3) return []
  const digits = q.replace(/\s+/g, '')
  const reference = /^[0-9]{4,20}$/.test(digits) ? digits : null
  const like = `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`
  const rows = await db
    .selectFrom('finance_invoices as i')
    .innerJoin('apartments as a', (j) =>
      j.onRef('a.id', '=', 'i.apartment_id').onRef('a.org_id', '=', 'i.org_id'),
    )
    .select([
      'i.id',
      'i.org_id',
      'i.apartment_id',
      'a.number as apartment_number',
      'i.external_id',
      'i.payer_name',
      'i.reference',
      'i.amount_cents',
      dateText('i.period').as('period'),
      'i.updated_at',
    ])
    .where(
      'i.org_id',
      'in',
      readable.map(({ org }) => org.id),
    )
    .where((eb) =>
      eb.or([
        ...(reference ? [eb('i.reference', '=', reference)] : []),
        eb('i.external_id', '=', q),
        // An erased payer's kept invoices are not found by their name (api/gdpr/erase.ts).
        sql<boolean>`(i.payer_name ILIKE ${like} AND NOT i.payer_erased)`,
      ]),
    )
    .$if(window.from !== undefined, (qb) => qb.where('i.updated_at', '>=', window.from as Date))
    .$if(window.to !== undefined, (qb) => qb.where('i.updated_at', '<', window.to as Date))
    // Exact matches first, then the newest charges.
    .orderBy(
      (eb) =>
        eb
          .case()
          .when(eb.or([eb('i.reference', '=', reference ?? ''), eb('i.external_id', '=', q)]))
          .then(0)
          .else(1)
          .end(),
      'asc',
    )
    .orderBy('i.due_date', 'desc')
    .orderBy('i.id')
    .limit(INVOICE_HIT_LIMIT)
    .execute()
  const names = new Map(readable.map(({ org, name }) => [org.id, name]))
  return rows.map((raw) => {
    // The ERP's text must not forge a highlight.
    const r = {
      ...raw,
      payer_name: stripMarks(raw.payer_name),
      external_id: raw.external_id && stripMarks(raw.external_id),
    }
    const mark = (s: string, hit: boolean) => (hit ? `\u0001${s}\u0002` : s)
    const refHit = r.reference === reference
    const numberHit = r.external_id === q
    const payerHit = !refHit && !numberHit && r.payer_name.toLowerCase().includes(q.toLowerCase())
    const payer = payerHit ? markSubstring(r.payer_name, q) : r.payer_name
    return {
      id: `invoice:${r.id}`,
      type: 'invoice',
      title: `${r.apartment_number} · ${r.period.slice(0, 7)}${r.payer_name ? ` · ${r.payer_name}` : ''}`,
      snippet: toSnippet(
        [
          mark(formatReference(r.reference), refHit),
          r.external_id ? mark(r.external_id, numberHit) : '',
          payer,
          `${(r.amount_cents / 100).toFixed(2)} €`,
        ]
          .filter((s) => s !== '')
          .join(' · '),
      ),
      orgId: r.org_id,
      orgName: names.get(r.org_id) ?? '',
      url: `/org/${r.org_id}/finance/apartments/${r.apartment_id}?invoice=${r.id}`,
      updatedAt: new Date(r.updated_at).toISOString(),
      author: null,
    }
  })
}

/** The first case-insensitive occurrence of `q` in `s`, wrapped in the engines' highlight marks. */
function markSubstring(s: string, q: string): string {
  const at = s.toLowerCase().indexOf(q.toLowerCase())
  if (at < 0) return s
  return `${s.slice(0, at)}\u0001${s.slice(at, at + q.length)}\u0002${s.slice(at + q.length)}`
}
