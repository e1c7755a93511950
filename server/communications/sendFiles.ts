import type { DB } from '../db/connect.ts'

/**
 * The files of sends (attachments of owner kind `communication`, uploaded while the message was
 * composed under the id the send took), per communication id, in the order they were added: my
 * messages list them, the email names them with a link, the letter batch appends the PDFs.
 */
export interface SendFile {
  id: string
  name: string
  mime: string
  size: number
  sha256: string
}

export async function filesOfSends(db: DB, ids: readonly string[]): Promise<Map<string, SendFile[]>> {
  const byId = new Map<string, SendFile[]>()
  if (ids.length === 0) return byId
  // From the communications to their files: the attachments index leads with the organisation.
  const rows = await db
    .selectFrom('communications as c')
    .innerJoin('attachments as a', (j) =>
      j
        .onRef('a.org_id', '=', 'c.org_id')
        .on('a.owner_kind', '=', 'communication')
        .onRef('a.owner_id', '=', 'c.id'),
    )
    .innerJoin('files as f', (j) => j.onRef('f.id', '=', 'a.file_id').onRef('f.org_id', '=', 'a.org_id'))
    .select(['a.id', 'a.owner_id', 'f.name', 'f.mime', 'f.size', 'f.sha256'])
    .where('c.id', 'in', [...ids])
    .where('a.deleted_at', 'is', null)
    .orderBy('a.created_at')
    .orderBy('a.id')
    .execute()
  for (const r of rows) {
    const list = byId.get(r.owner_id) ?? []
    list.push({ id: r.id, name: r.name, mime: r.mime, size: Number(r.size), sha256: r.sha256 })
    byId.set(r.owner_id, list)
  }
  return byId
}

/** 1.2 MB, 340 kB: a file's size in a mail or a letter. */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} kB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
