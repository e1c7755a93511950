import { z } from 'zod'
import { Uuid } from './common.ts'

/** Request validators for the data-protection rights (issue 18). */
export const ErasureRequestBody = z.strictObject({
  /** Remove the text of every message they wrote (the thread keeps its shape). */
  removeMessageText: z.boolean().default(false),
})
export const ErasureParams = z.strictObject({ id: Uuid, requestId: Uuid })
