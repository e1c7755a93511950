import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createApi } from '../api/app.ts'
import { createCase } from '../api/cases/create.ts'
import { client } from '../api/test/http.ts'
import {
  channelFixture,
  chatSignals,
  connectTestDb,
  openClient,
  startCollab,
  type TestClient,
  type TestCollab,
  tokenFor,
} from '../collab-server/test/harness.ts'
import { loadConfig } from '../schema/config.ts'
import { docName, inboxDocName } from '../schema/docs/names.ts'
import { postMessage, readMessages } from '../schema/docs/thread.ts'
import { loadOrgRef, loadPrincipal } from '../server/access/principal.ts'
import { type AccessAnnouncer, redisAccessAnnouncer } from '../server/bus/accessBus.ts'
import type { Connected } from '../server/db/connect.ts'
import { createMailer } from '../server/mail/mailer.ts'
import { assignContractor, createOrg, managedCooperative, member } from '../server/test/factories.ts'
import { loadNow, loadScaled } from '../server/test/loadScaled.ts'
import { testRedis, testRedisEnv } from '../server/test/redis.ts'

/** A cooperative's case with a partner company's contractor taking part and assigned. */
async function assignedContractorCase(db: Connected['db']) {
  const home = await managedCooperative(db)
  const reporter = await member(db, home.coop.id, 'resident')
  const pipes = await createOrg(db, { kind: 'partner_company' })
  const contractor = await member(db, pipes.id, 'contractor')
  const pipesAdmin = await member(db, pipes.id, 'org_admin')
  const principal = await loadPrincipal(db, { userId: reporter.id, mfaVerified: true })
  const caseId = await createCase(db, principal, (await loadOrgRef(db, home.coop.id))!, {
    title: 'Vuoto',
    description: 'Vettä lattialla.',
    category: 'water_damage',
    priority: 'normal',
    sharedWithBuilding: false,
  })
  await assignContractor(db, caseId, contractor.id, pipes.id)
  return { pipes, contractor, pipesAdmin, caseId, name: docName('case', home.coop.id, caseId) }
}
const clients: TestClient[] = []
const open = (...args: Parameters<typeof openClient>) => {
  const c = openClient(...args)
  clients.push(c)
  return c
}

// "Within 1 s" holds on a machine with a core to spare; the bound stretches with the load per core
// (loadScaled.ts): beside other work at load 15–28 on 2 cores the closes took 1.05–1.6 s.
describe('live revocation on one instance', () => {
  let connected: Connected
  let server: TestCollab
  beforeAll(async () => {
    connected = await connectTestDb('pglite')
    server = await startCollab(connected.db)
  })
  afterAll(async () => {
    for (const c of clients.splice(0)) c.destroy()
    await server.close()
    await connected.close()
  })

  it('closes a removed member within 1 s and refuses the reconnect', async () => {
    const db = connected.db
    const { name, member, org } = await channelFixture(db)
    const alice = await member('resident')
    const c = open(server.url, name, { token: await tokenFor(db, alice.token) })
    await vi.waitFor(() => expect(c.provider.synced).toBe(true))
    await db.deleteFrom('memberships').where('id', '=', alice.membershipId).execute()
    const started = performance.now()
    await server.collab.revoke({ kind: 'membership', orgId: org.id, userId: alice.id })
    await vi.waitFor(() => expect(c.events.socketCloses).toContain(4403), {
      timeout: loadScaled(1000),
      interval: 10,
    })
    expect(performance.now() - started, `load ${loadNow()}`).toBeLessThan(loadScaled(1000))
    // The short-lived token is still valid, so the reconnect is authorised afresh: and refused.
    await vi.waitFor(() => expect(c.events.denied).toContain('forbidden'))
  })

  it('downgrades a lowered role to read-only on reconnect', async () => {
    const db = connected.db
    const { name, member, org } = await channelFixture(db)
    const alice = await member('resident')
    const c = open(server.url, name, { token: await tokenFor(db, alice.token) })
    await vi.waitFor(() => expect(c.events.authenticated).toEqual(['read-write']))
    await db
      .updateTable('memberships')
      .set({ role: 'auditor' })
      .where('id', '=', alice.membershipId)
      .execute()
    await server.collab.revoke({ kind: 'membership', orgId: org.id, userId: alice.id })
    await vi.waitFor(() => expect(c.events.authenticated).toEqual(['read-write', 'readonly']))
  })
})

