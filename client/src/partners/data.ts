import { query } from '@solidjs/router'
import type { PartnerRef, ProductListResponse } from '../../../schema/api/materials.ts'
import type { ErrorBody } from '../../../schema/errors.ts'
import { ApiError, api } from '../api.ts'
import { mutation } from '../ui/mutation.ts'

/** Partner materials' calls to /api/materials (see api/materials). */

export const getGranted = query(
  (orgId: string) => api.get<ProductListResponse>(`/materials/${orgId}/granted`),
  'materials-granted',
)
export const getProducts = query(
  (orgId: string) => api.get<ProductListResponse>(`/materials/${orgId}/products`),
  'materials-products',
)
export const getPartners = query(
  (orgId: string) => api.get<{ partners: PartnerRef[] }>(`/materials/${orgId}/partners`),
  'materials-partners',
)

export const addProduct = (orgId: string, name: string, description: string) =>
  api.post<{ id: string }>(`/materials/${orgId}/products`, { name, description })
export const deleteProduct = (orgId: string, productId: string) =>
  api.delete<null>(`/materials/${orgId}/products/${productId}`)
export const setGrants = (orgId: string, productId: string, partnerOrgIds: string[]) =>
  api.put<{ partnerOrgIds: string[] }>(`/materials/${orgId}/products/${productId}/grants`, { partnerOrgIds })
export const deleteMaterial = (orgId: string, materialId: string) =>
  api.delete<null>(`/materials/${orgId}/materials/${materialId}`)

/** The file is the request body, streamed by the browser; title and name travel in the query. */
export async function uploadMaterial(orgId: string, productId: string, file: File, title: string) {
  const query = new URLSearchParams({ name: file.name || 'file' })
  if (title.trim()) query.set('title', title.trim())
  let response: Response
  try {
    response = await fetch(`/api/materials/${orgId}/products/${productId}/materials?${query}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/octet-stream' },
      body: file,
    })
  } catch {
    throw new ApiError('network', 'The server could not be reached.', 0)
  }
  const body = (await response.json().catch(() => null)) as ({ id: string } & Partial<ErrorBody>) | null
  if (response.ok && body?.id) return { id: body.id }
  throw new ApiError(
    body?.error?.code ?? 'internal',
    body?.error?.message ?? `HTTP ${response.status}`,
    response.status,
  )
}

/** The publisher's changes, as router actions that refresh its product list (ui/mutation.ts). */
const products = () => [getProducts.key]
export const addProductAction = mutation('materials-add-product', addProduct, products)
export const setGrantsAction = mutation('materials-set-grants', setGrants, products)
export const uploadMaterialAction = mutation('materials-upload', uploadMaterial, products)
export const deleteProductAction = mutation(
  'materials-delete-product',
  async (orgId: string, productId: string) => {
    await deleteProduct(orgId, productId)
    return true
  },
  products,
)
export const deleteMaterialAction = mutation(
  'materials-delete-material',
  async (orgId: string, materialId: string) => {
    await deleteMaterial(orgId, materialId)
    return true
  },
  products,
)
