import { createAsync, useParams } from '@solidjs/router'
import { For, Show } from 'solid-js'
import type { ProductItem } from '../../../schema/api/materials.ts'
import { t } from '../i18n/index.ts'
import { useMe } from '../shell/me.ts'
import { Page } from '../ui/Page.tsx'
import { getGranted } from './data.ts'
import { PublisherView } from './PublisherView.tsx'
import { fileSize, MaterialLink, useProductAnchor } from './parts.tsx'

/**
 * /org/:orgId/materials: in a partner company or investor, the products granted to it and their
 * files; in a management company or cooperative, the publisher's editor (the API decides who
 * may do what; this only picks the view).
 */
export function MaterialsPage() {
  const params = useParams<{ orgId: string }>()
  const me = useMe()
  const org = () => me().organisations.find((o) => o.id === params.orgId)
  const partner = () => org()?.kind === 'partner_company' || org()?.kind === 'investor_portfolio'
  return (
    <Page
      title={t('materials.title')}
      intro={partner() ? t('materials.intro') : t('materials.publisherIntro')}
      wide
    >
      <Show when={org()} keyed>
        {(o) => (partner() ? <GrantedView orgId={o.id} /> : <PublisherView orgId={o.id} />)}
      </Show>
    </Page>
  )
}

function GrantedView(props: { orgId: string }) {
  const granted = createAsync(() => getGranted(props.orgId))
  useProductAnchor()(granted)
  return (
    <Show when={granted()} keyed>
      {(g) => (
        <Show when={g.products.length > 0} fallback={<p class="empty">{t('materials.none')}</p>}>
          <div class="materials">
            <For each={g.products}>{(p) => <GrantedProduct product={p} />}</For>
          </div>
        </Show>
      )}
    </Show>
  )
}

function GrantedProduct(props: { product: ProductItem }) {
  const p = () => props.product
  return (
    <section
      class="card materials__product"
      id={`product-${p().id}`}
      aria-labelledby={`product-${p().id}-name`}
    >
      <h2 id={`product-${p().id}-name`}>{p().name}</h2>
      <p class="muted">{t('materials.from', { org: p().orgName })}</p>
      <Show when={p().description}>
        <p>{p().description}</p>
      </Show>
      <Show when={p().materials.length > 0} fallback={<p class="muted">{t('materials.noMaterials')}</p>}>
        <ul class="materials__list">
          <For each={p().materials}>
            {(m) => (
              <li class="materials__item">
                <div>
                  <MaterialLink material={m} />
                  <Show when={m.description}>
                    <p class="muted">{m.description}</p>
                  </Show>
                </div>
                <span class="muted">
                  {m.fileName} · {fileSize(m.size)}
                </span>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  )
}
