import { createAsync, useParams } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import type { ApiKeyItem } from '../../../schema/api/finance.ts'
import { API_KEY_SCOPES, type ApiKeyScope } from '../../../schema/finance/kinds.ts'
import { formatDate, t } from '../i18n/index.ts'
import { Alert } from '../ui/Alert.tsx'
import { ConfirmDialog } from '../ui/Dialog.tsx'
import { Field } from '../ui/Field.tsx'
import { useMutation } from '../ui/mutation.ts'
import { Page } from '../ui/Page.tsx'
import { TableWrap } from '../ui/TableWrap.tsx'
import { createApiKeyAction, getApiKeys, revokeApiKeyAction } from './data.ts'

/**
 * /org/:orgId/api-keys: the organisation admin's keys for the accounting system's import API.
 * A new key's token is in the create answer only: shown here once, with a copy button, and gone
 * when the page is left (only its hash is stored). Revoking asks first and takes effect at once.
 */
export function ApiKeysPage() {
  const params = useParams<{ orgId: string }>()
  const keys = createAsync(() => getApiKeys(params.orgId))
  const [name, setName] = createSignal('')
  const [scopes, setScopes] = createSignal<ApiKeyScope[]>(['finance:write'])
  const [created, setCreated] = createSignal<{ name: string; token: string }>()
  const [revoking, setRevoking] = createSignal<ApiKeyItem>()
  const revoker = useMutation(revokeApiKeyAction)
  const form = useMutation(createApiKeyAction)
  const toggle = (scope: ApiKeyScope, on: boolean) =>
    setScopes((s) => (on ? [...s, scope] : s.filter((x) => x !== scope)))
  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    setCreated(undefined)
    const answer = await form.run(params.orgId, name().trim(), scopes())
    if (!answer) return
    setCreated({ name: answer.name, token: answer.token })
    setName('')
  }
  const revoke = async () => {
    const key = revoking()
    if (!key) return
    if (await revoker.run(params.orgId, key.id)) setRevoking(undefined)
  }
  return (
    <Page title={t('finance.keys')} intro={t('finance.keysIntro')} wide>
      <section class="finance__section" aria-labelledby="keys-create">
        <h2 id="keys-create">{t('finance.createKey')}</h2>
        <form class="finance__key-form" onSubmit={submit} novalidate>
          <Field
            label={t('finance.keyName')}
            hint={t('finance.keyNameHint')}
            value={name()}
            maxLength={100}
            required
            error={form.field('name')}
            onInput={(e) => setName(e.currentTarget.value)}
          />
          <fieldset
            class="finance__scopes"
            aria-describedby={form.field('scopes') ? 'keys-scopes-error' : undefined}
          >
            <legend>{t('finance.keyScopes')}</legend>
            <For each={API_KEY_SCOPES}>
              {(scope) => (
                <label class="finance__scope">
                  <input
                    type="checkbox"
                    checked={scopes().includes(scope)}
                    onChange={(e) => toggle(scope, e.currentTarget.checked)}
                  />
                  <span>
                    <code>{scope}</code> {t(`finance.scope.${scope}`)}
                  </span>
                </label>
              )}
            </For>
            <Show when={form.field('scopes')}>
              <p class="field__error" id="keys-scopes-error">
                {form.field('scopes')}
              </p>
            </Show>
          </fieldset>
          <Show when={form.message() && !form.field('name') && !form.field('scopes')}>
            <Alert kind="error">{form.message()}</Alert>
          </Show>
          <button type="submit" class="button" disabled={form.pending()}>
            {t('finance.createKey')}
          </button>
        </form>
        <Show when={created()} keyed>
          {(c) => <NewKey name={c.name} token={c.token} onDone={() => setCreated(undefined)} />}
        </Show>
      </section>
      <section class="finance__section" aria-labelledby="keys-list">
        <h2 id="keys-list">{t('finance.keysList')}</h2>
        <Show when={keys()} keyed>
          {(k) => (
            <Show when={k.keys.length > 0} fallback={<p class="empty">{t('finance.noKeys')}</p>}>
              <TableWrap label={t('finance.keysList')}>
                <table class="table">
                  <thead>
                    <tr>
                      <th scope="col">{t('finance.keyName')}</th>
                      <th scope="col">{t('finance.keyScopes')}</th>
                      <th scope="col">{t('finance.keyCreatedAt')}</th>
                      <th scope="col">{t('finance.keyLastUsed')}</th>
                      <th scope="col">{t('finance.col.status')}</th>
                      <th scope="col">
                        <span class="visually-hidden">{t('finance.keyActions')}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={k.keys}>
                      {(key) => (
                        <tr data-api-key={key.id}>
                          <th scope="row">{key.name}</th>
                          <td>
                            <For each={key.scopes}>{(s) => <code class="finance__scope-tag">{s}</code>}</For>
                          </td>
                          <td>{formatDate(key.createdAt)}</td>
                          <td>{key.lastUsedAt ? formatDate(key.lastUsedAt) : t('finance.keyNeverUsed')}</td>
                          <td>
                            <span
                              class="badge"
                              classList={{
                                'finance__status--paid': key.revokedAt === null,
                                'finance__status--credited': key.revokedAt !== null,
                              }}
                            >
                              {key.revokedAt ? t('finance.revoked') : t('finance.keyActive')}
                            </span>
                          </td>
                          <td>
                            <Show when={!key.revokedAt}>
                              <button
                                type="button"
                                class="button button--danger-outline button--small"
                                onClick={() => {
                                  revoker.reset()
                                  setRevoking(key)
                                }}
                              >
                                {t('finance.revoke')}
                                <span class="visually-hidden"> {key.name}</span>
                              </button>
                            </Show>
                          </td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </TableWrap>
            </Show>
          )}
        </Show>
      </section>
      <ConfirmDialog
        open={revoking() !== undefined}
        title={t('finance.revokeKey', { name: revoking()?.name ?? '' })}
        message={t('finance.revokeWarning')}
        confirmLabel={t('finance.revoke')}
        danger
        pending={revoker.pending()}
        error={revoker.message()}
        onConfirm={revoke}
        onCancel={() => setRevoking(undefined)}
      />
    </Page>
  )
}

/** The token, once: a read-only field to select, a copy button, and a reminder it is not kept. */
function NewKey(props: { name: string; token: string; onDone: () => void }) {
  const [copied, setCopied] = createSignal(false)
  const copy = async () => {
    await navigator.clipboard?.writeText(props.token)
    setCopied(true)
  }
  return (
    <section class="card finance__new-key" aria-labelledby="keys-new">
      <h3 id="keys-new">{t('finance.keyCreatedFor', { name: props.name })}</h3>
      <p>{t('finance.keyCreated')}</p>
      <label class="visually-hidden" for="keys-token">
        {t('finance.keyToken')}
      </label>
      <input
        id="keys-token"
        class="finance__token"
        readOnly
        value={props.token}
        onFocus={(e) => e.currentTarget.select()}
      />
      <div class="finance__actions">
        <button type="button" class="button button--secondary button--small" onClick={copy}>
          {t('finance.copy', { what: t('finance.keyToken') })}
        </button>
        <button type="button" class="button button--quiet button--small" onClick={() => props.onDone()}>
          {t('finance.keyDone')}
        </button>
        <span role="status" class="finance__copied">
          {copied() ? t('finance.copied') : ''}
        </span>
      </div>
    </section>
  )
}
