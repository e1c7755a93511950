import type { DocRef } from '../schema/docs/names.ts'
import type { AccessLevel } from './access.ts'

/** What the auth extension learns about a connection; every later hook reads it. */
export interface CollabContext {
  userId: string
  userName: string
  sessionId: string
  doc: DocRef
  orgId: string | null
  level: AccessLevel
  moderator: boolean
}

/** An error a hook throws to refuse: Hocuspocus sends `reason` to the client and closes with `code`. */
export class CollabRefusal extends Error {
  readonly code: number
  readonly reason: string
  constructor(code: number, reason: string) {
    super(reason)
    this.code = code
    this.reason = reason
  }
}

export function isCollabContext(value: unknown): value is CollabContext {
  return (
    typeof value === 'object' && value !== null && typeof (value as { userId?: unknown }).userId === 'string'
  )
}
