import { createAsync, useParams } from '@solidjs/router'
import { createMemo, createSignal, For, Show } from 'solid-js'
import { ROLES_BY_KIND, type Role, SCOPABLE_ROLES } from '../../../schema/roles.ts'
import { formatDate, t } from '../i18n/index.ts'
import { orgAllows, useMe } from '../shell/me.ts'
import { Alert, FormError } from '../ui/Alert.tsx'
import { ConfirmDialog } from '../ui/Dialog.tsx'
import { Field, SelectField } from '../ui/Field.tsx'
import { useMutation } from '../ui/mutation.ts'
import { Page } from '../ui/Page.tsx'
import { TableWrap } from '../ui/TableWrap.tsx'
import { changeMemberAction, inviteAction, type MemberChange } from './actions.ts'
import { getInvitations, getMembers, getOrgStructure, type Invitation, type Member } from './data.ts'

type Pending =
  | { kind: 'role'; member: Member; role: Role }
  | { kind: 'remove'; member: Member }
  | { kind: 'revoke'; invitation: Invitation }

/** Members of an organisation; managers invite, change roles and remove (with confirmation). */
export function MembersPage() {
  const params = useParams<{ orgId: string }>()
  const me = useMe()
  const membership = () => me().organisations.find((o) => o.id === params.orgId)
  const canManage = () => me().user.platformAdmin || orgAllows(membership(), 'members.manage')
  const structure = createAsync(() => getOrgStructure(params.orgId))
  const members = createAsync(() => getMembers(params.orgId))
  const invitations = createAsync(async () => (canManage() ? getInvitations(params.orgId) : []))
  const roles = createMemo(() => {
    const kind = structure()?.organisation.kind
    return kind ? ROLES_BY_KIND[kind] : []
  })
  const [pending, setPending] = createSignal<Pending>()
  const [notice, setNotice] = createSignal<string>()
  const confirm = useMutation(changeMemberAction)

  const orgName = () => structure()?.organisation.name ?? membership()?.name ?? ''

  async function doConfirm() {
    const p = pending()
    if (!p) return
    const change: MemberChange =
      p.kind === 'role'
        ? { kind: 'role', memberId: p.member.id, role: p.role }
        : p.kind === 'remove'
          ? { kind: 'remove', memberId: p.member.id }
          : { kind: 'revoke', invitationId: p.invitation.id }
    const ok = await confirm.run(params.orgId, change)
    if (!ok) return
    setPending(undefined)
    if (p.kind === 'role')
      setNotice(t('members.roleChanged', { name: p.member.name, role: t(`role.${p.role}`) }))
    if (p.kind === 'remove') setNotice(t('members.removed', { name: p.member.name }))
    if (p.kind === 'revoke') setNotice(undefined)
  }

  const dialogTitle = () => {
    const p = pending()
    if (!p) return ''
    if (p.kind === 'role') return t('members.changeRole', { name: p.member.name })
    if (p.kind === 'remove') return t('members.remove', { name: p.member.name })
    return t('members.revoke')
  }
  const dialogMessage = () => {
    const p = pending()
    if (!p) return undefined
    if (p.kind === 'role') return t('members.roleConfirm', { name: p.member.name, role: t(`role.${p.role}`) })
    if (p.kind === 'remove') return t('members.removeConfirm', { name: p.member.name, org: orgName() })
    return t('members.revokeConfirm', { email: p.invitation.email })
  }

  return (
    <Page title={`${t('members.title')} · ${orgName()}`} wide>
      <Show when={notice()}>
        <Alert kind="success">{notice()}</Alert>
      </Show>
      <Show when={canManage()}>
        <InviteForm orgId={params.orgId} roles={roles()} structure={structure()} onInvited={setNotice} />
      </Show>
      <Show when={canManage()}>
        <h2>{t('members.title')}</h2>
      </Show>
      <Show when={members()} keyed>
        {(list) => (
          <Show when={list.length > 0} fallback={<p class="empty">{t('members.empty')}</p>}>
            <TableWrap label={t('members.title')}>
              <table class="table table--stack">
                <thead>
                  <tr>
                    <th scope="col">{t('members.member')}</th>
                    <th scope="col">{t('members.role')}</th>
                    <th scope="col">{t('members.scope')}</th>
                    <th scope="col">{t('members.since')}</th>
                    <Show when={canManage()}>
                      <th scope="col">{t('common.actions')}</th>
                    </Show>
                  </tr>
                </thead>
                <tbody>
                  <For each={list}>
                    {(m) => (
                      <tr>
                        <th scope="row">
                          {m.name}
                          <span class="cell-sub">{m.email}</span>
                        </th>
                        <td data-label={t('members.role')}>
                          <Show
                            when={canManage() && m.userId !== me().user.id}
                            fallback={t(`role.${m.role}`)}
                          >
                            <label class="visually-hidden" for={`role-${m.id}`}>
                              {t('members.changeRole', { name: m.name })}
                            </label>
                            <select
                              id={`role-${m.id}`}
                              value={m.role}
                              onChange={(e) => {
                                const role = e.currentTarget.value as Role
                                e.currentTarget.value = m.role
                                confirm.reset()
                                setPending({ kind: 'role', member: m, role })
                              }}
                            >
                              <For each={roles()}>
                                {(r) => (
                                  <option value={r} selected={r === m.role}>
                                    {t(`role.${r}`)}
                                  </option>
                                )}
                              </For>
                            </select>
                          </Show>
                        </td>
                        <td data-label={t('members.scope')}>
                          {m.apartmentNumber
                            ? `${t('members.apartment')} ${m.apartmentNumber}`
                            : m.buildingName
                              ? `${t('members.building')} ${m.buildingName}`
                              : t('members.scopeNone')}
                        </td>
                        <td data-label={t('members.since')}>{formatDate(m.since)}</td>
                        <Show when={canManage()}>
                          <td>
                            <Show when={m.userId !== me().user.id}>
                              <button
                                type="button"
                                class="button button--small button--danger-outline"
                                onClick={() => {
                                  confirm.reset()
                                  setPending({ kind: 'remove', member: m })
                                }}
                              >
                                {t('common.remove')}
                                <span class="visually-hidden"> {m.name}</span>
                              </button>
                            </Show>
                          </td>
                        </Show>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </TableWrap>
          </Show>
        )}
      </Show>
      <Show when={canManage()}>
        <h2>{t('members.openInvitations')}</h2>
        <Show
          when={(invitations() ?? []).length > 0}
          fallback={<p class="empty">{t('members.noInvitations')}</p>}
        >
          <ul class="list">
            <For each={invitations()}>
              {(inv) => (
                <li class="list__item">
                  <span>
                    <strong>{inv.email}</strong> · {t(`role.${inv.role}`)}
                    <span class="cell-sub">
                      {t('members.expires')}: {formatDate(inv.expiresAt)}
                    </span>
                  </span>
                  <button
                    type="button"
                    class="button button--small button--secondary"
                    onClick={() => {
                      confirm.reset()
                      setPending({ kind: 'revoke', invitation: inv })
                    }}
                  >
                    {t('members.revoke')}
                    <span class="visually-hidden"> {inv.email}</span>
                  </button>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Show>
      <ConfirmDialog
        open={pending() !== undefined}
        title={dialogTitle()}
        message={dialogMessage()}
        confirmLabel={
          pending()?.kind === 'role'
            ? t('common.confirm')
            : pending()?.kind === 'remove'
              ? t('common.remove')
              : t('members.revoke')
        }
        danger={pending()?.kind !== 'role'}
        pending={confirm.pending()}
        error={confirm.message()}
        onConfirm={() => void doConfirm()}
        onCancel={() => setPending(undefined)}
      />
    </Page>
  )
}

function InviteForm(props: {
  orgId: string
  roles: readonly Role[]
  structure: import('./data.ts').OrgStructure | undefined
  onInvited: (message: string) => void
}) {
  const form = useMutation(inviteAction)
  const [email, setEmail] = createSignal('')
  const [role, setRole] = createSignal<Role | ''>('')
  const [scope, setScope] = createSignal('')
  const scopable = () => role() !== '' && SCOPABLE_ROLES.includes(role() as Role)
  const effectiveRole = () => role() || props.roles[0] || ''

  async function submit(e: SubmitEvent) {
    e.preventDefault()
    const [kind, id] = scope().split(':')
    const body = {
      email: email(),
      role: effectiveRole(),
      ...(scopable() && kind === 'b' && id ? { buildingId: id } : {}),
      ...(scopable() && kind === 'a' && id ? { apartmentId: id } : {}),
    }
    const ok = await form.run(props.orgId, body)
    if (ok) {
      props.onInvited(t('members.invited', { email: email() }))
      setEmail('')
      setScope('')
    }
  }

  return (
    <section class="panel">
      <h2>{t('members.invite')}</h2>
      <p class="muted">{t('members.inviteIntro')}</p>
      <form class="form-grid" onSubmit={submit}>
        <Field
          label={t('common.email')}
          type="email"
          name="email"
          required
          value={email()}
          onInput={(e) => setEmail(e.currentTarget.value)}
          error={form.field('email')}
        />
        <SelectField
          label={t('members.role')}
          name="role"
          value={effectiveRole()}
          onChange={(e) => setRole(e.currentTarget.value as Role)}
          error={form.field('role')}
        >
          <For each={props.roles}>
            {(r) => (
              <option value={r} selected={r === effectiveRole()}>
                {t(`role.${r}`)}
              </option>
            )}
          </For>
        </SelectField>
        <SelectField
          label={t('members.scope')}
          name="scope"
          value={scope()}
          disabled={!scopable() || !props.structure?.buildings.length}
          hint={t('members.scopeHint')}
          onChange={(e) => setScope(e.currentTarget.value)}
          error={form.field('buildingId') ?? form.field('apartmentId')}
        >
          <option value="" selected={scope() === ''}>
            {t('members.scopeNone')}
          </option>
          <For each={props.structure?.buildings ?? []}>
            {(b) => (
              <optgroup label={b.name}>
                <option value={`b:${b.id}`} selected={scope() === `b:${b.id}`}>
                  {t('members.building')}: {b.name}
                </option>
                <For each={b.apartments}>
                  {(a) => (
                    <option value={`a:${a.id}`} selected={scope() === `a:${a.id}`}>
                      {t('members.apartment')}: {a.number}
                    </option>
                  )}
                </For>
              </optgroup>
            )}
          </For>
        </SelectField>
        <div class="form-grid__actions">
          <FormError message={form.message()} />
          <button type="submit" class="button" disabled={form.pending()}>
            {t('members.send')}
          </button>
        </div>
      </form>
    </section>
  )
}
