import { createAsync } from '@solidjs/router'
import { createSignal, createUniqueId, For, Show } from 'solid-js'
import type { PartnerRef, ProductItem } from '../../../schema/api/materials.ts'
import { ACCEPT, fileProblem, fileProblemText, uploadLimitMb } from '../attachments/fileCheck.ts'
import { t } from '../i18n/index.ts'
import { Alert, FormError } from '../ui/Alert.tsx'
import { ConfirmDialog } from '../ui/Dialog.tsx'
import { Field, TextAreaField } from '../ui/Field.tsx'
import { useMutation } from '../ui/mutation.ts'
import {
  addProductAction,
  deleteMaterialAction,
  deleteProductAction,
  getPartners,
  getProducts,
  setGrantsAction,
  uploadMaterialAction,
} from './data.ts'
import { fileSize, MaterialLink, useProductAnchor } from './parts.tsx'

/** The publisher's products: who may see each one, its files, new products and uploads. */
export function PublisherView(props: { orgId: string }) {
  const products = createAsync(() => getProducts(props.orgId))
  const partners = createAsync(() => getPartners(props.orgId))
  useProductAnchor()(products)
  return (
    <div class="materials">
      <Show when={products()} keyed>
        {(list) => (
          <Show when={list.products.length > 0} fallback={<p class="empty">{t('materials.noProducts')}</p>}>
            <For each={list.products}>
              {(p) => <ProductEditor orgId={props.orgId} product={p} partners={partners()?.partners ?? []} />}
            </For>
          </Show>
        )}
      </Show>
      <NewProductForm orgId={props.orgId} />
    </div>
  )
}