describe('two instances with Redis', () => {
  let connected: Connected
  let a: TestCollab
  let b: TestCollab
  beforeAll(async () => {
    // Postgres when available: two processes would share it. PGlite otherwise (one handle, two servers).
    connected = await connectTestDb(process.env.DATABASE_URL ? 'postgres' : 'pglite')
    a = await startCollab(connected.db, {}, testRedisEnv())
    b = await startCollab(connected.db, {}, testRedisEnv())
    await Promise.all([a.collab.chatActivityListening, b.collab.chatActivityListening])
  })
  afterAll(async () => {
    for (const c of clients.splice(0)) c.destroy()
    await a.close()
    await b.close()
    await connected.close()
  })

  it('delivers an edit on A to a client on B', async () => {
    const db = connected.db
    const { name, member } = await channelFixture(db)
    const [alice, bob] = [await member('resident'), await member('owner')]
    const onA = open(a.url, name, { token: await tokenFor(db, alice.token) })
    const onB = open(b.url, name, { token: await tokenFor(db, bob.token) })
    await vi.waitFor(() => expect(onA.provider.synced && onB.provider.synced).toBe(true), { timeout: 10_000 })
    postMessage(onA.doc, { authorId: alice.id, text: 'across instances' })
    await vi.waitFor(() => expect(readMessages(onB.doc).map((m) => m.text)).toEqual(['across instances']))
  })

  it('closes the socket on B within 1 s when the revocation is issued on A', async () => {
    const db = connected.db
    const { name, member, org } = await channelFixture(db)
    const bob = await member('owner')
    const onB = open(b.url, name, { token: await tokenFor(db, bob.token) })
    await vi.waitFor(() => expect(onB.provider.synced).toBe(true))
    await db.updateTable('organisations').set({ status: 'suspended' }).where('id', '=', org.id).execute()
    const started = performance.now()
    await a.collab.revoke({ kind: 'org', orgId: org.id })
    await vi.waitFor(() => expect(onB.events.socketCloses).toContain(4403), {
      timeout: loadScaled(1000),
      interval: 10,
    })
    expect(performance.now() - started, `load ${loadNow()}`).toBeLessThan(loadScaled(1000))
  })

  it("closes a removed assignee contractor's case socket on B when the revocation is issued on A", async () => {
    const db = connected.db
    const w = await assignedContractorCase(db)
    const onB = open(b.url, w.name, { token: await tokenFor(db, w.contractor.token) })
    await vi.waitFor(() => expect(onB.events.authenticated).toEqual(['read-write']), { timeout: 10_000 })
    await db.deleteFrom('memberships').where('id', '=', w.contractor.membershipId).execute()
    const started = performance.now()
    await a.collab.revoke({ kind: 'membership', orgId: w.pipes.id, userId: w.contractor.id })
    await vi.waitFor(() => expect(onB.events.socketCloses).toContain(4403), {
      timeout: loadScaled(1000),
      interval: 10,
    })
    expect(performance.now() - started, `load ${loadNow()}`).toBeLessThan(loadScaled(1000))
  })
})

/**
 * The chat signal across instances: what is under test is Redis between the two. On one Postgres
 * shared by every test file, another file's collab server (without Redis) claimed this file's
 * `notify` rows and signalled only its own clients (this failed beside integration/inbox.test.ts
 * in 2 of 3 runs); each file now has a database of its own (server/test/postgresPerFile.ts).
 */
