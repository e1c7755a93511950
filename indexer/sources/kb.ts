import type { DB } from '../../server/db/connect.ts'
import type { RecordType, SearchRecord } from '../../server/search/types.ts'
import type { Handler, SourceContext } from '../sources.ts'
import { allArticles, articleHandlers, countArticles } from './articles.ts'
import { allMaterials, countMaterials, materialHandlers } from './materials.ts'

/** The knowledge base's share of the indexer (articles and partner materials), in one place. */
export const KB_TYPES: readonly RecordType[] = ['article', 'material']

export const kbHandlers: Readonly<Record<string, Handler>> = { ...articleHandlers, ...materialHandlers }

export function allKb(ctx: SourceContext, type: RecordType): AsyncGenerator<SearchRecord[]> {
  return type === 'article' ? allArticles(ctx) : allMaterials(ctx)
}

export function countKb(db: DB, type: RecordType): Promise<number> {
  return type === 'article' ? countArticles(db) : countMaterials(db)
}
