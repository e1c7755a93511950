/**
 * The content types we accept for documents, decided by sniffing the bytes (never the name),
 * and which of them we extract text from and may show inline.
 */
export const PDF = 'application/pdf'
export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
export const TEXT = 'text/plain'

export const ALLOWED_TYPES = [
  PDF,
  DOCX,
  XLSX,
  TEXT,
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
] as const
export type AllowedType = (typeof ALLOWED_TYPES)[number]

export const EXTRACTABLE_TYPES: readonly string[] = [PDF, DOCX, XLSX, TEXT]

/** Raster images and PDF may be shown in the browser; everything else is a download. SVG never. */
export const INLINE_TYPES: readonly string[] = [PDF, 'image/png', 'image/jpeg', 'image/gif', 'image/webp']
