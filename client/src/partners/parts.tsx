import { useSearchParams } from '@solidjs/router'
import { createEffect } from 'solid-js'
import type { MaterialItem } from '../../../schema/api/materials.ts'
import { formatNumber, t } from '../i18n/index.ts'

/** Pieces shared by the partner's and the publisher's materials views. */

export const fileSize = (bytes: number) =>
  bytes < 1024 * 1024
    ? `${formatNumber(Math.ceil(bytes / 1024))} kB`
    : `${formatNumber(Math.round(bytes / 104857.6) / 10)} MB`

/** Brings `?product=<id>` (a search result's link) into view. */
export function useProductAnchor() {
  const [search] = useSearchParams<{ product?: string }>()
  return (ready: () => unknown) =>
    createEffect(() => {
      if (!ready() || !search.product) return
      document.getElementById(`product-${search.product}`)?.scrollIntoView({ block: 'start' })
    })
}

export function MaterialLink(props: { material: MaterialItem }) {
  return (
    <a href={`/api${props.material.downloadUrl}`} download={props.material.fileName}>
      {props.material.title}
      <span class="visually-hidden"> — {t('materials.download', { name: props.material.fileName })}</span>
    </a>
  )
}
