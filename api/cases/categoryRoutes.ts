import { type Context, Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import {
  CategoriesBody,
  CategoriesQuery,
  CategoryCreateBody,
  CategoryParams,
  CategoryPatchBody,
} from '../../schema/api/cases.ts'
import { DEFAULT_CASE_CATEGORIES, MAX_CASE_CATEGORIES } from '../../schema/cases.ts'
import { AppError, forbidden, notFound } from '../../schema/errors.ts'
import { can, type OrgRef, rolesIn } from '../../schema/policy.ts'
import { loadOrgRef } from '../../server/access/principal.ts'
import type { DB } from '../../server/db/connect.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { categoriesOf } from './categories.ts'

// biome-ignore lint/suspicious/noExplicitAny: any route's context (input types differ per route)
type Ctx = Context<AppEnv, string, any>

/**
 * /api/cases/categories: a cooperative's case categories. Everyone who sees its cases reads
 * them; staff and the board (`case.categories`) add, rename and retire them. A category is never
 * deleted: a retired one stays on the cases filed under it (and names them) but is not offered
 * for new cases. The first change turns the defaults into the cooperative's own rows.
 * `readOrg` is the case routes' rule for who may read a cooperative's case vocabulary.
 */
type ReadOrg = (c: Ctx, orgId: string) => Promise<OrgRef>

/** The cooperative, for someone who may manage its categories: 404 outside it, 403 without the role. */
async function managedOrg(c: Ctx, orgId: string): Promise<OrgRef> {
  const principal = c.get('principal')
  const org = await loadOrgRef(c.get('deps').db, orgId)
  if (!org || (rolesIn(principal, org).size === 0 && !can(principal, 'org.read', { type: 'org', org })))
    throw notFound('The organisation')
  if (!can(principal, 'case.categories', { type: 'case', org, case: null }))
    throw forbidden('Only staff and the board can change the categories.')
  return org
}

/** Turns the defaults into rows (once), so adding or changing one keeps the others. */
async function materialise(trx: DB, orgId: string): Promise<void> {
  const have = await trx.selectFrom('case_categories').select('key').where('org_id', '=', orgId).execute()
  if (have.length > 0) return
  await trx
    .insertInto('case_categories')
    .values(DEFAULT_CASE_CATEGORIES.map((key, position) => ({ org_id: orgId, key, name: null, position })))
    .execute()
}

/**
 * The cooperative's categories under its row lock (changes to one list are serialised: positions,
 * names, keys), the defaults made rows first.
 */
async function lockedList(trx: DB, orgId: string) {
  await trx.selectFrom('organisations').select('id').where('id', '=', orgId).forUpdate().execute()
  await materialise(trx, orgId)
  return trx
    .selectFrom('case_categories')
    .select(['key', 'name', 'position', 'active'])
    .where('org_id', '=', orgId)
    .execute()
}

/** A key from a name: lowercase ASCII letters, digits and underscores (ä → a), unique in the cooperative. */
function keyFor(name: string, taken: ReadonlySet<string>): string {
  const base =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 32) || 'category'
  let key = base
  for (let n = 2; taken.has(key); n++) key = `${base}_${n}`
  return key
}

const sameName = (a: string | null, b: string) => a !== null && a.toLowerCase() === b.toLowerCase()

async function answer(c: Ctx, org: OrgRef, status: 200 | 201 = 200) {
  const { list, custom } = await categoriesOf(c.get('deps').db, org.id, { all: true })
  const manage = can(c.get('principal'), 'case.categories', { type: 'case', org, case: null })
  return c.json({ categories: list, custom, abilities: { manage } }, status)
}

