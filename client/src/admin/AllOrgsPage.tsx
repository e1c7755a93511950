import { A, createAsync } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { t } from '../i18n/index.ts'
import { Alert } from '../ui/Alert.tsx'
import { Page } from '../ui/Page.tsx'
import { TableWrap } from '../ui/TableWrap.tsx'
import { CreateOrgDialog } from './CreateOrgDialog.tsx'
import { type AdminOrg, getAllOrgs } from './data.ts'
import { OrgStatusDialog } from './OrgStatusDialog.tsx'

/** Every organisation on the platform; suspend or reactivate with a reason (audited). */
export function AllOrgsPage() {
  const orgs = createAsync(() => getAllOrgs())
  const [target, setTarget] = createSignal<AdminOrg>()
  const [notice, setNotice] = createSignal<string>()
  const [creating, setCreating] = createSignal(false)

  // The dialogs' actions have already refreshed the list and the admin's own organisations.
  function done(message: string) {
    setNotice(message)
    setTarget(undefined)
  }

  return (
    <Page title={t('adminOrgs.title')} wide>
      <Show when={notice()}>
        <Alert kind="success">{notice()}</Alert>
      </Show>
      <p>
        <button type="button" class="button" onClick={() => setCreating(true)}>
          {t('orgSettings.create.open')}
        </button>
      </p>
      <CreateOrgDialog
        open={creating()}
        onClose={() => setCreating(false)}
        onCreated={(name) => {
          setCreating(false)
          done(t('orgSettings.create.created', { name }))
        }}
      />
      <TableWrap label={t('adminOrgs.title')}>
        <table class="table table--stack">
          <thead>
            <tr>
              <th scope="col">{t('adminOrgs.name')}</th>
              <th scope="col">{t('adminOrgs.kind')}</th>
              <th scope="col">{t('org.businessId')}</th>
              <th scope="col">{t('adminOrgs.managedBy')}</th>
              <th scope="col">{t('adminOrgs.status')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={orgs()}>
              {(org) => (
                <tr>
                  <th scope="row">
                    <A href={`/org/${org.id}`}>{org.name}</A>
                  </th>
                  <td data-label={t('adminOrgs.kind')}>{t(`orgKind.${org.kind}`)}</td>
                  <td data-label={t('org.businessId')}>{org.businessId ?? t('common.none')}</td>
                  <td data-label={t('adminOrgs.managedBy')}>{org.managedBy ?? t('common.none')}</td>
                  <td data-label={t('adminOrgs.status')}>
                    <span class="tag" classList={{ 'tag--warn': org.status === 'suspended' }}>
                      {t(`orgStatus.${org.status}`)}
                    </span>
                  </td>
                  <td>
                    <button
                      type="button"
                      class="button button--small"
                      classList={{
                        'button--danger-outline': org.status === 'active',
                        'button--secondary': org.status !== 'active',
                      }}
                      onClick={() => setTarget(org)}
                    >
                      {org.status === 'active' ? t('adminOrgs.suspend') : t('adminOrgs.reactivate')}
                      <span class="visually-hidden"> {org.name}</span>
                    </button>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </TableWrap>
      <OrgStatusDialog target={target()} onDone={done} onCancel={() => setTarget(undefined)} />
    </Page>
  )
}