describe('two instances with Redis, on one database', () => {
  let connected: Connected
  let a: TestCollab
  let b: TestCollab
  beforeAll(async () => {
    connected = await connectTestDb(process.env.DATABASE_URL ? 'postgres' : 'pglite')
    a = await startCollab(connected.db, {}, testRedisEnv())
    b = await startCollab(connected.db, {}, testRedisEnv())
    await Promise.all([a.collab.chatActivityListening, b.collab.chatActivityListening])
  })
  afterAll(async () => {
    for (const c of clients.splice(0)) c.destroy()
    await a.close()
    await b.close()
    await connected.close()
  })

  it('signals a reader whose inbox is open on B when the message is written on A', async () => {
    const db = connected.db
    const channel = await channelFixture(db)
    const [author, reader] = [await channel.member('owner'), await channel.member('resident')]
    const onB = open(b.url, inboxDocName(reader.id), { token: await tokenFor(db, reader.token) })
    const onA = open(a.url, channel.name, { token: await tokenFor(db, author.token) })
    const got = chatSignals(onB)
    await vi.waitFor(() => expect(onA.provider.synced && onB.provider.synced).toBe(true), { timeout: 10_000 })
    postMessage(onA.doc, { authorId: author.id, text: 'across instances' })
    await vi.waitFor(
      () =>
        expect(got).toEqual([{ type: 'chat.activity', orgId: channel.org.id, threadId: channel.threadId }]),
      { timeout: 15_000 },
    )
  })
})

describe('an API in another process, with Redis', () => {
  let connected: Connected
  let collab: TestCollab
  let announcer: AccessAnnouncer
  beforeAll(async () => {
    connected = await connectTestDb(process.env.DATABASE_URL ? 'postgres' : 'pglite')
    collab = await startCollab(connected.db, {}, testRedisEnv())
    announcer = redisAccessAnnouncer(testRedis())
    await collab.collab.accessListening
  })
  afterAll(async () => {
    for (const c of clients.splice(0)) c.destroy()
    await announcer.close()
    await collab.close()
    await connected.close()
  })

  it('closes the socket of a member the API removes, within 1 s', async () => {
    const db = connected.db
    // The API as `npm run start:api` wires it: access changes go out over Redis only.
    const config = loadConfig({ PUBLIC_URL: 'http://localhost:3000', LOG_LEVEL: 'silent' })
    const app = createApi({
      config,
      db,
      engine: connected.engine,
      mailer: createMailer(undefined),
      onAccessChanged: (change) => void announcer.announce(change),
    })
    const { name, member, org } = await channelFixture(db)
    const [admin, alice] = [await member('org_admin'), await member('resident')]
    const c = open(collab.url, name, { token: await tokenFor(db, alice.token) })
    await vi.waitFor(() => expect(c.provider.synced).toBe(true))
    const started = performance.now()
    const res = await client(app, admin.token).delete(`/api/orgs/${org.id}/members/${alice.membershipId}`)
    expect(res.status).toBe(200)
    await vi.waitFor(() => expect(c.events.socketCloses).toContain(4403), {
      timeout: loadScaled(1000),
      interval: 10,
    })
    expect(performance.now() - started, `load ${loadNow()}`).toBeLessThan(loadScaled(1000))
  })

  it('closes the case socket of an assignee the partner company removes, within 1 s', async () => {
    const db = connected.db
    const config = loadConfig({ PUBLIC_URL: 'http://localhost:3000', LOG_LEVEL: 'silent' })
    const app = createApi({
      config,
      db,
      engine: connected.engine,
      mailer: createMailer(undefined),
      onAccessChanged: (change) => void announcer.announce(change),
    })
    const w = await assignedContractorCase(db)
    const c = open(collab.url, w.name, { token: await tokenFor(db, w.contractor.token) })
    await vi.waitFor(() => expect(c.events.authenticated).toEqual(['read-write']), { timeout: 10_000 })
    const started = performance.now()
    const res = await client(app, w.pipesAdmin.token).delete(
      `/api/orgs/${w.pipes.id}/members/${w.contractor.membershipId}`,
    )
    expect(res.status).toBe(200)
    await vi.waitFor(() => expect(c.events.socketCloses).toContain(4403), {
      timeout: loadScaled(1000),
      interval: 10,
    })
    expect(performance.now() - started, `load ${loadNow()}`).toBeLessThan(loadScaled(1000))
    expect((await client(app, w.contractor.token).get(`/api/cases/${w.caseId}`)).status).toBe(404)
  })
})
