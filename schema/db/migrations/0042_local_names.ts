import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * Issue 20: booking resource categories and standing channels get a name per language
 * (`{ fi?, sv?, en? }`) beside the stored name, which stays as the name of last resort (search,
 * mail subjects, audit). Existing names were typed by Finnish staff, so they become the Finnish
 * name; a reader in another language falls back to it until staff give theirs.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE booking_categories ADD COLUMN names jsonb NOT NULL DEFAULT '{}'::jsonb`.execute(db)
  await sql`UPDATE booking_categories SET names = jsonb_build_object('fi', name)`.execute(db)
  await sql`ALTER TABLE threads ADD COLUMN names jsonb NOT NULL DEFAULT '{}'::jsonb`.execute(db)
  await sql`UPDATE threads SET names = jsonb_build_object('fi', title) WHERE kind = 'channel'`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE threads DROP COLUMN names`.execute(db)
  await sql`ALTER TABLE booking_categories DROP COLUMN names`.execute(db)
}
