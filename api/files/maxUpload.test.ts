import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../schema/config.ts'
import { member } from '../../server/test/factories.ts'
import { managerFolder, reportedCase, useFilesApp } from '../test/filesApp.ts'
import { ENGINES } from '../test/harness.ts'
import { client } from '../test/http.ts'

/**
 * Issue 12 item 12: MAX_UPLOAD_MB held for attachments only; documents, versions and partner
 * materials had 25 MB hard-coded. One limit from the configuration for every upload, told to the
 * client in /api/me.
 */
const LIMIT = loadConfig({ MAX_UPLOAD_MB: '1' }).maxUploadBytes
const twoMb = () => new Blob([new Uint8Array(2 * 1024 * 1024).fill(0x61)])
const underLimit = () => new Blob([new Uint8Array(LIMIT - 1024).fill(0x62)])

describe.each(ENGINES)('MAX_UPLOAD_MB for every upload on %s', (engine) => {
  const suite = useFilesApp(engine, 'max-upload', { maxUploadBytes: LIMIT })

  /** Blob files under FILES_DIR (its tmp directory must be empty too). */
  async function stored(): Promise<{ blobs: string[]; tmp: string[] }> {
    const entries = await readdir(suite.filesDir, { recursive: true, withFileTypes: true }).catch(() => [])
    const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name))
    const tmp = join(suite.filesDir, 'tmp')
    return { blobs: files.filter((f) => !f.startsWith(tmp)), tmp: files.filter((f) => f.startsWith(tmp)) }
  }
  const filesOf = (orgId: string) =>
    suite.db().selectFrom('files').select('id').where('org_id', '=', orgId).execute()

  async function expectTooLarge(res: Response) {
    expect(res.status).toBe(413)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payload_too_large')
  }

  it('refuses a 2 MB attachment, document, new version and material with 413 at MAX_UPLOAD_MB=1, storing nothing', async () => {
    const before = await stored()
    const { place, org, reporter, caseId } = await reportedCase(suite.db(), suite.app, {
      title: 'Raja',
      description: '',
      category: 'other',
    })
    const { manager, folderId } = await managerFolder(suite.db(), suite.app, org, 'Pöytäkirjat')

    // Attachments held it already; documents, versions and materials now hold the same limit.
    await expectTooLarge(
      await suite.upload(reporter.token, `/api/attachments/${org}/of/case/${caseId}?name=iso.txt`, twoMb()),
    )

    await expectTooLarge(
      await suite.upload(
        manager.token,
        `/api/documents/${org}/folders/${folderId}/documents?name=iso.txt`,
        twoMb(),
      ),
    )
    const docs = await suite.db().selectFrom('documents').select('id').where('org_id', '=', org).execute()
    expect(docs).toEqual([])

    // Under the configured limit a document goes in; its 2 MB new version does not.
    const small = await suite.upload(
      manager.token,
      `/api/documents/${org}/folders/${folderId}/documents?name=pieni.txt`,
      underLimit(),
    )
    expect(small.status).toBe(201)
    const documentId = ((await small.json()) as { id: string }).id
    await expectTooLarge(
      await suite.upload(
        manager.token,
        `/api/documents/${org}/documents/${documentId}/versions?name=v2.txt`,
        twoMb(),
      ),
    )
    const versions = await suite
      .db()
      .selectFrom('document_versions')
      .select('version')
      .where('document_id', '=', documentId)
      .execute()
    expect(versions.map((v) => v.version)).toEqual([1])

    const staff = await member(suite.db(), place.mgmt.id, 'property_manager')
    const product = await client(suite.app, staff.token).post(`/api/materials/${place.mgmt.id}/products`, {
      name: 'Pumppu',
    })
    expect(product.status).toBe(201)
    const productId = ((await product.json()) as { id: string }).id
    await expectTooLarge(
      await suite.upload(
        staff.token,
        `/api/materials/${place.mgmt.id}/products/${productId}/materials?name=ohje.txt`,
        twoMb(),
      ),
    )
    const materials = await suite
      .db()
      .selectFrom('partner_materials')
      .select('id')
      .where('org_id', '=', place.mgmt.id)
      .execute()
    expect(materials).toEqual([])

    // Nothing of the refused uploads is stored: one files row (the small document), one more
    // blob, no temporary leftovers.
    expect(await filesOf(org)).toHaveLength(1)
    expect(await filesOf(place.mgmt.id)).toEqual([])
    const after = await stored()
    expect(after.blobs.length).toBe(before.blobs.length + 1)
    expect(after.tmp).toEqual([])
  })

  it('tells the client the limit in /api/me', async () => {
    const { reporter } = await reportedCase(suite.db(), suite.app, {
      title: 'Me',
      description: '',
      category: 'other',
    })
    const me = (await (await client(suite.app, reporter.token).get('/api/me')).json()) as {
      limits: { maxUploadBytes: number }
    }
    expect(me.limits).toEqual({ maxUploadBytes: LIMIT })
  })
})
