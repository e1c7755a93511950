import { createSignal, For, Show } from 'solid-js'
import { LINK_ICONS, type OrgLink } from '../../../schema/api/dashboards.ts'
import { t } from '../i18n/index.ts'
import { FormError } from '../ui/Alert.tsx'
import { createConfirm } from '../ui/confirm.tsx'
import { errorMessage } from '../ui/errors.ts'
import { Field, SelectField } from '../ui/Field.tsx'
import { addLink, orderLinks, removeLink } from './data.ts'

/**
 * The external links: opened in a new tab with `noopener noreferrer` (the opened site gets no
 * handle on this page, nor the address it came from). Staff add, remove and move them up.
 */
export function LinksManager(props: {
  orgId: string
  links: OrgLink[]
  manage: boolean
  onChanged: () => void
}) {
  const [title, setTitle] = createSignal('')
  const [url, setUrl] = createSignal('')
  const [description, setDescription] = createSignal('')
  const [icon, setIcon] = createSignal<OrgLink['icon']>('link')
  const [error, setError] = createSignal<string>()
  const act = async (work: () => Promise<unknown>) => {
    setError(undefined)
    try {
      await work()
      props.onChanged()
    } catch (e) {
      setError(errorMessage(e))
    }
  }
  const moveUp = (i: number) => {
    const ids = props.links.map((l) => l.id)
    ;[ids[i - 1], ids[i]] = [ids[i] as string, ids[i - 1] as string]
    return act(() => orderLinks(props.orgId, ids))
  }
  const confirm = createConfirm()
  const remove = (l: OrgLink) =>
    confirm.ask({
      title: t('ui.confirm.removeTitle', { name: `”${l.title}”` }),
      message: t('ui.confirm.cannotUndo'),
      confirmLabel: t('ui.confirm.remove'),
      run: async () => {
        await removeLink(props.orgId, l.id)
        props.onChanged()
      },
    })
  return (
    <>
      {confirm.view()}
      <Show when={props.links.length > 0} fallback={<p class="empty">{t('dashboards.w.linksEmpty')}</p>}>
        <ul class="info__links">
          <For each={props.links}>
            {(l, i) => (
              <li>
                <a href={l.url} target="_blank" rel="noopener noreferrer">
                  <span class={`link-icon link-icon--${l.icon}`} aria-hidden="true" />
                  {l.title}
                  <span class="visually-hidden"> {t('dashboards.info.newTab')}</span>
                </a>
                <Show when={l.description}>
                  <div class="widget__meta">{l.description}</div>
                </Show>
                <Show when={props.manage}>
                  <p class="widget__actions">
                    <Show when={i() > 0}>
                      <button type="button" class="button button--secondary" onClick={() => moveUp(i())}>
                        {t('dashboards.info.moveUp', { title: l.title })}
                      </button>
                    </Show>
                    <button type="button" class="button button--secondary" onClick={() => remove(l)}>
                      {t('dashboards.info.removeLink', { title: l.title })}
                    </button>
                  </p>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={props.manage}>
        <form
          class="info__link-form"
          onSubmit={(e) => {
            e.preventDefault()
            void act(async () => {
              await addLink(props.orgId, {
                title: title(),
                url: url(),
                description: description(),
                icon: icon(),
              })
              setTitle('')
              setUrl('')
              setDescription('')
            })
          }}
        >
          <h3>{t('dashboards.info.addLink')}</h3>
          <FormError message={error()} />
          <Field
            label={t('dashboards.info.linkTitle')}
            value={title()}
            required
            onInput={(e) => setTitle(e.currentTarget.value)}
          />
          <Field
            label={t('dashboards.info.linkUrl')}
            type="url"
            value={url()}
            required
            pattern="https?://.+"
            onInput={(e) => setUrl(e.currentTarget.value)}
          />
          <Field
            label={t('dashboards.info.linkDescription')}
            value={description()}
            onInput={(e) => setDescription(e.currentTarget.value)}
          />
          <SelectField
            label={t('dashboards.info.linkIcon')}
            value={icon()}
            onChange={(e) => setIcon(e.currentTarget.value as OrgLink['icon'])}
          >
            <For each={LINK_ICONS}>{(k) => <option value={k}>{t(`dashboards.info.icon.${k}`)}</option>}</For>
          </SelectField>
          <button type="submit" class="button">
            {t('dashboards.info.addLink')}
          </button>
        </form>
      </Show>
    </>
  )
}
