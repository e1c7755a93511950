import { createMemo, createResource, createSignal, createUniqueId, For, Show } from 'solid-js'
import { api } from '../api.ts'
import { t } from '../i18n/index.ts'

/**
 * Choosing the organisations a platform-wide announcement is limited to (`orgIds`, at most 500):
 * everyone, or only the chosen ones. Searching filters the platform's active organisations by
 * name or business ID (the first 50 matches are listed, as checkboxes); the chosen ones stay
 * listed below with a Remove button each. Plain radios, checkboxes and buttons, so a keyboard
 * and a screen reader use it as any form. `value()` is null for everyone, else the chosen ids
 * (possibly none, which the server refuses: the form says why).
 */
export const MAX_ORGS = 500
const SHOWN = 50

interface PickOrg {
  id: string
  name: string
  businessId: string | null
  status: 'active' | 'suspended'
}

export function OrgPicker(props: { value: () => string[] | null; onChange: (ids: string[] | null) => void }) {
  const id = createUniqueId()
  const [orgs] = createResource(() =>
    api
      .get<{ organisations: PickOrg[] }>('/admin/orgs')
      .then((r) => r.organisations.filter((o) => o.status === 'active')),
  )
  const [query, setQuery] = createSignal('')
  const chosen = () => props.value() ?? []
  const some = () => props.value() !== null
  const matches = createMemo(() => {
    const q = query().trim().toLocaleLowerCase()
    const all = orgs() ?? []
    return q
      ? all.filter(
          (o) => o.name.toLocaleLowerCase().includes(q) || (o.businessId ?? '').toLowerCase().includes(q),
        )
      : all
  })
  const byId = createMemo(() => new Map((orgs() ?? []).map((o) => [o.id, o])))
  const set = (orgId: string, on: boolean) => {
    const now = chosen().filter((x) => x !== orgId)
    props.onChange(on ? [...now, orgId].slice(0, MAX_ORGS) : now)
  }
  return (
    <fieldset class="org-picker">
      <legend>{t('communications.orgScope')}</legend>
      <label class="check">
        <input type="radio" name={`${id}-scope`} checked={!some()} onChange={() => props.onChange(null)} />{' '}
        {t('communications.orgScopeAll')}
      </label>
      <label class="check">
        <input type="radio" name={`${id}-scope`} checked={some()} onChange={() => props.onChange(chosen())} />{' '}
        {t('communications.orgScopeSome')}
      </label>
      <Show when={some()}>
        <div class="field">
          <label for={`${id}-search`}>{t('communications.orgSearch')}</label>
          <input
            id={`${id}-search`}
            type="search"
            value={query()}
            aria-describedby={`${id}-search-hint`}
            onInput={(e) => setQuery(e.currentTarget.value)}
            // Enter in the search field must not publish the announcement around it.
            onKeyDown={(e) => {
              if (e.key === 'Enter') e.preventDefault()
            }}
          />
          <p class="field__hint" id={`${id}-search-hint`}>
            {t('communications.orgSearchHint')}
          </p>
        </div>
        <fieldset class="checks">
          <legend>{t('communications.orgMatches')}</legend>
          <Show
            when={matches().length > 0}
            fallback={<p class="muted">{t('communications.orgNoMatches')}</p>}
          >
            <For each={matches().slice(0, SHOWN)}>
              {(o) => (
                <label class="check">
                  <input
                    type="checkbox"
                    checked={chosen().includes(o.id)}
                    disabled={!chosen().includes(o.id) && chosen().length >= MAX_ORGS}
                    onChange={(e) => set(o.id, e.currentTarget.checked)}
                  />{' '}
                  {o.name}
                  <Show when={o.businessId}>{(b) => <span class="muted"> · {b()}</span>}</Show>
                </label>
              )}
            </For>
            <Show when={matches().length > SHOWN}>
              <p class="muted">
                {t('communications.orgMoreMatches', { shown: SHOWN, count: matches().length })}
              </p>
            </Show>
          </Show>
        </fieldset>
        <p aria-live="polite" data-testid="org-chosen">
          {t('communications.orgChosen', { count: chosen().length, max: MAX_ORGS })}
          <Show when={chosen().length === 0}>
            {' '}
            <span class="field__error">{t('communications.orgChooseOne')}</span>
          </Show>
        </p>
        <Show when={chosen().length > 0}>
          <ul class="org-picker__chosen">
            <For each={chosen()}>
              {(orgId) => {
                const name = () => byId().get(orgId)?.name ?? orgId
                return (
                  <li>
                    {name()}{' '}
                    <button
                      type="button"
                      class="button button--small button--secondary"
                      aria-label={t('communications.orgRemove', { name: name() })}
                      onClick={() => set(orgId, false)}
                    >
                      {t('communications.orgRemoveShort')}
                    </button>
                  </li>
                )
              }}
            </For>
          </ul>
        </Show>
      </Show>
    </fieldset>
  )
}
