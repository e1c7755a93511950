import type { ExpressionBuilder } from 'kysely'
import type { Database } from '../../schema/db/types.ts'

/** Emails are unique case-insensitively (the index is on lower(email)): match the same way. */
export function emailIs(email: string) {
  return (eb: ExpressionBuilder<Database, 'users'>) =>
    eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase())
}
