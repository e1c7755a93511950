import { z } from 'zod'
import { Uuid } from './common.ts'

/** Request validators for /api/boards and /api/tasks. Strict: unknown fields are an error. */
export const BoardVisibilityInput = z.enum(['board', 'residents'])
/** A finance board (budget, fiscal year) is co-edited by the accountant too (schema/policy.ts). */
export const BoardTopicInput = z.enum(['general', 'finance'])
export const BoardTitle = z.string().trim().min(1, 'Required.').max(200)

export const BoardsQuery = z.strictObject({ org: Uuid })
export const NewBoardBody = z.strictObject({
  org: Uuid,
  title: BoardTitle,
  visibility: BoardVisibilityInput.default('board'),
  topic: BoardTopicInput.default('general'),
  /** The first columns, in the creator's language (the client sends them translated). */
  columns: z.array(z.string().trim().min(1).max(200)).max(20).default(['To do', 'In progress', 'Done']),
})
export const BoardPatchBody = z
  .strictObject({
    title: BoardTitle,
    visibility: BoardVisibilityInput,
    topic: BoardTopicInput,
    archived: z.boolean(),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'Nothing to change.')

export const CardParam = z.strictObject({ cardId: Uuid })
export const ProgressBody = z.strictObject({ progress: z.number().int().min(0).max(100) })
export const CommentBody = z.strictObject({ text: z.string().trim().min(1, 'Required.').max(4000) })
