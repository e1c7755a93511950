import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { sql } from 'kysely'
import { BoardPatchBody, BoardsQuery, NewBoardBody } from '../../schema/api/boards.ts'
import { IdParam } from '../../schema/api/common.ts'
import { seedColumns } from '../../schema/docs/board.ts'
import { docName } from '../../schema/docs/names.ts'
import { AppError, forbidden } from '../../schema/errors.ts'
import {
  BOARD_EDITORS,
  BOARD_WORKERS,
  boardAbilities,
  can,
  type OrgRef,
  type Principal,
} from '../../schema/policy.ts'
import { liveDocWrites, writeStoredDocument } from '../../server/docstore/docWriter.ts'
import { authorizeOrg } from '../http/access.ts'
import type { AppEnv } from '../http/context.ts'
import { requireAuth } from '../http/security.ts'
import { valid } from '../http/validate.ts'
import { authorizeBoard, type BoardRow, boardFacts } from './repository.ts'

/**
 * /api/boards: the task boards of a cooperative. The content of a board is its live document
 * (`document`); these routes hold what lives in its row (title, visibility, archived) and the
 * people a card can be assigned or delegated to.
 */
export const boardRoutes = new Hono<AppEnv>()
boardRoutes.use(requireAuth)

const present = (p: Principal, org: OrgRef, b: BoardRow) => ({
  id: b.id,
  orgId: b.orgId,
  title: b.title,
  visibility: b.visibility,
  topic: b.topic,
  archived: b.archived,
  createdAt: b.createdAt.toISOString(),
  document: docName('board', b.orgId, b.id),
  abilities: boardAbilities(p, org, boardFacts(b)),
})

boardRoutes.get(
  '/',
  describeRoute({ summary: 'Boards of an organisation the caller may read', tags: ['boards'] }),
  valid('query', BoardsQuery),
  async (c) => {
    const { db } = c.get('deps')
    const principal = c.get('principal')
    const org = await authorizeOrg(c, c.req.valid('query').org, 'org.read')
    const rows = await db
      .selectFrom('boards')
      .select(['id', 'org_id', 'title', 'visibility', 'topic', 'archived_at', 'created_at'])
      .where('org_id', '=', org.id)
      .orderBy('archived_at', (ob) => ob.nullsFirst())
      .orderBy('created_at')
      .execute()
    const boards = rows
      .map((r) => ({
        id: r.id,
        orgId: r.org_id,
        title: r.title,
        visibility: r.visibility,
        topic: r.topic,
        archived: r.archived_at !== null,
        createdAt: r.created_at,
      }))
      .filter((b) => can(principal, 'board.read', { type: 'board', org, board: boardFacts(b) }))
      .map((b) => present(principal, org, b))
    return c.json({
      boards,
      abilities: { create: can(principal, 'board.create', { type: 'board', org, board: null }) },
    })
  },
)

boardRoutes.post(
  '/',
  describeRoute({ summary: 'Create a board with its first columns (board and staff)', tags: ['boards'] }),
  valid('json', NewBoardBody),
  async (c) => {
    const { db } = c.get('deps')
    const body = c.req.valid('json')
    const principal = c.get('principal')
    const org = await authorizeOrg(c, body.org, 'org.read')
    if (!can(principal, 'board.create', { type: 'board', org, board: null })) {
      throw forbidden('Only the board and the property manager can create boards.')
    }
    const { row, name, update } = await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('boards')
        .values({
          org_id: org.id,
          title: body.title,
          visibility: body.visibility,
          topic: body.topic,
          created_by: principal.userId,
        })
        .returning(['id', 'org_id', 'title', 'visibility', 'topic', 'archived_at', 'created_at'])
        .executeTakeFirstOrThrow()
      const name = docName('board', org.id, row.id)
      const { update } = await writeStoredDocument(trx, name, (doc) => seedColumns(doc, body.columns))
      return { row, name, update }
    })
    if (update) liveDocWrites.publish(name, update)
    const board: BoardRow = {
      id: row.id,
      orgId: row.org_id,
      title: row.title,
      visibility: row.visibility,
      topic: row.topic,
      archived: false,
      createdAt: row.created_at,
    }
    return c.json({ board: present(principal, org, board) }, 201)
  },
)

boardRoutes.get(
  '/:id',
  describeRoute({ summary: 'A board: its row, document name and what the caller may do', tags: ['boards'] }),
  valid('param', IdParam),
  async (c) => {
    const { board, org } = await authorizeBoard(
      c.get('deps').db,
      c.get('principal'),
      c.req.valid('param').id,
      'board.read',
    )
    return c.json({ board: present(c.get('principal'), org, board) })
  },
)

boardRoutes.patch(
  '/:id',
  describeRoute({ summary: 'Rename, publish to residents or archive a board', tags: ['boards'] }),
  valid('param', IdParam),
  valid('json', BoardPatchBody),
  async (c) => {
    const { db } = c.get('deps')
    const principal = c.get('principal')
    const { board, org } = await authorizeBoard(db, principal, c.req.valid('param').id, 'board.manage')
    if (org.status !== 'active') throw new AppError('org_suspended', 'This organisation is suspended.')
    const body = c.req.valid('json')
    await db
      .updateTable('boards')
      .set({
        ...(body.title !== undefined ? { title: body.title } : {}),
        ...(body.visibility !== undefined ? { visibility: body.visibility } : {}),
        ...(body.topic !== undefined ? { topic: body.topic } : {}),
        ...(body.archived !== undefined ? { archived_at: body.archived ? sql<Date>`now()` : null } : {}),
      })
      .where('id', '=', board.id)
      .execute()
    // Readers who lost access (unpublished, archived) are re-authorised at once.
    c.get('deps').onAccessChanged({ kind: 'org', orgId: org.id })
    const { board: updated } = await authorizeBoard(db, principal, board.id, 'board.read')
    return c.json({ board: present(principal, org, updated) })
  },
)

boardRoutes.get(
  '/:id/people',
  describeRoute({
    summary: 'Who a card of this board can be assigned to, and the partner companies it can be delegated to',
    tags: ['boards'],
  }),
  valid('param', IdParam),
  async (c) => {
    const { db } = c.get('deps')
    const { org } = await authorizeBoard(db, c.get('principal'), c.req.valid('param').id, 'board.read')
    const direct = db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['u.id', 'u.name'])
      .where('m.org_id', '=', org.id)
      .where('m.role', 'in', [...BOARD_EDITORS, ...BOARD_WORKERS, 'accountant'])
    const staff = db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['u.id', 'u.name'])
      .where('m.org_id', '=', org.managedBy ?? '00000000-0000-0000-0000-000000000000')
      .where('m.role', 'in', ['property_manager', 'maintenance_staff'])
    const [people, partners] = await Promise.all([
      direct.union(staff).orderBy('name').execute(),
      db
        .selectFrom('organisations')
        .select(['id', 'name'])
        .where('kind', '=', 'partner_company')
        .where('status', '=', 'active')
        .orderBy('name')
        .limit(500)
        .execute(),
    ])
    return c.json({ people, partners })
  },
)
