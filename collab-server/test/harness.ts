import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider'
import { afterAll, beforeAll } from 'vitest'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { loadConfig } from '../../schema/config.ts'
import { type ChatActivitySignal, type InboxSignal, parseInboxSignal } from '../../schema/docs/inbox.ts'
import { docName } from '../../schema/docs/names.ts'
import type { Role } from '../../schema/roles.ts'
import { issueCollabToken } from '../../server/auth/collabTokens.ts'
import type { Connected, DB, Engine } from '../../server/db/connect.ts'
import { createOrg, member, unique } from '../../server/test/factories.ts'
import { connectTestDatabase } from '../../server/test/pgliteSnapshot.ts'
import { teardownStep } from '../../server/test/teardown.ts'
import { attachCollab, type Collab, type CollabOptions } from '../attach.ts'

export { ENGINES } from '../../server/test/engines.ts'

export interface TestCollab {
  db: DB
  url: string
  collab: Collab
  server: Server
  close(): Promise<void>
}

export async function connectTestDb(engine: Engine): Promise<Connected> {
  return connectTestDatabase(engine)
}

export async function startCollab(
  db: DB,
  options: CollabOptions = {},
  env: Record<string, string> = {},
): Promise<TestCollab> {
  const config = loadConfig({ PUBLIC_URL: 'http://localhost:3000', LOG_LEVEL: 'silent', ...env })
  const server = createServer((_req, res) => res.writeHead(404).end())
  const collab = attachCollab(server, { db, config }, { debounceMs: 200, maxDebounceMs: 1000, ...options })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    db,
    url: `ws://127.0.0.1:${port}/collab`,
    collab,
    server,
    async close() {
      await collab.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** A cooperative with one standing channel, and a way to make signed-in members of it. */
export async function channelFixture(db: DB, audience: 'members' | 'board' = 'members') {
  const org = await createOrg(db)
  const addChannel = async (kind: 'members' | 'board') => {
    const thread = await db
      .insertInto('threads')
      .values({ org_id: org.id, title: unique('Koivukuja residents'), audience: kind, created_by: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    return { threadId: thread.id, name: docName('thread', org.id, thread.id) }
  }
  return {
    org,
    ...(await addChannel(audience)),
    member: (role: Role) => member(db, org.id, role),
    /** Another standing channel of the same cooperative (a board-only one beside the members'). */
    addChannel,
  }
}

export async function tokenFor(db: DB, sessionToken: string): Promise<string> {
  const sessionId = sessionToken.split('.')[0]!
  const row = await db
    .selectFrom('sessions')
    .select(['id', 'user_id'])
    .where('id', '=', sessionId)
    .executeTakeFirstOrThrow()
  return (await issueCollabToken(db, { id: row.id, userId: row.user_id })).token
}

export interface TestClient {
  doc: Y.Doc
  provider: HocuspocusProvider
  socket: HocuspocusProviderWebsocket
  events: { denied: string[]; closes: string[]; authenticated: string[]; socketCloses: number[] }
  acks: number
  destroy(): void
}

export function openClient(
  url: string,
  name: string,
  auth: { token?: string; cookie?: string },
  opts: { maxAttempts?: number } = {},
): TestClient {
  const cookie = auth.cookie
  class CookieSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, cookie ? { headers: { cookie: `kp_session=${cookie}` } } : {})
      // A client destroyed while its socket is still connecting (a test's afterAll on a loaded
      // machine) makes ws emit 'error' ("closed before the connection was established") after the
      // provider has removed its handlers: unheard, it failed a whole CI run as an uncaught
      // exception. What a test needs of a failed socket it reads from the close events above.
      this.on('error', () => {})
    }
  }
  const events = {
    denied: [] as string[],
    closes: [] as string[],
    authenticated: [] as string[],
    socketCloses: [] as number[],
  }
  const socket = new HocuspocusProviderWebsocket({
    url,
    WebSocketPolyfill: CookieSocket,
    maxAttempts: opts.maxAttempts ?? 0,
    minDelay: 50,
    delay: 50,
    jitter: false,
    onClose: ({ event }) => void events.socketCloses.push(event.code),
  })
  const doc = new Y.Doc()
  const client: TestClient = {
    doc,
    socket,
    events,
    acks: 0,
    provider: new HocuspocusProvider({
      websocketProvider: socket,
      name,
      document: doc,
      token: auth.token ?? '',
      onAuthenticationFailed: ({ reason }) => void events.denied.push(reason),
      onAuthenticated: ({ scope }) => void events.authenticated.push(scope),
      onClose: ({ event }) => void events.closes.push(event.reason),
    }),
    destroy() {
      client.provider.destroy()
      socket.destroy()
    },
  }
  client.provider.on('unsyncedChanges', () => {
    if (client.provider.unsyncedChanges === 0) client.acks++
  })
  client.provider.attach()
  return client
}

export interface CollabSuite {
  /** The database connection (valid inside tests). */
  readonly connected: Connected
  /** The running collab server (valid inside tests). */
  readonly server: TestCollab
  db(): DB
  /** Opens a client that is destroyed when the suite ends. */
  open(...args: Parameters<typeof openClient>): TestClient
}

/**
 * A database and a collab server for one describe block, with every client it opens destroyed
 * and both closed after it.
 */
export function useCollabServer(engine: Engine, options: CollabOptions = {}): CollabSuite {
  let connected: Connected | undefined
  let server: TestCollab | undefined
  const clients: TestClient[] = []
  beforeAll(async () => {
    connected = await connectTestDb(engine)
    server = await startCollab(connected.db, options)
  })
  afterAll(async () => {
    for (const c of clients.splice(0)) c.destroy()
    // Bounded and named: on CI's Postgres this teardown hung past the 180 s hook limit in one
    // file of a run (threadOrder, mentions, inbox: a different one each time; cause not found
    // yet). The tests' own assertions are done by now; a stalled close is reported, not waited for.
    // On Postgres a stall's report lists what the file's database is doing (its query, its lock).
    const databaseUrl = engine === 'postgres' ? process.env.DATABASE_URL : undefined
    await teardownStep(`collab server close (${engine})`, server?.close(), { databaseUrl })
    await teardownStep(`database close (${engine})`, connected?.close(), { databaseUrl })
  })
  const started = () => {
    if (!connected || !server) throw new Error('useCollabServer: used outside a test')
    return { connected, server }
  }
  return {
    get connected() {
      return started().connected
    },
    get server() {
      return started().server
    },
    db: () => started().connected.db,
    open(...args) {
      const client = openClient(...args)
      clients.push(client)
      return client
    },
  }
}

/** Collects the stateless chat signals a client's inbox connection receives. */
export function chatSignals(c: TestClient): ChatActivitySignal[] {
  const got: ChatActivitySignal[] = []
  c.provider.on('stateless', ({ payload }: { payload: string }) => {
    const s = parseInboxSignal(payload)
    if (s?.type === 'chat.activity') got.push(s)
  })
  return got
}

/** Collects every stateless inbox signal (chat activity, reading rounds) a client receives. */
export function inboxSignals(c: TestClient): InboxSignal[] {
  const got: InboxSignal[] = []
  c.provider.on('stateless', ({ payload }: { payload: string }) => {
    const s = parseInboxSignal(payload)
    if (s) got.push(s)
  })
  return got
}

/** Hocuspocus message type and the Yjs sync step its server sends back to a sync request. */
const SYNC_MESSAGE = 0
const SYNC_STEP_2 = 1

/**
 * Resolves once the server has handled everything this client sent so far. Hocuspocus handles a
 * connection's messages one at a time and in order, so a sync request sent now is answered (sync
 * step 2) only after the earlier updates went through the guard; an update the guard refuses
 * closes the connection instead and drops what came after it. Tests asserting that a forged update
 * changed nothing wait for this rather than sleeping: a slow server cannot let them pass before it
 * even looked at the forgery.
 */
export function serverHandled(c: TestClient): Promise<void> {
  const { provider } = c
  return new Promise<void>((resolve) => {
    const done = () => {
      provider.off('message', onMessage)
      provider.off('close', done)
      resolve()
    }
    const onMessage = ({ message }: { message: { readVarString(): string; readVarUint(): number } }) => {
      message.readVarString()
      if (message.readVarUint() === SYNC_MESSAGE && message.readVarUint() === SYNC_STEP_2) done()
    }
    provider.on('message', onMessage)
    provider.on('close', done)
    // Batched updates go out first; the request behind them.
    provider.flushPendingUpdates()
    provider.forceSync()
  })
}
