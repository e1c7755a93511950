import type { Context } from 'hono'
import type { Language } from '../../schema/roles.ts'
import type { AppEnv } from './context.ts'

/**
 * The signed-in reader's language (their profile's, which the client keeps in step with the
 * header's language menu): lists name categories and channels in it (schema/localNames.ts).
 */
export async function readerLanguage(c: Context<AppEnv>): Promise<Language> {
  const user = await c
    .get('deps')
    .db.selectFrom('users')
    .select('language')
    .where('id', '=', c.get('session').userId)
    .executeTakeFirst()
  return user?.language ?? 'fi'
}
