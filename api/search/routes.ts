import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { searchAdapterFor } from '../../indexer/adapter.ts'
import { SearchQuery, type SearchResponse } from '../../schema/api/search.ts'
import { notFound } from '../../schema/errors.ts'
import type { AppEnv } from '../http/context.ts'
import { requireAuth } from '../http/security.ts'
import { valid } from '../http/validate.ts'
import { searcherFor } from './searcher.ts'

export const searchRoutes = new Hono<AppEnv>()
searchRoutes.use(requireAuth)

searchRoutes.get(
  '/',
  describeRoute({
    summary: 'Search everything the caller may see: people, messages, folders, documents',
    tags: ['search'],
  }),
  valid('query', SearchQuery),
  async (c) => {
    const query = c.req.valid('query')
    const { db, config } = c.get('deps')
    const { searcher, orgNames } = await searcherFor(db, c.get('principal'))
    let scoped = searcher
    if (query.org) {
      // An organisation the caller cannot search does not exist for them.
      const reach = searcher.reach.filter((r) => r.orgId === query.org)
      const guestOrgs = (searcher.guestOrgs ?? []).filter((id) => id === query.org)
      if (reach.length === 0 && guestOrgs.length === 0) throw notFound('The organisation')
      scoped = { ...searcher, reach, guestOrgs }
    }
    const page = await searchAdapterFor(db, config).search({
      text: query.q,
      searcher: scoped,
      types: query.types,
      limit: query.limit,
      cursor: query.cursor,
    })
    // Defence in depth: the engine filtered already; never return another organisation's hit.
    const allowed = new Set([...scoped.reach.map((r) => r.orgId), ...(scoped.guestOrgs ?? [])])
    const body: SearchResponse = {
      results: page.hits
        .filter((h) => allowed.has(h.orgId))
        .map((h) => ({
          id: h.id,
          type: h.type,
          title: h.title,
          snippet: h.snippet,
          orgId: h.orgId,
          orgName: orgNames.get(h.orgId) ?? '',
          url: h.url,
        })),
      nextCursor: page.nextCursor,
    }
    return c.json(body)
  },
)