function ProductEditor(props: { orgId: string; product: ProductItem; partners: PartnerRef[] }) {
  const p = () => props.product
  const headingId = `product-${props.product.id}-name`
  // What the dialog would remove: one of the product's files, or the product itself.
  const [confirm, setConfirm] = createSignal<{ title: string; materialId?: string } | null>(null)
  const removingMaterial = useMutation(deleteMaterialAction, ([, materialId]) =>
    props.product.materials.some((m) => m.id === materialId),
  )
  const removingProduct = useMutation(deleteProductAction, ([, productId]) => productId === props.product.id)
  const form = {
    message: () => removingMaterial.message() ?? removingProduct.message(),
    pending: () => removingMaterial.pending() || removingProduct.pending(),
  }
  async function confirmed() {
    const chosen = confirm()
    if (!chosen) return
    removingMaterial.reset()
    removingProduct.reset()
    if (chosen.materialId) await removingMaterial.run(props.orgId, chosen.materialId)
    else await removingProduct.run(props.orgId, props.product.id)
    setConfirm(null)
  }
  return (
    <section class="card materials__product" id={`product-${p().id}`} aria-labelledby={headingId}>
      <h2 id={headingId}>{p().name}</h2>
      <Show when={p().description}>
        <p>{p().description}</p>
      </Show>
      <FormError message={form.message()} />
      <Show when={p().materials.length > 0} fallback={<p class="muted">{t('materials.noMaterials')}</p>}>
        <ul class="materials__list">
          <For each={p().materials}>
            {(m) => (
              <li class="materials__item">
                <div>
                  <MaterialLink material={m} />
                  <p class="muted">
                    {m.fileName} · {fileSize(m.size)}
                  </p>
                </div>
                <button
                  type="button"
                  class="button button--danger-outline button--small"
                  onClick={() => setConfirm({ title: m.title, materialId: m.id })}
                >
                  {t('materials.removeMaterial', { title: m.title })}
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <div class="materials__forms">
        <GrantsForm orgId={props.orgId} product={p()} partners={props.partners} />
        <UploadForm orgId={props.orgId} productId={p().id} />
      </div>
      <button
        type="button"
        class="button button--quiet button--small"
        onClick={() => setConfirm({ title: p().name })}
      >
        {t('materials.removeProduct')}
      </button>
      <ConfirmDialog
        open={confirm() !== null}
        title={t('materials.removeProduct')}
        message={t('materials.removeConfirm', { title: confirm()?.title ?? '' })}
        confirmLabel={t('common.remove')}
        danger
        pending={form.pending()}
        onConfirm={() => void confirmed()}
        onCancel={() => setConfirm(null)}
      />
    </section>
  )
}

function GrantsForm(props: { orgId: string; product: ProductItem; partners: PartnerRef[] }) {
  const [chosen, setChosen] = createSignal(new Set((props.product.grants ?? []).map((g) => g.id)))
  const [saved, setSaved] = createSignal(false)
  const form = useMutation(setGrantsAction, ([, productId]) => productId === props.product.id)
  const legendId = createUniqueId()
  const names = () => (props.product.grants ?? []).map((g) => g.name).join(', ')
  function toggle(id: string, on: boolean) {
    setSaved(false)
    setChosen((prev) => {
      const next = new Set(prev)
      if (on) next.add(id)
      else next.delete(id)
      return next
    })
  }
  async function submit(e: SubmitEvent) {
    e.preventDefault()
    const done = await form.run(props.orgId, props.product.id, [...chosen()])
    if (!done) return
    setSaved(true)
  }
  return (
    <form onSubmit={(e) => void submit(e)}>
      <fieldset class="materials__grants" aria-describedby={legendId}>
        <legend>{t('materials.access')}</legend>
        <p class="muted" id={legendId}>
          {names() ? t('materials.grantedTo', { names: names() }) : t('materials.grantedToNobody')}
        </p>
        <Show when={props.partners.length > 0} fallback={<p>{t('materials.noPartners')}</p>}>
          <For each={props.partners}>
            {(partner) => (
              <label>
                <input
                  type="checkbox"
                  checked={chosen().has(partner.id)}
                  onChange={(e) => toggle(partner.id, e.currentTarget.checked)}
                />
                {partner.name}
              </label>
            )}
          </For>
          <FormError message={form.message()} />
          <Show when={saved()}>
            <Alert kind="success">{t('materials.accessSaved')}</Alert>
          </Show>
          <button type="submit" class="button button--secondary button--small" disabled={form.pending()}>
            {t('materials.saveAccess')}
          </button>
        </Show>
      </fieldset>
    </form>
  )
}

function UploadForm(props: { orgId: string; productId: string }) {
  const [file, setFile] = createSignal<File | null>(null)
  const [title, setTitle] = createSignal('')
  const [done, setDone] = createSignal(false)
  const [refused, setRefused] = createSignal<string>()
  const form = useMutation(uploadMaterialAction, ([, productId]) => productId === props.productId)
  const headingId = createUniqueId()
  let input: HTMLInputElement | undefined
  // Too large or of a refused kind: said at once, before anything is sent.
  const choose = (picked: HTMLInputElement) => {
    const chosen = picked.files?.[0] ?? null
    const problem = chosen ? fileProblem(chosen) : undefined
    setRefused(chosen && problem ? fileProblemText(chosen, problem) : undefined)
    if (problem) picked.value = ''
    setFile(problem ? null : chosen)
  }
  async function submit(e: SubmitEvent) {
    e.preventDefault()
    const chosen = file()
    if (!chosen) return
    setDone(false)
    const uploaded = await form.run(props.orgId, props.productId, chosen, title())
    if (!uploaded) return
    setFile(null)
    setTitle('')
    if (input) input.value = ''
    setDone(true)
  }
  return (
    <form class="stack" onSubmit={(e) => void submit(e)} aria-labelledby={headingId}>
      <h3 id={headingId}>{t('materials.upload')}</h3>
      <FormError message={form.message()} />
      <Show when={done()}>
        <Alert kind="success">{t('materials.uploaded')}</Alert>
      </Show>
      <Field
        ref={input}
        label={t('materials.file')}
        hint={t('materials.fileHint', { mb: uploadLimitMb() })}
        error={refused()}
        type="file"
        accept={ACCEPT}
        required
        onChange={(e) => choose(e.currentTarget)}
      />
      <Field
        label={t('materials.materialTitle')}
        maxLength={200}
        value={title()}
        onInput={(e) => setTitle(e.currentTarget.value)}
      />
      <div>
        <button type="submit" class="button button--small" disabled={form.pending() || !file()}>
          {t('materials.upload')}
        </button>
      </div>
    </form>
  )
}

function NewProductForm(props: { orgId: string }) {
  const [name, setName] = createSignal('')
  const [description, setDescription] = createSignal('')
  const form = useMutation(addProductAction)
  const headingId = createUniqueId()
  async function submit(e: SubmitEvent) {
    e.preventDefault()
    const created = await form.run(props.orgId, name().trim(), description().trim())
    if (!created) return
    setName('')
    setDescription('')
  }
  return (
    <form class="card stack" onSubmit={(e) => void submit(e)} aria-labelledby={headingId}>
      <h2 id={headingId}>{t('materials.newProduct')}</h2>
      <FormError message={form.message()} />
      <Field
        label={t('materials.productName')}
        required
        maxLength={200}
        value={name()}
        onInput={(e) => setName(e.currentTarget.value)}
        error={form.field('name')}
      />
      <TextAreaField
        label={t('materials.description')}
        rows={3}
        maxLength={4000}
        value={description()}
        onInput={(e) => setDescription(e.currentTarget.value)}
      />
      <div>
        <button type="submit" class="button" disabled={form.pending()}>
          {t('materials.addProduct')}
        </button>
      </div>
    </form>
  )
}
