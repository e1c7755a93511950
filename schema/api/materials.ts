import { z } from 'zod'
import type { OrgKind } from '../roles.ts'
import { Uuid } from './common.ts'

/** Partner materials (api/materials): products, grants to partner companies, files. */

const Name = z.string().trim().min(1, 'Required.').max(200)
const Description = z.string().trim().max(4000).default('')

export const MaterialsOrgParam = z.strictObject({ orgId: Uuid })
export const ProductParams = z.strictObject({ orgId: Uuid, productId: Uuid })
export const MaterialParams = z.strictObject({ orgId: Uuid, materialId: Uuid })

export const ProductBody = z.strictObject({ name: Name, description: Description })
export const ProductPatchBody = z
  .strictObject({ name: Name.optional(), description: z.string().trim().max(4000).optional() })
  .refine((b) => Object.keys(b).length > 0, 'Nothing to change.')

/** The whole set of partner organisations that may read the product (replaces the previous set). */
export const GrantsBody = z.strictObject({ partnerOrgIds: z.array(Uuid).max(200) })

/** Upload: the body is the file itself; these travel in the query string. */
export const MaterialUploadQuery = z.strictObject({
  name: z.string().trim().min(1).max(255),
  title: Name.optional(),
  description: z.string().trim().max(2000).default(''),
})
export const MaterialPatchBody = z
  .strictObject({ title: Name.optional(), description: z.string().trim().max(4000).optional() })
  .refine((b) => Object.keys(b).length > 0, 'Nothing to change.')
export const MaterialDownloadQuery = z.strictObject({ inline: z.enum(['0', '1']).default('0') })

export interface MaterialItem {
  id: string
  productId: string
  title: string
  description: string
  fileName: string
  mime: string
  size: number
  createdAt: string
  /** Relative to /api. */
  downloadUrl: string
}

export interface PartnerRef {
  id: string
  name: string
  kind: OrgKind
}

export interface ProductItem {
  id: string
  /** The publisher. */
  orgId: string
  orgName: string
  name: string
  description: string
  materials: MaterialItem[]
  /** Only in the publisher's view. */
  grants?: PartnerRef[]
}

export interface ProductListResponse {
  products: ProductItem[]
}
