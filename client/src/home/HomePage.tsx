import { A, useSearchParams } from '@solidjs/router'
import { createEffect, For, Show, Suspense } from 'solid-js'
import type { MeOrganisation } from '../../../schema/api/users.ts'
import type { Role } from '../../../schema/roles.ts'
import { Dashboard, DashboardSkeleton } from '../dashboards/Dashboard.tsx'
import { MyEvents } from '../events/MyEvents.tsx'
import { t } from '../i18n/index.ts'
import { useInvestorLanding } from '../reports/landing.ts'
import { showsDevMailbox, useMe } from '../shell/me.ts'
import { Alert } from '../ui/Alert.tsx'
import { Page } from '../ui/Page.tsx'

/** Who handles cases (schema/policy.ts CASE_HANDLERS): they get the work queue across organisations. */
const QUEUE_ROLES: readonly Role[] = [
  'property_manager',
  'org_admin',
  'board_member',
  'accountant',
  'maintenance_staff',
]

const CHOSEN = 'kp.dashboardOrg'

/**
 * The landing page: the dashboard of one organisation (chosen in the URL, remembered on this
 * device, else the first cooperative), then every organisation the user acts in with their roles.
 * The cards carry no page links: they repeated the menu word for word; the name opens the
 * organisation, and the menu follows the organisation chosen in the header.
 */
export function HomePage() {
  const me = useMe()
  useInvestorLanding(() => me().organisations)
  const [search, setSearch] = useSearchParams<{ org?: string }>()
  const dashboardOrgs = () => me().organisations.filter((o) => o.status === 'active' && o.roles.length > 0)
  const chosen = () => {
    const orgs = dashboardOrgs()
    const wanted = search.org ?? localStorage.getItem(CHOSEN) ?? ''
    return orgs.find((o) => o.id === wanted) ?? orgs.find((o) => o.kind === 'housing_cooperative') ?? orgs[0]
  }
  createEffect(() => {
    const org = chosen()
    if (org) localStorage.setItem(CHOSEN, org.id)
  })
  const managementName = (_org: MeOrganisation) =>
    me().organisations.find((o) => o.kind === 'management_company' && !o.viaManagement)?.name
  return (
    <Page title={t('home.welcome', { name: me().user.name })} wide>
      <Show when={me().mfa.required && !me().mfa.verified}>
        <Alert kind="info">{t('home.mfaPending')}</Alert>
      </Show>
      <Show when={me().organisations.some((o) => o.roles.some((r) => QUEUE_ROLES.includes(r)))}>
        <p>
          <A class="button" href="/work-queue">
            {t('workQueue.nav')}
          </A>
        </p>
      </Show>
      <Show when={chosen()}>
        {(org) => (
          <>
            <Show when={dashboardOrgs().length > 1}>
              <div class="field dashboard__org">
                <label for="dashboard-org">{t('dashboards.organisation')}</label>
                <select
                  id="dashboard-org"
                  value={org().id}
                  onChange={(e) => setSearch({ org: e.currentTarget.value })}
                >
                  <For each={dashboardOrgs()}>{(o) => <option value={o.id}>{o.name}</option>}</For>
                </select>
              </div>
            </Show>
            <Show when={org().id} keyed>
              {/* Its own boundary: the widgets load after the page, never hold up its heading. */}
              {(id) => (
                <Suspense fallback={<DashboardSkeleton />}>
                  <Dashboard orgId={id} />
                </Suspense>
              )}
            </Show>
          </>
        )}
      </Show>
      {/* Below the dashboard: it appears only once the events are in (and only if there are
          any), and above the dashboard it pushed every widget down when it did. */}
      <MyEvents />
      <h2>{t('home.yourOrgs')}</h2>
      <Show when={me().organisations.length > 0} fallback={<p class="empty">{t('home.noOrgs')}</p>}>
        <ul class="cards">
          <For each={me().organisations}>
            {(org) => (
              <li class="card" classList={{ 'card--suspended': org.status === 'suspended' }}>
                <h3 class="card__title">
                  <A href={`/org/${org.id}`}>{org.name}</A>
                </h3>
                <p class="card__kind">
                  {t(`orgKind.${org.kind}`)}
                  <Show when={org.status === 'suspended'}>
                    {' · '}
                    <span class="tag tag--warn">{t('home.suspended')}</span>
                  </Show>
                </p>
                <ul class="tags" aria-label={t('members.role')}>
                  <For each={org.roles}>{(role) => <li class="tag">{t(`role.${role}`)}</li>}</For>
                </ul>
                <Show when={org.viaManagement}>
                  <p class="card__note">
                    {managementName(org)
                      ? t('home.viaManagement', { company: managementName(org) ?? '' })
                      : t('home.viaManagementGeneric')}
                  </p>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={me().platform.reviewRegistrations || me().platform.listAllOrganisations}>
        <h2>{t('home.platform')}</h2>
        <ul class="quick-links">
          <Show when={me().platform.reviewRegistrations}>
            <li>
              <A href="/registrations">{t('nav.registrations')}</A>
            </li>
          </Show>
          <Show when={me().platform.listAllOrganisations}>
            <li>
              <A href="/admin/orgs">{t('nav.allOrgs')}</A>
            </li>
            <li>
              <A href="/admin/audit">{t('nav.platformAudit')}</A>
            </li>
          </Show>
        </ul>
      </Show>
      <h2>{t('home.quickLinks')}</h2>
      <ul class="quick-links">
        <li>
          <A href="/profile">{t('nav.profile')}</A>
        </li>
        <Show when={showsDevMailbox(me())}>
          <li>
            <A href="/dev/mailbox">{t('nav.devMailbox')}</A>
          </li>
        </Show>
      </ul>
    </Page>
  )
}
