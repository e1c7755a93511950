import {
  A,
  createAsync,
  Navigate,
  type RouteSectionProps,
  useAction,
  useLocation,
  useNavigate,
} from '@solidjs/router'
import {
  createEffect,
  createMemo,
  createSignal,
  createUniqueId,
  For,
  Match,
  Show,
  Suspense,
  Switch,
} from 'solid-js'
import { Dynamic } from 'solid-js/web'
import type { MeOrganisation, MeResponse } from '../../../schema/api/users.ts'
import type { OrgAction } from '../../../schema/policy.ts'
import type { Language } from '../../../schema/roles.ts'
import { AnnouncementBanner } from '../communications/AnnouncementBanner.tsx'
import { setLanguage, t } from '../i18n/index.ts'
import { SearchBox } from '../search/SearchBox.tsx'
import { getMe, needsMfaEnrolment, needsMfaRelogin } from '../session.ts'
import { IconMenu } from '../ui/icons.ts'
import { Loading } from '../ui/Page.tsx'
import { RouteErrorBoundary } from '../ui/RouteError.tsx'
import { ToastRegion } from '../ui/Toast.tsx'
import { logoutAction, saveLanguageAction } from './actions.ts'
import { LanguageSelect } from './LanguageSelect.tsx'
import { isStaffAnywhere, MeContext, showsDevMailbox } from './me.ts'
import { orgNavItems, statusArea } from './slots.ts'

/** Sub-pages of an organisation and the ability each needs. */
const ORG_PAGES: ReadonlyArray<{
  path: string
  label: 'nav.overview' | 'nav.members' | 'nav.audit'
  needs: OrgAction
}> = [
  { path: '', label: 'nav.overview', needs: 'org.read' },
  { path: '/members', label: 'nav.members', needs: 'members.read' },
  { path: '/audit', label: 'nav.audit', needs: 'audit.read' },
]

/** The signed-in frame: loads `me`, sends strangers to login and staff to TOTP enrolment. */
export function Shell(props: RouteSectionProps) {
  const me = createAsync(() => getMe())
  const location = useLocation()
  return (
    <Suspense fallback={<Loading />}>
      <Switch>
        <Match when={me() === null}>
          <Navigate href={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} />
        </Match>
        <Match when={me()}>
          {(current) => (
            <MeContext.Provider value={current}>
              <Switch fallback={<Frame me={current()}>{props.children}</Frame>}>
                <Match when={needsMfaEnrolment(current()) && location.pathname !== '/mfa/enrol'}>
                  <Navigate href="/mfa/enrol" />
                </Match>
              </Switch>
            </MeContext.Provider>
          )}
        </Match>
      </Switch>
    </Suspense>
  )
}

