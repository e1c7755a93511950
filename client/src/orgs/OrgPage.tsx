import { A, createAsync, useNavigate, useParams } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { OrgStatusDialog, type OrgStatusTarget } from '../admin/OrgStatusDialog.tsx'
import { mayReadActivity, mayReadRetention } from '../gdpr/nav.ts'
import { formatNumber, t, tPlural } from '../i18n/index.ts'
import { orgAllows, useMe } from '../shell/me.ts'
import { Alert } from '../ui/Alert.tsx'
import { Page } from '../ui/Page.tsx'
import { TableWrap } from '../ui/TableWrap.tsx'
import { getOrgStructure } from './data.ts'

/** An organisation: who you are there, and its buildings, staircases and apartments. */
export function OrgPage() {
  const params = useParams<{ orgId: string }>()
  const me = useMe()
  const membership = () => me().organisations.find((o) => o.id === params.orgId)
  const structure = createAsync(() => getOrgStructure(params.orgId))
  const [statusTarget, setStatusTarget] = createSignal<OrgStatusTarget>()
  const [notice, setNotice] = createSignal<string>()
  const canSuspend = () => me().platform.listAllOrganisations || orgAllows(membership(), 'org.suspend')
  const navigate = useNavigate()
  // A suspended organisation grants its staff nothing: only platform admins can still see it, so
  // only theirs refetches this page (the dialog's action has refetched the signed-in user).
  const alsoRevalidate = () => (me().platform.listAllOrganisations ? [getOrgStructure.key] : [])
  function statusChanged(message: string) {
    setNotice(message)
    setStatusTarget(undefined)
    if (!me().platform.listAllOrganisations) navigate('/', { replace: true })
  }
  return (
    <Show when={structure()} keyed>
      {(s) => (
        <Page title={s.organisation.name} wide>
          <Show when={notice()}>
            <Alert kind="success">{notice()}</Alert>
          </Show>
          <dl class="facts">
            <div>
              <dt>{t('adminOrgs.kind')}</dt>
              <dd>{t(`orgKind.${s.organisation.kind}`)}</dd>
            </div>
            <Show when={s.organisation.business_id}>
              <div>
                <dt>{t('org.businessId')}</dt>
                <dd>{s.organisation.business_id}</dd>
              </div>
            </Show>
            <div>
              <dt>{t('org.status')}</dt>
              <dd>{t(`orgStatus.${s.organisation.status}`)}</dd>
            </div>
            <Show when={membership()} keyed>
              {(m) => (
                <div>
                  <dt>{t('shell.groupsIn')}</dt>
                  <dd>{m.roles.map((r) => t(`role.${r}`)).join(', ')}</dd>
                </div>
              )}
            </Show>
          </dl>
          <Show when={membership()} keyed>
            {(m) => (
              <ul class="quick-links">
                <Show when={orgAllows(m, 'members.read')}>
                  <li>
                    <A href={`/org/${params.orgId}/members`}>{t('nav.members')}</A>
                  </li>
                </Show>
                <Show when={orgAllows(m, 'audit.read')}>
                  <li>
                    <A href={`/org/${params.orgId}/audit`}>{t('nav.audit')}</A>
                  </li>
                </Show>
                <Show when={mayReadActivity(m)}>
                  <li>
                    <A href={`/org/${params.orgId}/activity`}>{t('gdpr.activity.nav')}</A>
                  </li>
                </Show>
                <Show when={mayReadRetention(m)}>
                  <li>
                    <A href={`/org/${params.orgId}/retention`}>{t('gdpr.retention.nav')}</A>
                  </li>
                </Show>
              </ul>
            )}
          </Show>
          <Show when={canSuspend()}>
            <p>
              <button
                type="button"
                class="button button--small"
                classList={{
                  'button--danger-outline': s.organisation.status === 'active',
                  'button--secondary': s.organisation.status !== 'active',
                }}
                onClick={() => setStatusTarget({ ...s.organisation })}
              >
                {s.organisation.status === 'active' ? t('adminOrgs.suspend') : t('adminOrgs.reactivate')}
              </button>
            </p>
          </Show>
          <OrgStatusDialog
            target={statusTarget()}
            onDone={statusChanged}
            onCancel={() => setStatusTarget(undefined)}
            revalidates={alsoRevalidate()}
          />
          <h2>{t('org.title')}</h2>
          <Show when={s.buildings.length > 0} fallback={<p class="empty">{t('org.noBuildings')}</p>}>
            <For each={s.buildings}>
              {(building) => (
                <section class="building">
                  <h3>
                    {t('members.building')} {building.name}
                  </h3>
                  <p class="muted">
                    <Show when={building.address}>{building.address} · </Show>
                    {tPlural('org.apartmentsCount', building.apartments.length)}
                    <Show when={building.staircases.length > 0}>
                      {' · '}
                      {t('org.staircases')}: {building.staircases.map((st) => st.name).join(', ')}
                    </Show>
                  </p>
                  <TableWrap label={building.name}>
                    <table class="table">
                      <caption class="visually-hidden">{building.name}</caption>
                      <thead>
                        <tr>
                          <th scope="col">{t('org.apartment')}</th>
                          <th scope="col">{t('org.staircase')}</th>
                          <th scope="col" class="num">
                            {t('org.area')}
                          </th>
                          <th scope="col" class="num">
                            {t('org.shares')}
                          </th>
                        </tr>
                      </thead>
                      <tbody>
                        <For each={building.apartments}>
                          {(apt) => (
                            <tr>
                              <th scope="row">{apt.number}</th>
                              <td>
                                {building.staircases.find((st) => st.id === apt.staircaseId)?.name ??
                                  t('common.none')}
                              </td>
                              <td class="num">{formatNumber(apt.areaM2)}</td>
                              <td class="num">{apt.shareCount ?? t('common.none')}</td>
                            </tr>
                          )}
                        </For>
                      </tbody>
                    </table>
                  </TableWrap>
                </section>
              )}
            </For>
          </Show>
        </Page>
      )}
    </Show>
  )
}
