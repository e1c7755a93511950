import { createAsync, useParams } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { COST_CATEGORIES, type CostCategory } from '../../../schema/finance/kinds.ts'
import { t } from '../i18n/index.ts'
import { Alert } from '../ui/Alert.tsx'
import { DatePicker } from '../ui/DatePicker.tsx'
import { Field, SelectField, TextAreaField } from '../ui/Field.tsx'
import { useMutation } from '../ui/mutation.ts'
import { Page } from '../ui/Page.tsx'
import { getRecipients, sendSupplierInvoiceAction } from './data.ts'
import { parseEuros } from './format.ts'
import { SupplierInvoices } from './SupplierInvoices.tsx'

/** Today in Helsinki as YYYY-MM-DD (the default issue date). */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(new Date())

/**
 * /org/:companyId/supplier-invoices: a contractor company's invoices to the cooperatives it works
 * with. Send one (it waits for the board's approval), then follow each to its decision. The API
 * decides who may send where (api/finance/supplierSubmitRoutes.ts).
 */
export function SupplierPortalPage() {
  const params = useParams<{ orgId: string }>()
  const recipients = createAsync(() => getRecipients(params.orgId))
  const form = useMutation(sendSupplierInvoiceAction)
  const [cooperativeId, setCooperativeId] = createSignal('')
  const [invoiceNumber, setInvoiceNumber] = createSignal('')
  const [description, setDescription] = createSignal('')
  const [category, setCategory] = createSignal<CostCategory>('repairs')
  const [amount, setAmount] = createSignal('')
  const [vat, setVat] = createSignal('')
  const [issuedOn, setIssuedOn] = createSignal(today())
  const [dueDate, setDueDate] = createSignal('')
  const [sent, setSent] = createSignal<string>()
  const chosenCooperative = () => cooperativeId() || recipients()?.cooperatives[0]?.id || ''

  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    setSent(undefined)
    const amountCents = parseEuros(amount())
    const vatCents = vat().trim() === '' ? 0 : parseEuros(vat())
    const problems: Record<string, string> = {}
    if (amountCents === null || amountCents <= 0) problems.amountCents = t('finance.amountInvalid')
    if (vatCents === null) problems.vatCents = t('finance.amountInvalid')
    if (!dueDate()) problems.dueDate = t('finance.dueRequired')
    if (Object.keys(problems).length > 0) {
      form.setFieldProblems(problems)
      return
    }
    const answer = await form.run(params.orgId, {
      cooperativeId: chosenCooperative(),
      invoiceNumber: invoiceNumber().trim(),
      description: description().trim(),
      category: category(),
      amountCents: amountCents ?? 0,
      vatCents: vatCents ?? 0,
      issuedOn: issuedOn(),
      dueDate: dueDate(),
    })
    if (!answer) return
    setSent(invoiceNumber().trim())
    setInvoiceNumber('')
    setDescription('')
    setAmount('')
    setVat('')
  }

  return (
    <Page title={t('finance.supplierPortalTitle')} intro={t('finance.supplierPortalIntro')} wide>
      <section class="finance__section" aria-labelledby="supplier-send">
        <h2 id="supplier-send">{t('finance.sendInvoice')}</h2>
        <Show when={recipients()} keyed>
          {(r) => (
            <Show
              when={r.cooperatives.length > 0}
              fallback={<p class="empty">{t('finance.noRecipients')}</p>}
            >
              <form class="finance__send" onSubmit={submit} novalidate>
                <SelectField
                  label={t('finance.toCooperative')}
                  value={chosenCooperative()}
                  error={form.field('cooperativeId')}
                  onChange={(e) => setCooperativeId(e.currentTarget.value)}
                >
                  <For each={r.cooperatives}>{(c) => <option value={c.id}>{c.name}</option>}</For>
                </SelectField>
                <Field
                  label={t('finance.invoiceNumber')}
                  value={invoiceNumber()}
                  maxLength={100}
                  required
                  error={form.field('invoiceNumber')}
                  onInput={(e) => setInvoiceNumber(e.currentTarget.value)}
                />
                <SelectField
                  label={t('finance.col.category')}
                  value={category()}
                  error={form.field('category')}
                  onChange={(e) => setCategory(e.currentTarget.value as CostCategory)}
                >
                  <For each={COST_CATEGORIES}>
                    {(c) => <option value={c}>{t(`finance.category.${c}`)}</option>}
                  </For>
                </SelectField>
                <TextAreaField
                  label={t('finance.col.description')}
                  value={description()}
                  maxLength={1000}
                  rows={3}
                  error={form.field('description')}
                  onInput={(e) => setDescription(e.currentTarget.value)}
                />
                <div class="finance__send-row">
                  <Field
                    label={t('finance.amountWithVat')}
                    hint={t('finance.amountHint')}
                    inputMode="decimal"
                    value={amount()}
                    required
                    error={form.field('amountCents')}
                    onInput={(e) => setAmount(e.currentTarget.value)}
                  />
                  <Field
                    label={t('finance.vatAmount')}
                    inputMode="decimal"
                    value={vat()}
                    error={form.field('vatCents')}
                    onInput={(e) => setVat(e.currentTarget.value)}
                  />
                </div>
                <div class="finance__send-row">
                  <DatePicker
                    label={t('finance.issuedOn')}
                    value={issuedOn()}
                    required
                    error={form.field('issuedOn')}
                    onChange={setIssuedOn}
                  />
                  <DatePicker
                    label={t('finance.col.due')}
                    value={dueDate()}
                    min={issuedOn() || undefined}
                    required
                    error={form.field('dueDate')}
                    onChange={setDueDate}
                  />
                </div>
                <Show when={form.message()}>
                  <Alert kind="error">{form.message()}</Alert>
                </Show>
                <Show when={sent()}>
                  <Alert kind="success">{t('finance.invoiceSent', { number: sent() ?? '' })}</Alert>
                </Show>
                <button type="submit" class="button" disabled={form.pending()}>
                  {t('finance.sendInvoice')}
                </button>
              </form>
            </Show>
          )}
        </Show>
      </section>
      <SupplierInvoices orgId={params.orgId} canDecide={false} asSupplier title={t('finance.sentInvoices')} />
    </Page>
  )
}
