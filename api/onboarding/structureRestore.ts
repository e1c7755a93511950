import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { sql } from 'kysely'
import { ApartmentParams, BuildingParams, StaircaseParams } from '../../schema/api/onboarding.ts'
import { AppError, notFound } from '../../schema/errors.ts'
import type { DB } from '../../server/db/connect.ts'
import { isUniqueViolation } from '../../server/db/errors.ts'
import { audit } from '../admin/audit.ts'
import { authorizeOrg } from '../http/access.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'

/**
 * Undo for a removed building, staircase or apartment (issue 18: removal shows an undo instead of
 * asking first). A row is removed only when nothing refers to it (references.ts), so putting the
 * very same row back (same id, every column) restores it completely: nothing else was changed by
 * the removal. The removal's audit entry keeps the whole row (`details.restore`, `to_jsonb`, so a
 * column added later is kept too), and the restore reads it back from there with
 * `jsonb_populate_record`: the server restores what it removed, never what a client sends. Undo
 * is for a moment's mistake, so it is offered for an hour; after that the structure is re-added
 * by hand. What changed meanwhile is refused with the reason: the row is already back, another
 * row now has its name or number, or its building or staircase has been removed since.
 */
export type StructureKind = 'building' | 'staircase' | 'apartment'
const TABLE = { building: 'buildings', staircase: 'staircases', apartment: 'apartments' } as const
const UNDO_MS = 60 * 60 * 1000

/** Deletes the row and returns it whole, for the removal's audit entry (`details.restore`). */
export async function removeKeepingRow(
  trx: DB,
  kind: StructureKind,
  orgId: string,
  id: string,
): Promise<Record<string, unknown>> {
  const table = TABLE[kind]
  const removed = await sql<{ row: Record<string, unknown> | string }>`
    DELETE FROM ${sql.table(table)} AS t WHERE t.id = ${id} AND t.org_id = ${orgId}
    RETURNING to_jsonb(t.*) AS row`.execute(trx)
  const row = removed.rows[0]?.row
  if (!row) throw new AppError('conflict', 'It changed meanwhile.')
  return typeof row === 'string' ? (JSON.parse(row) as Record<string, unknown>) : row
}

const isForeignKeyViolation = (e: unknown) =>
  typeof e === 'object' && e !== null && 'code' in e && (e as { code: unknown }).code === '23503'

const cannot = (reason: 'restored' | 'taken' | 'parent_removed', message: string) =>
  new AppError('conflict', message, { details: { reason } })

async function restore(
  c: Parameters<typeof authorizeOrg>[0],
  kind: StructureKind,
  orgId: string,
  id: string,
) {
  const org = await authorizeOrg(c, orgId, 'org.structure.manage')
  const { db } = c.get('deps')
  const actorId = c.get('session').userId
  const table = TABLE[kind]
  // The latest removal of this row in this organisation: another organisation's id is not found.
  const removal = await db
    .selectFrom('audit_log')
    .select(['id', 'at'])
    .select(sql<boolean>`details ? 'restore'`.as('restorable'))
    .where('org_id', '=', org.id)
    .where('action', '=', `${kind}.removed`)
    .where('target_type', '=', kind)
    .where('target_id', '=', id)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
  if (!removal?.restorable || Date.now() - removal.at.getTime() > UNDO_MS)
    throw notFound('The removal to undo')
  const back = await sql`SELECT 1 FROM ${sql.table(table)} WHERE id = ${id}`.execute(db)
  if (back.rows.length > 0) throw cannot('restored', 'It is already back.')
  await db
    .transaction()
    .execute(async (trx) => {
      const restored = await sql<{ label: string }>`
        INSERT INTO ${sql.table(table)}
        SELECT * FROM jsonb_populate_record(
          NULL::${sql.table(table)},
          (SELECT details->'restore' FROM audit_log WHERE id = ${removal.id} AND org_id = ${org.id}))
        RETURNING ${sql.ref(kind === 'apartment' ? 'number' : 'name')} AS label`.execute(trx)
      await audit(trx, {
        orgId: org.id,
        actorId,
        action: `${kind}.restored`,
        targetType: kind,
        targetId: id,
        details: { [kind === 'apartment' ? 'number' : 'name']: restored.rows[0]?.label ?? '' },
      })
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error))
        throw cannot('taken', 'Another one with the same name or number has been added since.')
      if (isForeignKeyViolation(error))
        throw cannot(
          'parent_removed',
          'Its building or staircase has been removed since. Restore that first.',
        )
      throw error
    })
  return c.json({ ok: true }, 201)
}

/** Mounted under /api/orgs, behind requireAuth. */
export const structureRestoreRoutes = new Hono<AppEnv>()

structureRestoreRoutes.post(
  '/:id/buildings/:buildingId/restore',
  describeRoute({ summary: 'Undo the removal of a building (within an hour)', tags: ['orgs'] }),
  valid('param', BuildingParams),
  (c) => restore(c, 'building', c.req.valid('param').id, c.req.valid('param').buildingId),
)

structureRestoreRoutes.post(
  '/:id/staircases/:staircaseId/restore',
  describeRoute({ summary: 'Undo the removal of a staircase (within an hour)', tags: ['orgs'] }),
  valid('param', StaircaseParams),
  (c) => restore(c, 'staircase', c.req.valid('param').id, c.req.valid('param').staircaseId),
)

structureRestoreRoutes.post(
  '/:id/apartments/:apartmentId/restore',
  describeRoute({ summary: 'Undo the removal of an apartment (within an hour)', tags: ['orgs'] }),
  valid('param', ApartmentParams),
  (c) => restore(c, 'apartment', c.req.valid('param').id, c.req.valid('param').apartmentId),
)
