import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createUser,
  managedCooperative,
  member,
  signIn,
  TEST_PASSWORD,
  unique,
} from '../../server/test/factories.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client, sessionFrom } from '../test/http.ts'

// Valid Finnish business IDs are made from a random body and its check digit.
function businessId(): string {
  const weights = [7, 9, 10, 5, 8, 4, 2]
  for (;;) {
    const body = String(Math.floor(Math.random() * 9_000_000) + 1_000_000)
    const sum = body.split('').reduce((acc, d, i) => acc + Number(d) * weights[i]!, 0)
    const remainder = sum % 11
    if (remainder === 1) continue
    return `${body}-${remainder === 0 ? 0 : 11 - remainder}`
  }
}

const registration = (overrides: Record<string, unknown> = {}) => ({
  companyName: unique('Putki Oy'),
  businessId: businessId(),
  contactName: 'Pia Putkinen',
  email: `${unique('pia')}@partner.example.com`,
  phone: '+358 40 123 4567',
  products: ['Plumbing'],
  password: 'partner password 1',
  language: 'en',
  ...overrides,
})

describe.each(ENGINES)('partner registrations on %s', (engine) => {
  let t: TestContext
  let reviewerToken: string
  beforeAll(async () => {
    t = await startTestApp(engine)
    const admin = await createUser(t.deps.db, { platformAdmin: true })
    reviewerToken = await signIn(t.deps.db, admin.id)
  })
  afterAll(() => t.close())

  it('registers, waits, and on approval makes the contact person the company admin', async () => {
    const body = registration()
    const res = await client(t.app).post('/api/registrations', body)
    expect(res.status).toBe(201)
    const { registration: reg } = await res.json()
    expect(reg.status).toBe('pending')
    // Before approval the person signs in but belongs to nothing.
    const login = await client(t.app).post('/api/auth/login', { email: body.email, password: body.password })
    const token = sessionFrom(login)
    expect((await (await client(t.app, token).get('/api/me')).json()).organisations).toEqual([])

    const queue = await (await client(t.app, reviewerToken).get('/api/registrations')).json()
    expect(queue.registrations.map((r: { id: string }) => r.id)).toContain(reg.id)
    const decided = await client(t.app, reviewerToken).post(`/api/registrations/${reg.id}/decision`, {
      decision: 'approve',
    })
    expect(decided.status).toBe(200)
    const { registration: approved } = await decided.json()
    expect(approved.status).toBe('approved')

    const me = await (await client(t.app, token).get('/api/me')).json()
    expect(me.organisations).toMatchObject([
      { id: approved.orgId, name: body.companyName, kind: 'partner_company', roles: ['org_admin'] },
    ])
    expect(me.organisations[0].abilities).toContain('members.manage')
    const mails = await t.deps.db
      .selectFrom('mail_outbox')
      .select('kind')
      .where('to_address', '=', body.email)
      .execute()
    expect(mails.map((m) => m.kind).sort()).toEqual(['registration_approved', 'registration_received'])
    const auditRows = await t.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', reg.id)
      .execute()
    expect(auditRows.map((a) => a.action)).toEqual(['registration.approved'])
    // Decided once only.
    const again = await client(t.app, reviewerToken).post(`/api/registrations/${reg.id}/decision`, {
      decision: 'reject',
      reason: 'oops',
    })
    expect(again.status).toBe(409)
  })

  it('rejects with an emailed reason; a reason is required', async () => {
    const body = registration()
    const { registration: reg } = await (await client(t.app).post('/api/registrations', body)).json()
    const noReason = await client(t.app, reviewerToken).post(`/api/registrations/${reg.id}/decision`, {
      decision: 'reject',
    })
    expect(noReason.status).toBe(422)
    const res = await client(t.app, reviewerToken).post(`/api/registrations/${reg.id}/decision`, {
      decision: 'reject',
      reason: 'Not a partner of ours',
    })
    expect(res.status).toBe(200)
    const mail = await t.deps.db
      .selectFrom('mail_outbox')
      .select('body')
      .where('to_address', '=', body.email)
      .where('kind', '=', 'registration_rejected')
      .executeTakeFirstOrThrow()
    expect(mail.body).toContain('Not a partner of ours')
    // A rejected business ID may register again; a blocked one may not.
    const retry = await client(t.app).post(
      '/api/registrations',
      registration({ businessId: body.businessId }),
    )
    expect(retry.status).toBe(201)
    const { registration: second } = await retry.json()
    await client(t.app, reviewerToken).post(`/api/registrations/${second.id}/decision`, {
      decision: 'block',
      reason: 'Spam',
    })
    const blocked = await client(t.app).post(
      '/api/registrations',
      registration({ businessId: body.businessId }),
    )
    expect(blocked.status).toBe(409)
    expect((await blocked.json()).error.code).toBe('business_id_taken')
  })

  it('refuses a duplicate business ID, pending or already a company', async () => {
    const body = registration()
    expect((await client(t.app).post('/api/registrations', body)).status).toBe(201)
    const dup = await client(t.app).post('/api/registrations', registration({ businessId: body.businessId }))
    expect(dup.status).toBe(409)
    expect((await dup.json()).error.code).toBe('business_id_taken')
  })

  it.each([
    ['a bad business ID', { businessId: '1234567-2' }, 'businessId'],
    ['an unknown field', { isAdmin: true }, ''],
    ['an overlong name', { companyName: 'x'.repeat(201) }, 'companyName'],
    ['a wrong type', { products: 'Plumbing' }, 'products'],
    ['a bad email', { email: 'not-an-email' }, 'email'],
    ['a short password', { password: 'short' }, 'password'],
  ])('answers %s with 422 naming the field', async (_name, override, path) => {
    const res = await client(t.app).post('/api/registrations', registration(override))
    expect(res.status).toBe(422)
    const body = await res.json()
    expect(body.error.code).toBe('validation_failed')
    expect(body.error.details.issues[0].path).toBe(path)
  })

  it('answers malformed JSON with 400 and no stack trace', async () => {
    const res = await client(t.app).post('/api/registrations', '{"companyName": "x",')
    expect(res.status).toBe(400)
    const text = await res.text()
    expect(JSON.parse(text)).toEqual({
      error: { code: 'invalid_json', message: 'The request body is not valid JSON.' },
    })
  })

  it('refuses an email that already has an account unless signed in as it', async () => {
    const existing = await createUser(t.deps.db)
    const anonymous = await client(t.app).post('/api/registrations', registration({ email: existing.email }))
    expect(anonymous.status).toBe(409)
    expect((await anonymous.json()).error.code).toBe('email_taken')
    const token = sessionFrom(
      await client(t.app).post('/api/auth/login', { email: existing.email, password: TEST_PASSWORD }),
    )
    const signedIn = await client(t.app, token).post(
      '/api/registrations',
      registration({ email: existing.email, password: undefined }),
    )
    expect(signedIn.status).toBe(201)
  })

  it('only platform admins and management staff review', async () => {
    const { mgmt, coop } = await managedCooperative(t.deps.db)
    const { registration: reg } = await (
      await client(t.app).post('/api/registrations', registration())
    ).json()
    for (const role of ['board_member', 'resident', 'org_admin'] as const) {
      const m = await member(t.deps.db, coop.id, role)
      expect((await client(t.app, m.token).get('/api/registrations')).status).toBe(403)
      expect(
        (await client(t.app, m.token).post(`/api/registrations/${reg.id}/decision`, { decision: 'approve' }))
          .status,
      ).toBe(403)
    }
    expect((await client(t.app).get('/api/registrations')).status).toBe(401)
    // Issue 18: the company's maintenance staff and accountants do not approve partners.
    for (const role of ['maintenance_staff', 'accountant'] as const) {
      const m = await member(t.deps.db, mgmt.id, role)
      expect((await client(t.app, m.token).get('/api/registrations')).status, role).toBe(403)
      const decide = client(t.app, m.token).post(`/api/registrations/${reg.id}/decision`, {
        decision: 'approve',
      })
      expect((await decide).status, role).toBe(403)
    }
    const staff = await member(t.deps.db, mgmt.id, 'property_manager')
    expect((await client(t.app, staff.token).get('/api/registrations')).status).toBe(200)
    const unverified = await member(t.deps.db, mgmt.id, 'property_manager', { mfaVerified: false })
    expect((await client(t.app, unverified.token).get('/api/registrations')).status).toBe(403)
  })
})
