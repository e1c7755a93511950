import { useParams } from '@solidjs/router'
import { createResource, createSignal, For, Show } from 'solid-js'
import type { OrgInfoBody } from '../../../schema/api/dashboards.ts'
import { formatDateTime, t } from '../i18n/index.ts'
import { Alert } from '../ui/Alert.tsx'
import { errorMessage } from '../ui/errors.ts'
import { Page } from '../ui/Page.tsx'
import { getInfo, saveInfo } from './data.ts'
import { InfoForm } from './InfoForm.tsx'
import { LinksManager } from './LinksManager.tsx'

/**
 * /org/:orgId/info: the cooperative's contacts (each phone number one tap on a phone), the
 * emergency number, office hours, house rules and external links. Staff and the board edit the
 * information; staff manage the links.
 */
export function OrgInfoPage() {
  const params = useParams<{ orgId: string }>()
  const [data, { refetch }] = createResource(() => params.orgId, getInfo)
  const [editing, setEditing] = createSignal(false)
  const [message, setMessage] = createSignal<{ kind: 'success' | 'error'; text: string } | null>(null)
  const save = async (body: OrgInfoBody) => {
    try {
      await saveInfo(params.orgId, body)
      setEditing(false)
      setMessage({ kind: 'success', text: t('dashboards.info.saved') })
      await refetch()
    } catch (error) {
      setMessage({ kind: 'error', text: errorMessage(error) })
    }
  }
  return (
    <Page title={t('dashboards.info.title')}>
      <Show when={data.error}>
        <Alert kind="error">{errorMessage(data.error)}</Alert>
      </Show>
      <Show when={message()}>{(m) => <Alert kind={m().kind}>{m().text}</Alert>}</Show>
      <Show when={data()}>
        {(d) => (
          <>
            <Show when={d().abilities.editInfo && !editing()}>
              <button type="button" class="button" onClick={() => setEditing(true)}>
                {t('dashboards.info.edit')}
              </button>
            </Show>
            <Show
              when={editing()}
              fallback={
                <>
                  <Show when={d().info.emergencyPhone}>
                    <h2>{t('dashboards.info.emergency')}</h2>
                    <p>
                      <a class="info__tel" href={`tel:${d().info.emergencyPhone.replace(/\s/g, '')}`}>
                        {d().info.emergencyPhone}
                      </a>
                    </p>
                  </Show>
                  <h2>{t('dashboards.info.contacts')}</h2>
                  <Show
                    when={d().info.contacts.length > 0}
                    fallback={<p class="empty">{t('dashboards.info.empty')}</p>}
                  >
                    <ul class="info__contacts">
                      <For each={d().info.contacts}>
                        {(c) => (
                          <li>
                            <strong>{c.role}</strong>
                            <Show when={c.name}>
                              <div>{c.name}</div>
                            </Show>
                            <Show when={c.phone}>
                              <a class="info__tel" href={`tel:${c.phone.replace(/\s/g, '')}`}>
                                <span class="visually-hidden">
                                  {t('dashboards.info.call', { name: `${c.role} ${c.name}`.trim() })}{' '}
                                </span>
                                {c.phone}
                              </a>
                            </Show>
                            <Show when={c.email}>
                              <div>
                                <a href={`mailto:${c.email}`}>{c.email}</a>
                              </div>
                            </Show>
                            <Show when={c.note}>
                              <div class="widget__meta">{c.note}</div>
                            </Show>
                          </li>
                        )}
                      </For>
                    </ul>
                  </Show>
                  <Show when={d().info.officeHours}>
                    <h2>{t('dashboards.info.officeHours')}</h2>
                    <p class="info__rules">{d().info.officeHours}</p>
                  </Show>
                  <Show when={d().info.houseRules}>
                    <h2>{t('dashboards.info.houseRules')}</h2>
                    <p class="info__rules">{d().info.houseRules}</p>
                  </Show>
                  <Show when={d().info.updatedAt}>
                    <p class="widget__meta">
                      {t('dashboards.info.updated', {
                        date: formatDateTime(d().info.updatedAt ?? ''),
                        name: d().info.updatedBy ?? '',
                      })}
                    </p>
                  </Show>
                </>
              }
            >
              <InfoForm info={d().info} onSave={save} onCancel={() => setEditing(false)} />
            </Show>
            <h2>{t('dashboards.info.links')}</h2>
            <LinksManager
              orgId={params.orgId}
              links={d().links}
              manage={d().abilities.manageLinks}
              onChanged={refetch}
            />
          </>
        )}
      </Show>
    </Page>
  )
}
