import { createSignal } from 'solid-js'
import { t } from '../i18n/index.ts'

/**
 * The upload limit and the accepted kinds of file, checked in the browser before a byte is sent
 * so a refused file is named at once instead of after an upload (the server still decides: it
 * sniffs the bytes and counts them against the same limit). The limit is the server's
 * MAX_UPLOAD_MB, from `/api/me` (`session.ts` sets it when it loads).
 */
const [limitBytes, setLimitBytes] = createSignal(25 * 1024 * 1024)
export const setUploadLimit = (bytes: number) => setLimitBytes(bytes)
export const uploadLimitBytes = limitBytes
export const uploadLimitMb = () => Math.floor(limitBytes() / 1024 / 1024)

/** The types `server/files/storage.ts` accepts (PDF, docx, xlsx, text, PNG/JPEG/GIF/WebP). */
const EXTENSIONS = new Set(['pdf', 'docx', 'xlsx', 'txt', 'csv', 'md', 'png', 'jpg', 'jpeg', 'gif', 'webp'])
const TYPES = new Set([
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'text/plain',
  'text/csv',
  'text/markdown',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
])
/** For `<input type="file" accept>`: the picker offers these first (a hint, not a guard). */
export const ACCEPT = [...[...EXTENSIONS].map((e) => `.${e}`), ...TYPES].join(',')

export type FileProblem = 'too_large' | 'type'

export function fileProblem(file: File): FileProblem | undefined {
  if (file.size > limitBytes()) return 'too_large'
  const extension = file.name.includes('.') ? (file.name.split('.').pop() ?? '').toLowerCase() : ''
  if (!TYPES.has(file.type) && !EXTENSIONS.has(extension)) return 'type'
  return undefined
}

/** The message for a file refused before sending, naming it and the rule it broke. */
export function fileProblemText(file: File, problem: FileProblem): string {
  return problem === 'too_large'
    ? t('attachments.tooLarge', { name: file.name, mb: String(uploadLimitMb()) })
    : t('attachments.refusedType', { name: file.name })
}
