import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect } from 'vitest'
import type { Config } from '../../schema/config.ts'
import type { DB, Engine } from '../../server/db/connect.ts'
import { addMembership, createUser, managedCooperative, member, signIn } from '../../server/test/factories.ts'
import { createApi } from '../app.ts'
import { startTestApp, type TestContext } from './harness.ts'
import { client } from './http.ts'

type Api = ReturnType<typeof createApi>

/**
 * An API with a files directory of its own for one describe block, so a test can look at the
 * disk after an upload or a refusal. `config` overrides settings (e.g. a small upload limit).
 */
export function useFilesApp(engine: Engine, label: string, config: Partial<Config> = {}) {
  let t: TestContext | undefined
  let filesDir = ''
  let app: Api | undefined
  beforeAll(async () => {
    t = await startTestApp(engine)
    filesDir = await mkdtemp(join(tmpdir(), `kp-${label}-`))
    app = createApi({ ...t.deps, config: { ...t.deps.config, filesDir, ...config } })
    // Migrating a fresh database takes long on a busy two-core machine.
  }, 180_000)
  afterAll(async () => {
    await t?.close()
    if (filesDir) await rm(filesDir, { recursive: true, force: true })
  })
  const started = () => {
    if (!t || !app) throw new Error('useFilesApp: used outside a test')
    return { t, app }
  }
  return {
    get t() {
      return started().t
    },
    get app() {
      return started().app
    },
    get filesDir() {
      return filesDir
    },
    db: (): DB => started().t.deps.db,
    /** A raw upload, as the browser streams one: same origin, session cookie, bytes as the body. */
    upload: (token: string, path: string, body: BodyInit, via: Api = started().app) =>
      via.request(`http://localhost:3000${path}`, {
        method: 'POST',
        headers: {
          origin: 'http://localhost:3000',
          cookie: `kp_session=${token}`,
          'content-type': 'application/octet-stream',
        },
        body,
        ...({ duplex: 'half' } as object),
      }),
  }
}

/** A resident of a managed cooperative who has reported a case: somewhere to attach files. */
export async function reportedCase(
  db: DB,
  app: Api,
  report: { title: string; description: string; category: string },
) {
  const place = await managedCooperative(db)
  const user = await createUser(db)
  await addMembership(db, place.coop.id, user.id, 'resident', {
    buildingId: place.buildingId,
    apartmentId: place.apartmentId,
  })
  const reporter = { ...user, token: await signIn(db, user.id) }
  const created = await client(app, reporter.token).post('/api/cases', { org: place.coop.id, ...report })
  expect(created.status).toBe(201)
  const caseId = ((await created.json()) as { id: string }).id
  return { place, org: place.coop.id, reporter, caseId }
}

/** The cooperative's property manager with a new documents folder: somewhere to upload documents. */
export async function managerFolder(db: DB, app: Api, orgId: string, name: string) {
  const manager = await member(db, orgId, 'property_manager')
  const made = await client(app, manager.token).post(`/api/documents/${orgId}/folders`, { name })
  expect(made.status).toBe(201)
  return { manager, folderId: ((await made.json()) as { id: string }).id }
}
