import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { CardParam, CommentBody, ProgressBody } from '../../schema/api/boards.ts'
import { updateCard } from '../../schema/docs/board.ts'
import { docName } from '../../schema/docs/names.ts'
import { notFound } from '../../schema/errors.ts'
import { can, type Principal } from '../../schema/policy.ts'
import { liveDocWrites, writeStoredDocument } from '../../server/docstore/docWriter.ts'
import type { AppEnv } from '../http/context.ts'
import { requireAuth } from '../http/security.ts'
import { valid } from '../http/validate.ts'
import { authorizeTask, myTasks, type VisibleTask } from './repository.ts'

/**
 * /api/tasks: cards as tasks, from the tasks projection. This is the only way a contractor reaches
 * a card delegated to their company: they read that card, comment on it and set its progress
 * (written into the board document by the server), and see nothing else of the board: no board
 * title, no other card, no document name.
 */
export const taskRoutes = new Hono<AppEnv>()
taskRoutes.use(requireAuth)

function present(p: Principal, { row, resource }: VisibleTask) {
  const boardReader = can(p, 'board.read', { type: 'board', org: resource.org, board: resource.board })
  return {
    cardId: row.card_id,
    orgId: row.org_id,
    orgName: row.org_name,
    title: row.title,
    description: row.description,
    assigneeId: row.assignee_id,
    delegatedOrgId: row.delegated_org_id,
    due: row.due,
    status: row.status,
    labels: row.labels,
    checklist: { done: row.checklist_done, total: row.checklist_total },
    progress: row.progress,
    updatedAt: new Date(row.updated_at).toISOString(),
    // Only for those who may open the board itself.
    board: boardReader
      ? { id: row.board_id, title: row.board_title, document: docName('board', row.org_id, row.board_id) }
      : null,
    abilities: {
      comment: can(p, 'task.comment', resource),
      progress: can(p, 'task.progress', resource),
    },
  }
}

taskRoutes.get(
  '/mine',
  describeRoute({
    summary: 'Tasks assigned to me or delegated to my company, across organisations',
    tags: ['tasks'],
  }),
  async (c) => {
    const principal = c.get('principal')
    const tasks = await myTasks(c.get('deps').db, principal)
    return c.json({ tasks: tasks.map((t) => present(principal, t)) })
  },
)

taskRoutes.get(
  '/:cardId',
  describeRoute({ summary: 'One task (a card), as far as the caller may see it', tags: ['tasks'] }),
  valid('param', CardParam),
  async (c) => {
    const principal = c.get('principal')
    const task = await authorizeTask(c.get('deps').db, principal, c.req.valid('param').cardId, 'task.read')
    return c.json({ task: present(principal, task) })
  },
)

taskRoutes.patch(
  '/:cardId/progress',
  describeRoute({
    summary: "Set a task's progress (0–100); the server writes it into the board",
    tags: ['tasks'],
  }),
  valid('param', CardParam),
  valid('json', ProgressBody),
  async (c) => {
    const { db } = c.get('deps')
    const principal = c.get('principal')
    const { cardId } = c.req.valid('param')
    const { progress } = c.req.valid('json')
    const { name, update, task } = await db.transaction().execute(async (trx) => {
      const task = await authorizeTask(trx, principal, cardId, 'task.progress')
      const name = docName('board', task.row.org_id, task.row.board_id)
      const { result: found, update } = await writeStoredDocument(trx, name, (doc) => {
        if (!doc.getMap('cards').has(cardId)) return false
        updateCard(doc, cardId, { progress })
        return true
      })
      if (!found) throw notFound('That task')
      await trx
        .updateTable('tasks')
        .set({ progress, updated_at: new Date() })
        .where('board_id', '=', task.row.board_id)
        .where('card_id', '=', cardId)
        .execute()
      return { name, update, task: { ...task, row: { ...task.row, progress } } }
    })
    if (update) liveDocWrites.publish(name, update)
    return c.json({ task: present(principal, task) })
  },
)

taskRoutes.get(
  '/:cardId/comments',
  describeRoute({ summary: 'Comments on a task', tags: ['tasks'] }),
  valid('param', CardParam),
  async (c) => {
    const { db } = c.get('deps')
    const task = await authorizeTask(db, c.get('principal'), c.req.valid('param').cardId, 'task.read')
    const comments = await db
      .selectFrom('task_comments as tc')
      .leftJoin('users as u', 'u.id', 'tc.author_id')
      .leftJoin('organisations as o', 'o.id', 'tc.author_org_id')
      .select([
        'tc.id',
        'tc.author_id',
        'u.name as author_name',
        'o.name as author_org',
        'tc.text',
        'tc.created_at',
      ])
      .where('tc.board_id', '=', task.row.board_id)
      .where('tc.card_id', '=', task.row.card_id)
      .orderBy('tc.created_at')
      .limit(500)
      .execute()
    return c.json({
      comments: comments.map((m) => ({
        id: m.id,
        authorId: m.author_id,
        authorName: m.author_name ?? '',
        authorOrg: m.author_org,
        text: m.text,
        createdAt: new Date(m.created_at).toISOString(),
      })),
    })
  },
)

taskRoutes.post(
  '/:cardId/comments',
  describeRoute({
    summary: 'Comment on a task (the board, or the contractor it is delegated to)',
    tags: ['tasks'],
  }),
  valid('param', CardParam),
  valid('json', CommentBody),
  async (c) => {
    const { db } = c.get('deps')
    const principal = c.get('principal')
    const task = await authorizeTask(db, principal, c.req.valid('param').cardId, 'task.comment')
    const delegate = task.resource.delegatedTo
    const asDelegate =
      delegate !== null &&
      !can(principal, 'board.write', { type: 'board', org: task.resource.org, board: task.resource.board })
    const row = await db
      .insertInto('task_comments')
      .values({
        org_id: task.row.org_id,
        board_id: task.row.board_id,
        card_id: task.row.card_id,
        author_id: principal.userId,
        author_org_id: asDelegate ? delegate.id : task.row.org_id,
        text: c.req.valid('json').text,
      })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow()
    return c.json({ comment: { id: row.id, createdAt: new Date(row.created_at).toISOString() } }, 201)
  },
)