function Frame(props: { me: MeResponse; children: import('solid-js').JSX.Element }) {
  const location = useLocation()
  const navigate = useNavigate()
  const [menuOpen, setMenuOpen] = createSignal(false)
  const [lastOrgId, setLastOrgId] = createSignal<string>()
  const urlOrgId = createMemo(() => location.pathname.match(/^\/org\/([^/]+)/)?.[1])
  createEffect(() => {
    const id = urlOrgId()
    if (id) setLastOrgId(id)
  })
  createEffect(() => {
    location.pathname
    setMenuOpen(false)
  })
  const currentOrg = createMemo(() => {
    const id =
      urlOrgId() ??
      lastOrgId() ??
      (props.me.organisations.length === 1 ? props.me.organisations[0]?.id : undefined)
    return props.me.organisations.find((o) => o.id === id)
  })
  const switcherId = createUniqueId()
  const navId = createUniqueId()

  function switchOrg(id: string) {
    const target = props.me.organisations.find((o) => o.id === id)
    if (!target) return
    // Stay on the same kind of page when the new organisation has it.
    const sub = location.pathname.match(/^\/org\/[^/]+(\/[^/]+)?/)?.[1] ?? ''
    const page = ORG_PAGES.find((p) => p.path === sub)
    const keep = page
      ? target.abilities.includes(page.needs)
      : orgNavItems().some((i) => `/${i.path}` === sub && i.visible(target))
    navigate(`/org/${target.id}${keep ? sub : ''}`)
  }

  const saveLanguage = useAction(saveLanguageAction)
  const signOut = useAction(logoutAction)
  async function changeLanguage(next: Language) {
    setLanguage(next)
    await saveLanguage(next)
  }

  async function logout() {
    await signOut()
    navigate('/login', { replace: true })
  }

  const platform = () => props.me.platform.reviewRegistrations || props.me.platform.listAllOrganisations

  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header class="topbar">
        <button
          type="button"
          class="topbar__menu"
          aria-expanded={menuOpen()}
          aria-controls={navId}
          onClick={() => setMenuOpen(!menuOpen())}
        >
          <IconMenu size={22} />
          <span class="visually-hidden">{t('nav.menu')}</span>
        </button>
        <A href="/" class="brand" end>
          <span class="brand__mark" aria-hidden="true">
            ⌂
          </span>
          <span class="brand__name">{t('app.name')}</span>
        </A>
        <Show when={props.me.organisations.length > 0}>
          <div class="org-switcher">
            <label for={switcherId} class="visually-hidden">
              {t('shell.orgSwitcher')}
            </label>
            <select
              id={switcherId}
              value={currentOrg()?.id ?? ''}
              onChange={(e) => switchOrg(e.currentTarget.value)}
            >
              <Show when={!currentOrg()}>
                <option value="" disabled>
                  {t('shell.chooseOrg')}
                </option>
              </Show>
              <For each={props.me.organisations}>
                {(o) => (
                  <option value={o.id} selected={o.id === currentOrg()?.id}>
                    {o.name}
                  </option>
                )}
              </For>
            </select>
          </div>
        </Show>
        <SearchBox />
        <div class="topbar__status" role="status" aria-label={t('shell.status')}>
          <Show when={statusArea()} keyed>
            {(area) => <Dynamic component={area} />}
          </Show>
        </div>
        <div class="topbar__end">
          <LanguageSelect onChange={(l) => void changeLanguage(l)} compact />
          <A href="/profile" class="topbar__user" title={t('shell.signedInAs', { name: props.me.user.name })}>
            <span aria-hidden="true" class="avatar">
              {initials(props.me.user.name)}
            </span>
            <span class="topbar__username">{props.me.user.name}</span>
          </A>
          <button type="button" class="button button--quiet topbar__logout" onClick={() => void logout()}>
            {t('nav.logout')}
          </button>
        </div>
      </header>
      <div class="shell__body">
        <nav
          id={navId}
          class="sidenav"
          classList={{ 'sidenav--open': menuOpen() }}
          aria-label={t('nav.main')}
        >
          <ul>
            <li>
              <A href="/" end activeClass="is-active">
                {t('nav.home')}
              </A>
            </li>
          </ul>
          <Show when={currentOrg()} keyed>
            {(org) => <OrgNav org={org} />}
          </Show>
          <Show when={platform()}>
            <h2 class="sidenav__heading">{t('nav.platform')}</h2>
            <ul>
              <Show when={props.me.platform.reviewRegistrations}>
                <li>
                  <A href="/registrations" activeClass="is-active">
                    {t('nav.registrations')}
                  </A>
                </li>
              </Show>
              <Show when={props.me.platform.listAllOrganisations}>
                <li>
                  <A href="/admin/orgs" activeClass="is-active">
                    {t('nav.allOrgs')}
                  </A>
                </li>
                <li>
                  <A href="/admin/audit" activeClass="is-active">
                    {t('nav.platformAudit')}
                  </A>
                </li>
                <li>
                  <A href="/admin/announcements" activeClass="is-active">
                    {t('nav.platformAnnouncements')}
                  </A>
                </li>
              </Show>
            </ul>
          </Show>
          <h2 class="sidenav__heading">{t('nav.you')}</h2>
          <ul>
            <li>
              <A href="/profile" activeClass="is-active">
                {t('nav.profile')}
              </A>
            </li>
            <Show when={showsDevMailbox(props.me)}>
              <li>
                <A href="/dev/mailbox" activeClass="is-active">
                  {t('nav.devMailbox')}
                </A>
              </li>
            </Show>
            <Show when={isStaffAnywhere(props.me)}>
              <li>
                <A href="/ui" activeClass="is-active">
                  {t('ui.showcase.nav')}
                </A>
              </li>
            </Show>
            <li class="sidenav__mobile-only">
              <LanguageSelect onChange={(l) => void changeLanguage(l)} class="sidenav__language" />
            </li>
            <li class="sidenav__logout">
              <button type="button" class="linklike" onClick={() => void logout()}>
                {t('nav.logout')}
              </button>
            </li>
          </ul>
        </nav>
        <main id="main" class="main" tabindex="-1">
          <AnnouncementBanner />
          <Show when={needsMfaRelogin(props.me)}>
            <div class="alert alert--info" role="status">
              <strong>{t('mfa.reloginTitle')}.</strong> {t('mfa.reloginIntro')}{' '}
              <button type="button" class="button button--small" onClick={() => void logout()}>
                {t('nav.logout')}
              </button>
            </div>
          </Show>
          <RouteErrorBoundary>
            <Suspense fallback={<Loading />}>{props.children}</Suspense>
          </RouteErrorBoundary>
        </main>
      </div>
      <ToastRegion />
    </div>
  )
}

/** The registered items this user sees, the organisation's administration first. */
function navItems(org: MeOrganisation) {
  const visible = orgNavItems().filter((i) => i.visible(org))
  return [...visible.filter((i) => i.group === 'admin'), ...visible.filter((i) => i.group !== 'admin')]
}

function OrgNav(props: { org: MeOrganisation }) {
  return (
    <>
      <h2 class="sidenav__heading sidenav__org">
        {props.org.name}
        <span class="sidenav__groups">
          {t('shell.groupsIn')}: {props.org.roles.map((r) => t(`role.${r}`)).join(', ')}
        </span>
      </h2>
      <ul>
        <For each={ORG_PAGES.filter((p) => props.org.abilities.includes(p.needs))}>
          {(page) => (
            <li>
              <A href={`/org/${props.org.id}${page.path}`} end activeClass="is-active">
                {t(page.label)}
              </A>
            </li>
          )}
        </For>
        <For each={navItems(props.org)}>
          {(item) => (
            <li>
              <A href={`/org/${props.org.id}/${item.path}`} activeClass="is-active">
                {t(item.label)}
                <Show when={item.badge?.(props.org)} keyed>
                  {(count) => <span class="badge">{count}</span>}
                </Show>
              </A>
            </li>
          )}
        </For>
      </ul>
    </>
  )
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase()
}
