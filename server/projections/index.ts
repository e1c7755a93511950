import type { Kysely } from 'kysely'
import type * as Y from 'yjs'
import type { Database } from '../../schema/db/types.ts'
import type { DocRef } from '../../schema/docs/names.ts'
import { projectBoardWithNotices } from './boardNotices.ts'
import { projectCase } from './case.ts'
import type { VersionInput } from './messageVersions.ts'
import type { ProjectionReport } from './parked.ts'
import { projectThreadWithNotices } from './threadNotices.ts'

/**
 * A projection writes a kind's relational view (and outbox rows) from a document, inside the
 * compaction transaction. Projections are derived: they can be rebuilt from the documents.
 */
export type Projector = (
  trx: Kysely<Database>,
  ref: DocRef,
  doc: Y.Doc,
  /** The log rows this run folds in (threads record message history from them). */
  log?: VersionInput,
) => Promise<ProjectionReport | undefined>

export function projectorFor(ref: DocRef): Projector | null {
  // Only threads park items so far; the others report nothing.
  const silent =
    (project: (...args: Parameters<Projector>) => Promise<void>): Projector =>
    async (...args) => {
      await project(...args)
      return undefined
    }
  if (ref.kind === 'board') return silent(projectBoardWithNotices)
  if (ref.kind === 'case') return silent(projectCase)
  return ref.kind === 'thread' ? projectThreadWithNotices : null
}
