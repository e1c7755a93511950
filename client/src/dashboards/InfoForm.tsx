import { createSignal, Index } from 'solid-js'
import type { OrgInfo, OrgInfoBody } from '../../../schema/api/dashboards.ts'
import { t } from '../i18n/index.ts'
import { Field, TextAreaField } from '../ui/Field.tsx'

type Contact = OrgInfoBody['contacts'][number]
const blank = (): Contact => ({ role: '', name: '', phone: '', email: '', note: '' })

/** The information page's edit form: contacts (added and removed in place) and the texts. */
export function InfoForm(props: {
  info: OrgInfo
  onSave: (body: OrgInfoBody) => void
  onCancel: () => void
}) {
  const [contacts, setContacts] = createSignal<Contact[]>(props.info.contacts.map((c) => ({ ...c })))
  const [officeHours, setOfficeHours] = createSignal(props.info.officeHours)
  const [emergency, setEmergency] = createSignal(props.info.emergencyPhone)
  const [rules, setRules] = createSignal(props.info.houseRules)
  const set = (i: number, key: keyof Contact, value: string) =>
    setContacts((list) => list.map((c, j) => (j === i ? { ...c, [key]: value } : c)))
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        props.onSave({
          contacts: contacts().filter((c) => c.role.trim()),
          officeHours: officeHours(),
          emergencyPhone: emergency(),
          houseRules: rules(),
        })
      }}
    >
      <Field
        label={t('dashboards.info.emergency')}
        type="tel"
        value={emergency()}
        onInput={(e) => setEmergency(e.currentTarget.value)}
      />
      <h2>{t('dashboards.info.contacts')}</h2>
      <Index each={contacts()}>
        {(c, i) => (
          <fieldset class="info__contact-form">
            <legend>{t('dashboards.info.contactN', { n: i + 1 })}</legend>
            <Field
              label={t('dashboards.info.contactRole')}
              value={c().role}
              required
              onInput={(e) => set(i, 'role', e.currentTarget.value)}
            />
            <Field
              label={t('dashboards.info.contactName')}
              value={c().name}
              onInput={(e) => set(i, 'name', e.currentTarget.value)}
            />
            <Field
              label={t('dashboards.info.contactPhone')}
              type="tel"
              value={c().phone}
              onInput={(e) => set(i, 'phone', e.currentTarget.value)}
            />
            <Field
              label={t('dashboards.info.contactEmail')}
              type="email"
              value={c().email}
              onInput={(e) => set(i, 'email', e.currentTarget.value)}
            />
            <Field
              label={t('dashboards.info.contactNote')}
              value={c().note}
              onInput={(e) => set(i, 'note', e.currentTarget.value)}
            />
            <button
              type="button"
              class="button button--secondary"
              onClick={() => setContacts((list) => list.filter((_, j) => j !== i))}
            >
              {t('dashboards.info.removeContact', { n: i + 1 })}
            </button>
          </fieldset>
        )}
      </Index>
      <p>
        <button
          type="button"
          class="button button--secondary"
          onClick={() => setContacts((l) => [...l, blank()])}
        >
          {t('dashboards.info.addContact')}
        </button>
      </p>
      <TextAreaField
        label={t('dashboards.info.officeHours')}
        value={officeHours()}
        rows={3}
        onInput={(e) => setOfficeHours(e.currentTarget.value)}
      />
      <TextAreaField
        label={t('dashboards.info.houseRules')}
        value={rules()}
        rows={8}
        onInput={(e) => setRules(e.currentTarget.value)}
      />
      <p class="widget__actions">
        <button type="submit" class="button">
          {t('dashboards.info.save')}
        </button>
        <button type="button" class="button button--secondary" onClick={() => props.onCancel()}>
          {t('dashboards.info.cancel')}
        </button>
      </p>
    </form>
  )
}
