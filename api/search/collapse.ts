import { recordId, type SearchHit } from '../../server/search/types.ts'

/**
 * One result per shared thing. An article a management company shares is indexed once for the
 * company and once in each cooperative it manages (indexer/sources/articles.ts), and a partner
 * material once per company it is granted to, so that each organisation's reach finds its own
 * copy. Staff who reach several of those organisations would see the same article once per
 * cooperative. Copies of one article or material on a page are collapsed into the first one's
 * place, as the owner's record (its id is the plain record id) when that is among them, else as
 * the first copy found. Collapsing works within a page: a copy may still appear on a later page.
 */
const COPIED: ReadonlySet<SearchHit['type']> = new Set(['article', 'material'])

export function collapseCopies(hits: readonly SearchHit[]): SearchHit[] {
  const out: SearchHit[] = []
  const at = new Map<string, number>()
  for (const hit of hits) {
    if (!COPIED.has(hit.type)) {
      out.push(hit)
      continue
    }
    const own = recordId(hit.type, hit.entityId)
    const index = at.get(own)
    if (index === undefined) {
      at.set(own, out.length)
      out.push(hit)
    } else if (hit.id === own) {
      out[index] = hit
    }
  }
  return out
}
