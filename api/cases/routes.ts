import { type Context, Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import {
  CaseCreateBody,
  CaseListQuery,
  CaseParticipantParams,
  CasePatchBody,
  ParticipantBody,
} from '../../schema/api/cases.ts'
import { IdParam } from '../../schema/api/common.ts'
import { forbidden, notFound } from '../../schema/errors.ts'
import { type CaseAction, can, type OrgRef, rolesIn } from '../../schema/policy.ts'
import { type LoadedCase, loadCaseFacts } from '../../server/access/caseFacts.ts'
import { loadOrgRef } from '../../server/access/principal.ts'
import { orgRefOf } from '../http/access.ts'
import type { AppEnv } from '../http/context.ts'
import { requireAuth } from '../http/security.ts'
import { valid } from '../http/validate.ts'
import { categoryRoutes } from './categoryRoutes.ts'
import { caseDetail } from './detail.ts'
import { casesNaming, listCases } from './list.ts'
import { reportCaseOnce } from './reportOnce.ts'

// biome-ignore lint/suspicious/noExplicitAny: any route's context (input types differ per route)
type Ctx = Context<AppEnv, string, any>

/** /api/cases: report, list, read a case; participants and sharing; a cooperative's categories. */
export const caseRoutes = new Hono<AppEnv>()
caseRoutes.use(requireAuth)

/**
 * Loads a case and applies the policy: someone who may not read it gets 404 (its existence does
 * not leak), someone who may read it but not do `action` gets 403.
 */
async function authorizeCase(c: Ctx, id: string, action: CaseAction): Promise<LoadedCase> {
  const loaded = await loadCaseFacts(c.get('deps').db, id)
  const principal = c.get('principal')
  const resource = loaded && ({ type: 'case', org: loaded.org, case: loaded.facts } as const)
  if (!loaded || !resource || !can(principal, 'case.read', resource)) throw notFound('That case')
  if (!can(principal, action, resource)) throw forbidden('Your role does not allow that on this case.')
  return loaded
}

/** An organisation the caller may see cases of: a member, or someone taking part in one of its cases. */
async function caseOrg(c: Ctx, orgId: string): Promise<OrgRef> {
  const { db } = c.get('deps')
  const principal = c.get('principal')
  const org = await orgRefOf(c, orgId)
  if (!org) throw notFound('The organisation')
  if (rolesIn(principal, org).size > 0 || can(principal, 'org.read', { type: 'org', org })) return org
  const involved = await db
    .selectFrom('cases')
    .select('id')
    .where('org_id', '=', org.id)
    .where((eb) =>
      eb.or([
        eb('assignee_id', '=', principal.userId),
        eb(
          'id',
          'in',
          eb.selectFrom('case_participants').select('case_id').where('user_id', '=', principal.userId),
        ),
      ]),
    )
    .limit(1)
    .executeTakeFirst()
  if (!involved || org.status !== 'active') throw notFound('The organisation')
  return org
}

caseRoutes.post(
  '/',
  describeRoute({
    summary:
      'Report a case (creates its live document, thread and internal notes); the same clientKey again returns that case with 200',
    tags: ['cases'],
  }),
  valid('json', CaseCreateBody),
  async (c) => {
    const { db } = c.get('deps')
    const body = c.req.valid('json')
    const principal = c.get('principal')
    const org = await loadOrgRef(db, body.org)
    if (!org || rolesIn(principal, org).size === 0) throw notFound('The organisation')
    if (!can(principal, 'case.create', { type: 'case', org, case: null }))
      throw forbidden('Your role in this organisation cannot report cases.')
    const { id, created } = await reportCaseOnce(db, principal, org, body)
    const loaded = await loadCaseFacts(db, id)
    return c.json(await caseDetail(db, principal, loaded!), created ? 201 : 200)
  },
)

caseRoutes.get(
  '/',
  describeRoute({
    summary: 'Cases the caller may see, filtered, sorted and paged (with unread counts)',
    tags: ['cases'],
  }),
  valid('query', CaseListQuery),
  async (c) => {
    const { db } = c.get('deps')
    const q = c.req.valid('query')
    const principal = c.get('principal')
    const requested = q.org ? await caseOrg(c, q.org) : null
    // A partner company (a contractor's) has no cases of its own: its people see, across the
    // cooperatives, the cases they take part in (assigned or added), and the policy filters each.
    const org = requested?.kind === 'partner_company' ? null : requested
    const orgs = new Map<string, OrgRef>()
    if (org) orgs.set(org.id, org)
    else {
      const rows = await db
        .selectFrom('organisations')
        .select(['id', 'kind', 'status', 'managed_by'])
        .where(
          'id',
          'in',
          db.selectFrom('cases').select('org_id').where('id', 'in', casesNaming(db, principal.userId)),
        )
        .execute()
      for (const r of rows)
        orgs.set(r.id, { id: r.id, kind: r.kind, status: r.status, managedBy: r.managed_by })
    }
    const list = await listCases(db, principal, org, q, orgs)
    const create = org ? can(principal, 'case.create', { type: 'case', org, case: null }) : false
    return c.json({ ...list, abilities: { create } })
  },
)

// Before '/:id', so "categories" is never taken for a case id.
caseRoutes.route('/categories', categoryRoutes(caseOrg))

caseRoutes.get(
  '/:id',
  describeRoute({ summary: 'One case: fields, location, history, documents, abilities', tags: ['cases'] }),
  valid('param', IdParam),
  async (c) => {
    const loaded = await authorizeCase(c, c.req.valid('param').id, 'case.read')
    return c.json(await caseDetail(c.get('deps').db, c.get('principal'), loaded))
  },
)

caseRoutes.patch(
  '/:id',
  describeRoute({ summary: 'Share a case with its building, or stop sharing (handlers)', tags: ['cases'] }),
  valid('param', IdParam),
  valid('json', CasePatchBody),
  async (c) => {
    const { db } = c.get('deps')
    const loaded = await authorizeCase(c, c.req.valid('param').id, 'case.manage')
    const body = c.req.valid('json')
    await db
      .updateTable('cases')
      .set({ shared_with_building: body.sharedWithBuilding, updated_at: new Date() })
      .where('id', '=', loaded.facts.id)
      .execute()
    // Neighbours who lose sight of it lose their open documents too.
    if (!body.sharedWithBuilding) c.get('deps').onAccessChanged({ kind: 'org', orgId: loaded.org.id })
    const fresh = await loadCaseFacts(db, loaded.facts.id)
    return c.json(await caseDetail(db, c.get('principal'), fresh!))
  },
)

caseRoutes.post(
  '/:id/participants',
  describeRoute({
    summary: 'Add a participant by email: a member of the cooperative or of a partner company',
    tags: ['cases'],
  }),
  valid('param', IdParam),
  valid('json', ParticipantBody),
  async (c) => {
    const { db } = c.get('deps')
    const loaded = await authorizeCase(c, c.req.valid('param').id, 'case.manage')
    const { email } = c.req.valid('json')
    // A member of the cooperative takes part as one; anyone else through their partner company,
    // which their access then depends on (the policy's `addedThrough`).
    const through = await db
      .selectFrom('users as u')
      .innerJoin('memberships as m', 'm.user_id', 'u.id')
      .innerJoin('organisations as o', 'o.id', 'm.org_id')
      .select(['u.id', 'm.org_id', 'o.kind'])
      .where((eb) => eb(eb.fn('lower', ['u.email']), '=', email))
      .where('o.status', '=', 'active')
      .where((w) => w.or([w('m.org_id', '=', loaded.org.id), w('o.kind', '=', 'partner_company')]))
      .orderBy('m.created_at')
      .execute()
    const user = through[0]
    if (!user) throw notFound('A member of this cooperative or a partner company with that email')
    const member = through.some((m) => m.org_id === loaded.org.id)
    await db
      .insertInto('case_participants')
      .values({
        org_id: loaded.org.id,
        case_id: loaded.facts.id,
        user_id: user.id,
        added_by: c.get('principal').userId,
        via_org_id: member ? null : user.org_id,
      })
      .onConflict((oc) => oc.columns(['case_id', 'user_id']).doNothing())
      .execute()
    const fresh = await loadCaseFacts(db, loaded.facts.id)
    return c.json(await caseDetail(db, c.get('principal'), fresh!), 201)
  },
)

caseRoutes.delete(
  '/:id/participants/:userId',
  describeRoute({ summary: 'Remove a participant (their open documents close)', tags: ['cases'] }),
  valid('param', CaseParticipantParams),
  async (c) => {
    const { db } = c.get('deps')
    const { id, userId } = c.req.valid('param')
    const loaded = await authorizeCase(c, id, 'case.manage')
    await db
      .deleteFrom('case_participants')
      .where('case_id', '=', loaded.facts.id)
      .where('user_id', '=', userId)
      .execute()
    c.get('deps').onAccessChanged({ kind: 'user', userId })
    const fresh = await loadCaseFacts(db, loaded.facts.id)
    return c.json(await caseDetail(db, c.get('principal'), fresh!))
  },
)
