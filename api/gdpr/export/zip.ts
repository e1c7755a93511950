import { createReadStream } from 'node:fs'
import { access, mkdir, open, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { stringify } from 'csv-stringify/sync'
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate'
import { blobPath } from '../../../server/files/storage.ts'
import type { ExportSection } from './collect.ts'

/**
 * Writes the export zip to disk as it is built (fflate's streaming Zip), so a person with many
 * files never needs it all in memory: `data/<section>.json` and `.csv` for every section, the
 * original files under `files/`, and a README saying what is where. Written to a temporary name
 * and renamed, so a half-written zip is never offered.
 */
export const exportsDir = (filesDir: string) => join(filesDir, 'exports')

export interface ZipFile {
  id: string
  sha256: string
  name: string
}

const safeName = (s: string) => s.replace(/[^\p{L}\p{N}._ -]+/gu, '_').slice(0, 120) || 'file'

function csvOf(rows: Record<string, unknown>[]): string {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))]
  const cell = (v: unknown) =>
    v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)
  return stringify(
    rows.map((r) => columns.map((c) => cell(r[c]))),
    { header: true, columns },
  )
}

const README = `Kotipiha: the data held about you

data/<table>.<column>.json and .csv: every row that refers to you, by table and by the column that names you
(e.g. messages.author_id: the messages you wrote). profile: your account. message_versions.of_my_messages:
the edit history of your messages. audit_log.actor_id: what you did; audit_log.about_me: what was done to your
account. notifications: your inbox. files/: the original files you uploaded.
Passwords, second-factor keys and session secrets are never exported.
`

export async function writeExportZip(opts: {
  filesDir: string
  exportId: string
  sections: ExportSection[]
  files: ZipFile[]
  onFile?: (done: number) => Promise<void>
}): Promise<{ fileName: string; size: number }> {
  const dir = exportsDir(opts.filesDir)
  await mkdir(dir, { recursive: true })
  const fileName = `${opts.exportId}.zip`
  const tmp = join(dir, `${fileName}.tmp`)
  const out = await open(tmp, 'w')
  let size = 0
  let writing: Promise<unknown> = Promise.resolve()
  let failure: unknown = null
  let finished!: () => void
  const done = new Promise<void>((ok) => {
    finished = ok
  })
  const zip = new Zip((err, chunk, final) => {
    if (err) failure = err
    size += chunk.length
    writing = writing.then(() => out.write(chunk))
    if (final)
      void writing.then(finished, (e: unknown) => {
        failure = e
        finished()
      })
  })
  const text = (name: string, body: string) => {
    const entry = new ZipDeflate(name, { level: 6 })
    zip.add(entry)
    entry.push(new TextEncoder().encode(body), true)
  }
  try {
    text('README.txt', README)
    for (const s of opts.sections) {
      text(`data/${s.name}.json`, JSON.stringify(s.rows, null, 2))
      text(`data/${s.name}.csv`, csvOf(s.rows))
    }
    let n = 0
    const missing: string[] = []
    for (const f of opts.files) {
      const path = blobPath(opts.filesDir, f.sha256)
      if (
        !(await access(path).then(
          () => true,
          () => false,
        ))
      ) {
        missing.push(`${f.id} ${f.name}`)
        continue
      }
      // Originals are mostly compressed already (images, PDFs): stored as they are.
      const entry = new ZipPassThrough(`files/${f.id}-${safeName(f.name)}`)
      zip.add(entry)
      for await (const chunk of createReadStream(path)) entry.push(new Uint8Array(chunk as Buffer))
      entry.push(new Uint8Array(0), true)
      await writing
      await opts.onFile?.(++n / opts.files.length)
    }
    if (missing.length > 0)
      text('files/MISSING.txt', `These files are recorded but their bytes are gone:\n${missing.join('\n')}\n`)
    zip.end()
    await done
    if (failure) throw failure
    await out.close()
    await rename(tmp, join(dir, fileName))
    return { fileName, size }
  } catch (error) {
    await out.close().catch(() => {})
    await rm(tmp, { force: true })
    throw error
  }
}
