import { z } from 'zod'
import { LANGUAGES, ROLE_GROUPS, ROLES } from '../roles.ts'
import { Uuid } from './common.ts'

const FolderName = z.string().trim().min(1, 'Required.').max(200)
const Title = z.string().trim().min(1, 'Required.').max(255)

/** Roles and/or role groups that may read a folder (both empty: every member), optionally one building. */
export const FolderVisibilityBody = z.strictObject({
  roles: z.array(z.enum(ROLES)).max(ROLES.length).default([]),
  groups: z.array(z.enum(ROLE_GROUPS)).max(ROLE_GROUPS.length).default([]),
  buildingId: Uuid.nullable().default(null),
})

export const FolderCreateBody = z.strictObject({
  name: FolderName,
  parentId: Uuid.nullable().default(null),
  visibility: FolderVisibilityBody.default({ roles: [], groups: [], buildingId: null }),
})

export const FolderPatchBody = z
  .strictObject({
    name: FolderName.optional(),
    parentId: Uuid.nullable().optional(),
    visibility: FolderVisibilityBody.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'Nothing to change.')

export const DocumentPatchBody = z
  .strictObject({ title: Title.optional(), folderId: Uuid.optional() })
  .refine((b) => Object.keys(b).length > 0, 'Nothing to change.')

/** Upload: the body is the file itself; these travel in the query string. */
export const UploadQuery = z.strictObject({
  name: z.string().trim().min(1).max(255),
  title: Title.optional(),
  language: z.enum(LANGUAGES).default('fi'),
})
export const VersionUploadQuery = z.strictObject({ name: z.string().trim().min(1).max(255) })

export const OrgParam = z.strictObject({ orgId: Uuid })
export const FolderParams = z.strictObject({ orgId: Uuid, folderId: Uuid })
export const DocumentParams = z.strictObject({ orgId: Uuid, documentId: Uuid })
export const VersionParams = z.strictObject({
  orgId: Uuid,
  documentId: Uuid,
  version: z.coerce.number().int().min(1).max(100_000),
})
export const FolderListQuery = z.strictObject({ deleted: z.enum(['0', '1']).default('0') })
export const DownloadQuery = z.strictObject({ inline: z.enum(['0', '1']).default('0') })
