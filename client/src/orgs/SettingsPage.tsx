import { createAsync, useParams } from '@solidjs/router'
import { Show } from 'solid-js'
import { ApiError } from '../api.ts'
import { t } from '../i18n/index.ts'
import { useMe } from '../shell/me.ts'
import { Page } from '../ui/Page.tsx'
import { Skeleton } from '../ui/Skeleton.tsx'
import { DetailsForm } from './DetailsForm.tsx'
import { getOrgStructure } from './data.ts'
import { HandoverForm } from './HandoverForm.tsx'
import { StructureEditor } from './StructureEditor.tsx'
import { mayEditSettings, mayHandOver } from './settingsNav.ts'

/**
 * /org/:orgId/settings: an organisation's details, its structure one item at a time, and the
 * handover of a cooperative (issue 18). For the organisation's admins and property managers
 * (`org.structure.manage`); the API decides, so anyone else gets its 403/404 as the route's
 * error state.
 */
export function SettingsPage() {
  const params = useParams<{ orgId: string }>()
  const me = useMe()
  const membership = () => me().organisations.find((o) => o.id === params.orgId)
  // Anyone in the organisation reads its structure; the settings are for those who change it,
  // so without that ability the page is the route's "no access" state, as the API would answer.
  const structure = createAsync(() => {
    if (!me().user.platformAdmin && !mayEditSettings(membership()))
      return Promise.reject(new ApiError('forbidden', 'No access to the settings.', 403))
    return getOrgStructure(params.orgId)
  })
  const title = () =>
    structure() ? `${t('orgSettings.title')} · ${structure()?.organisation.name}` : t('orgSettings.title')
  return (
    <Page title={title()} intro={t('orgSettings.intro')} wide>
      <Show when={structure()} keyed fallback={<Skeleton variant="page" />}>
        {(s) => (
          <>
            <DetailsForm organisation={s.organisation} />
            <Show when={s.organisation.kind === 'management_company'}>
              <section aria-labelledby="kotipiha-id">
                <h2 id="kotipiha-id">{t('orgSettings.kotipihaId')}</h2>
                <p>
                  <code data-testid="kotipiha-id">{s.organisation.id}</code>
                </p>
                <p class="muted">{t('orgSettings.kotipihaIdHint')}</p>
              </section>
            </Show>
            <Show when={s.organisation.kind === 'housing_cooperative'}>
              <StructureEditor orgId={s.organisation.id} buildings={s.buildings} />
            </Show>
            <Show when={mayHandOver(me(), membership(), s.organisation)}>
              <HandoverForm organisation={s.organisation} />
            </Show>
          </>
        )}
      </Show>
    </Page>
  )
}
