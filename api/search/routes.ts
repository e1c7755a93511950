import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { SearchQuery, type SearchResponse } from '../../schema/api/search.ts'
import { notFound } from '../../schema/errors.ts'
import type { DB } from '../../server/db/connect.ts'
import { searchAdapterFor } from '../../server/search/adapter.ts'
import type { RecordType, SearchHit } from '../../server/search/types.ts'
import { invoiceResults } from '../finance/invoiceSearch.ts'
import type { AppEnv } from '../http/context.ts'
import { requireAuth } from '../http/security.ts'
import { valid } from '../http/validate.ts'
import { collapseCopies } from './collapse.ts'
import { searcherFor } from './searcher.ts'

/** The names of the page's authors: one query for the page, only for hits the caller may see. */
async function authorNames(db: DB, hits: readonly SearchHit[]): Promise<Map<string, string>> {
  const ids = [...new Set(hits.flatMap((h) => (h.authorId ? [h.authorId] : [])))]
  if (ids.length === 0) return new Map()
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute()
  return new Map(rows.map((r) => [r.id, r.name]))
}

export const searchRoutes = new Hono<AppEnv>()
searchRoutes.use(requireAuth)

searchRoutes.get(
  '/',
  describeRoute({
    summary:
      'Search everything the caller may see: people, messages, folders, documents, cases, tasks; by type, organisation, date range and author',
    tags: ['search'],
  }),
  valid('query', SearchQuery),
  async (c) => {
    const query = c.req.valid('query')
    const { db, config } = c.get('deps')
    const from = query.from ? new Date(`${query.from}T00:00:00Z`) : undefined
    // Inclusive: up to the end of that day.
    const to = query.to ? new Date(Date.parse(`${query.to}T00:00:00Z`) + 86_400_000) : undefined
    const { searcher, orgNames, orgRefs } = await searcherFor(db, c.get('principal'))
    let scoped = searcher
    if (query.org) {
      // An organisation the caller cannot search does not exist for them.
      const reach = searcher.reach.filter((r) => r.orgId === query.org)
      const guestOrgs = (searcher.guestOrgs ?? []).filter((id) => id === query.org)
      if (reach.length === 0 && guestOrgs.length === 0) throw notFound('The organisation')
      scoped = { ...searcher, reach, guestOrgs }
    }
    // Invoices are looked up in their table (api/finance/invoiceSearch.ts), not in the index.
    const indexTypes = query.types?.filter((t): t is RecordType => t !== 'invoice')
    const wantsInvoices = !query.types || query.types.includes('invoice')
    const onlyInvoices = query.types !== undefined && indexTypes?.length === 0
    // Invoices (on the first page only, before the index's hits; an author filter excludes them)
    // are looked up beside the index's search, not after it: neither waits for the other.
    const invoicesFound =
      wantsInvoices && !query.cursor && !query.author
        ? invoiceResults(
            db,
            c.get('principal'),
            // The rows searcherFor read, not one query per organisation in reach.
            scoped.reach.flatMap((r) => {
              const org = orgRefs.get(r.orgId)
              return org ? [{ org, name: orgNames.get(org.id) ?? '' }] : []
            }),
            query.q,
            { from, to },
          )
        : Promise.resolve([])
    const [page, invoices] = await Promise.all([
      onlyInvoices
        ? { hits: [], nextCursor: null }
        : searchAdapterFor(db, config).search({
            text: query.q,
            searcher: scoped,
            types: indexTypes,
            limit: query.limit,
            cursor: query.cursor,
            from,
            to,
            authorId: query.author,
          }),
      invoicesFound,
    ])
    // Defence in depth: the engine filtered already; never return another organisation's hit, nor
    // one of a case the policy no longer lets the searcher read.
    const allowed = new Set([...scoped.reach.map((r) => r.orgId), ...(scoped.guestOrgs ?? [])])
    const hidden = new Set(scoped.hidden ?? [])
    // A shared article or material once, not once per organisation it is shared with (collapse.ts).
    const hits = collapseCopies(page.hits.filter((h) => allowed.has(h.orgId) && !hidden.has(h.id)))
    const authors = await authorNames(db, hits)
    const body: SearchResponse = {
      results: [
        ...invoices,
        ...hits.map((h) => ({
          id: h.id,
          type: h.type,
          title: h.title,
          snippet: h.snippet,
          orgId: h.orgId,
          orgName: orgNames.get(h.orgId) ?? '',
          url: h.url,
          updatedAt: h.updatedAt.toISOString(),
          author: h.authorId ? { id: h.authorId, name: authors.get(h.authorId) ?? '' } : null,
        })),
      ],
      nextCursor: page.nextCursor,
    }
    return c.json(body)
  },
)
