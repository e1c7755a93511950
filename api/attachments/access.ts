import type { AttachmentOwner } from '../../schema/api/attachments.ts'
import { can, type OrgRef, type Principal, type TaskResource } from '../../schema/policy.ts'
import { loadCaseFacts } from '../../server/access/caseFacts.ts'
import { loadOrgRef } from '../../server/access/principal.ts'
import { threadAccess } from '../../server/access/threadAccess.ts'
import type { DB } from '../../server/db/connect.ts'
import { communicationOwner, eventOwner } from './communicationOwners.ts'

/**
 * An attachment has no rules of its own: it inherits them from what it hangs on, asked through
 * the one policy (`can()`) with that owner's facts loaded from its rows.
 *   case     read: case.read     upload: case.comment     manage: case.manage
 *   message  read/upload/manage: the thread's read/write/moderate (threadAccess: a case's thread,
 *            its internal notes, or a standing channel)
 *   task     read: task.read (board readers, and the contractor the card is delegated to)
 *            upload: task.comment   manage: board.write
 *   communication, event: communicationOwners.ts (a send's recipients and senders; event.read/manage)
 * `manage` may delete anyone's attachment; an uploader may delete their own while they may upload.
 */
export interface OwnerAccess {
  orgId: string
  read: boolean
  upload: boolean
  manage: boolean
  /** The card's board (task owners only). */
  boardId: string | null
}

async function caseOwner(db: DB, p: Principal, caseId: string): Promise<OwnerAccess | null> {
  const loaded = await loadCaseFacts(db, caseId)
  if (!loaded) return null
  const resource = { type: 'case', org: loaded.org, case: loaded.facts } as const
  return {
    orgId: loaded.org.id,
    read: can(p, 'case.read', resource),
    upload: can(p, 'case.comment', resource),
    manage: can(p, 'case.manage', resource),
    boardId: null,
  }
}

async function messageOwner(db: DB, p: Principal, threadId: string): Promise<OwnerAccess | null> {
  const access = await threadAccess(db, p, threadId)
  if (!access) return null
  return {
    orgId: access.orgId,
    read: access.read,
    upload: access.write,
    manage: access.moderate,
    boardId: null,
  }
}

/**
 * A card as a task resource, from its projection row. Without `boardId` (an upload or a list by
 * card id) the card must resolve to exactly one readable task in that organisation, as in
 * /api/tasks; a card archived off the board stays readable for the board only, not a delegate.
 */
async function taskOwner(
  db: DB,
  p: Principal,
  orgId: string,
  cardId: string,
  boardId: string | null,
): Promise<OwnerAccess | null> {
  let q = db
    .selectFrom('tasks as t')
    .innerJoin('boards as b', (j) => j.onRef('b.id', '=', 't.board_id').onRef('b.org_id', '=', 't.org_id'))
    .select(['t.org_id', 't.board_id', 't.delegated_org_id', 't.archived', 'b.visibility', 'b.archived_at'])
    .where('t.org_id', '=', orgId)
    .where('t.card_id', '=', cardId)
  if (boardId) q = q.where('t.board_id', '=', boardId)
  const rows = await q.execute()
  const org = rows.length > 0 ? await loadOrgRef(db, orgId) : null
  if (!org) return null
  const readable: { resource: TaskResource; boardId: string }[] = []
  for (const row of rows) {
    const board = { id: row.board_id, visibility: row.visibility, archived: row.archived_at !== null }
    const delegatedTo: OrgRef | null =
      row.delegated_org_id && !row.archived ? await loadOrgRef(db, row.delegated_org_id) : null
    const resource = { type: 'task', org, board, delegatedTo } as const
    if (can(p, 'task.read', resource)) readable.push({ resource, boardId: row.board_id })
  }
  const only = readable.length === 1 ? readable[0] : undefined
  if (!only) return null
  const { resource } = only
  return {
    orgId,
    read: true,
    upload: can(p, 'task.comment', resource),
    manage: can(p, 'board.write', { type: 'board', org, board: resource.board }),
    boardId: only.boardId,
  }
}

/** What the principal may do with the attachments of one owner; null when it does not exist. */
export async function ownerAccess(
  db: DB,
  p: Principal,
  owner: { orgId: string; kind: AttachmentOwner; id: string; boardId?: string | null },
): Promise<OwnerAccess | null> {
  const access =
    owner.kind === 'case'
      ? await caseOwner(db, p, owner.id)
      : owner.kind === 'message'
        ? await messageOwner(db, p, owner.id)
        : owner.kind === 'communication'
          ? await communicationOwner(db, p, owner.orgId, owner.id)
          : owner.kind === 'event'
            ? await eventOwner(db, p, owner.id)
            : await taskOwner(db, p, owner.orgId, owner.id, owner.boardId ?? null)
  // An owner in another organisation than the one named is, for this request, nothing at all.
  return access && access.orgId === owner.orgId ? access : null
}