export function categoryRoutes(readOrg: ReadOrg): Hono<AppEnv> {
  const routes = new Hono<AppEnv>()
  routes.get(
    '/',
    describeRoute({
      summary: "A cooperative's case categories (its own, or the defaults); all=1 adds retired ones",
      tags: ['cases'],
    }),
    valid('query', CategoriesQuery),
    async (c) => {
      const q = c.req.valid('query')
      const org = await readOrg(c, q.org)
      const { list, custom } = await categoriesOf(c.get('deps').db, org.id, { all: q.all === '1' })
      const manage = can(c.get('principal'), 'case.categories', { type: 'case', org, case: null })
      return c.json({ categories: list, custom, abilities: { manage } })
    },
  )

  routes.post(
    '/',
    describeRoute({ summary: 'Add a case category (staff and board)', tags: ['cases'] }),
    valid('json', CategoryCreateBody),
    async (c) => {
      const body = c.req.valid('json')
      const org = await managedOrg(c, body.org)
      await c
        .get('deps')
        .db.transaction()
        .execute(async (trx) => {
          const rows = await lockedList(trx, org.id)
          if (rows.length >= MAX_CASE_CATEGORIES)
            throw new AppError(
              'validation_failed',
              `A cooperative has at most ${MAX_CASE_CATEGORIES} categories.`,
            )
          if (rows.some((r) => sameName(r.name, body.name)))
            throw new AppError('conflict', 'A category with that name exists already.')
          await trx
            .insertInto('case_categories')
            .values({
              org_id: org.id,
              key: keyFor(body.name, new Set(rows.map((r) => r.key))),
              name: body.name,
              position: Math.max(-1, ...rows.map((r) => r.position)) + 1,
            })
            .execute()
        })
      return answer(c, org, 201)
    },
  )

  routes.patch(
    '/:key',
    describeRoute({
      summary: 'Rename, retire or bring back a case category (staff and board)',
      tags: ['cases'],
    }),
    valid('param', CategoryParams),
    valid('json', CategoryPatchBody),
    async (c) => {
      const { key } = c.req.valid('param')
      const body = c.req.valid('json')
      const org = await managedOrg(c, body.org)
      await c
        .get('deps')
        .db.transaction()
        .execute(async (trx) => {
          const rows = await lockedList(trx, org.id)
          const row = rows.find((r) => r.key === key)
          if (!row) throw notFound('That category')
          const name = body.name === undefined ? row.name : body.name
          if (name === null && !(DEFAULT_CASE_CATEGORIES as readonly string[]).includes(key))
            throw new AppError('validation_failed', 'A category of your own needs a name.')
          if (name !== null && rows.some((r) => r.key !== key && sameName(r.name, name)))
            throw new AppError('conflict', 'A category with that name exists already.')
          const active = body.active ?? row.active
          if (!active && rows.filter((r) => r.active && r.key !== key).length === 0)
            throw new AppError('validation_failed', 'Keep at least one category in use.')
          await trx
            .updateTable('case_categories')
            .set({ name, active })
            .where('org_id', '=', org.id)
            .where('key', '=', key)
            .execute()
        })
      return answer(c, org)
    },
  )

  routes.put(
    '/',
    describeRoute({
      summary: "Set a cooperative's categories in order (staff and board); missing ones are retired",
      tags: ['cases'],
    }),
    valid('json', CategoriesBody),
    async (c) => {
      const body = c.req.valid('json')
      const org = await managedOrg(c, body.org)
      const keys = new Set(body.categories.map((x) => x.key))
      if (keys.size !== body.categories.length)
        throw new AppError('validation_failed', 'Category keys repeat.')
      await c
        .get('deps')
        .db.transaction()
        .execute(async (trx) => {
          await trx.selectFrom('organisations').select('id').where('id', '=', org.id).forUpdate().execute()
          await trx
            .updateTable('case_categories')
            .set({ active: false })
            .where('org_id', '=', org.id)
            .where('key', 'not in', [...keys])
            .execute()
          await trx
            .insertInto('case_categories')
            .values(
              body.categories.map((x, i) => ({
                org_id: org.id,
                key: x.key,
                name: x.name,
                position: i,
                active: true,
              })),
            )
            .onConflict((oc) =>
              oc.columns(['org_id', 'key']).doUpdateSet((eb) => ({
                name: eb.ref('excluded.name'),
                position: eb.ref('excluded.position'),
                active: true,
              })),
            )
            .execute()
        })
      return answer(c, org)
    },
  )
  return routes
}
