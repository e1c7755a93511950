import { describe, expect, it } from 'vitest'
import type { SearchHit } from '../../server/search/types.ts'
import { collapseCopies } from './collapse.ts'

const hit = (id: string, type: SearchHit['type'], entityId: string, orgId: string): SearchHit => ({
  id,
  orgId,
  type,
  entityId,
  title: id,
  snippet: '',
  url: `/org/${orgId}/x`,
  score: 1,
  updatedAt: new Date(0),
  authorId: null,
})

describe('collapsing shared copies in search results', () => {
  it('keeps one article or material per page, the owner’s record in the first copy’s place', () => {
    const hits = [
      hit('article:a:coop1', 'article', 'a', 'coop1'),
      hit('case:c', 'case', 'c', 'coop1'),
      hit('article:a:coop2', 'article', 'a', 'coop2'),
      hit('article:a', 'article', 'a', 'mgmt'),
      hit('material:m:p1', 'material', 'm', 'p1'),
      hit('material:m:p2', 'material', 'm', 'p2'),
      hit('person:x', 'person', 'x', 'coop1'),
      hit('person:x2', 'person', 'x', 'coop2'),
    ]
    expect(collapseCopies(hits).map((h) => h.id)).toEqual([
      'article:a',
      'case:c',
      'material:m:p1',
      'person:x',
      'person:x2',
    ])
  })
})
