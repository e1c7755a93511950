import { createAsync } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import type { SupplierInvoiceItem } from '../../../schema/api/finance.ts'
import { formatDate, t } from '../i18n/index.ts'
import { Alert } from '../ui/Alert.tsx'
import { useMutation } from '../ui/mutation.ts'
import { decideAction, getSupplierInvoices } from './data.ts'
import { euros } from './format.ts'

/** Supplier invoices as cards; the board approves or rejects a pending one (the API audits it). */
export function SupplierInvoices(props: {
  orgId: string
  canDecide: boolean
  /** The supplier's own view: each card names the cooperative it was sent to. */
  asSupplier?: boolean
  title?: string
}) {
  const list = createAsync(() => getSupplierInvoices(props.orgId))
  return (
    <section class="finance__section" aria-labelledby="finance-suppliers">
      <h2 id="finance-suppliers">{props.title ?? t('finance.suppliers')}</h2>
      <Show when={list()} keyed>
        {(l) => (
          <Show when={l.invoices.length > 0} fallback={<p class="empty">{t('finance.noSuppliers')}</p>}>
            <ul class="finance__suppliers">
              <For each={l.invoices}>
                {(inv) => (
                  <SupplierCard
                    orgId={props.orgId}
                    invoice={inv}
                    canDecide={props.canDecide}
                    asSupplier={props.asSupplier === true}
                  />
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>
    </section>
  )
}

function SupplierCard(props: {
  orgId: string
  invoice: SupplierInvoiceItem
  canDecide: boolean
  asSupplier: boolean
}) {
  const inv = () => props.invoice
  const [note, setNote] = createSignal('')
  // Each card's own decision: the filter keeps another card's error (or busy state) off this one.
  const deciding = useMutation(decideAction, ([, id]) => id === props.invoice.id)
  const error = deciding.message
  const busy = deciding.pending
  const run = (decision: 'approve' | 'reject') => deciding.run(props.orgId, inv().id, decision, note())
  const noteId = () => `note-${inv().id}`
  return (
    <li class="card finance__supplier" data-supplier-invoice={inv().id}>
      <div class="finance__invoice-head">
        <strong>{props.asSupplier ? inv().orgName : inv().supplierName}</strong>
        <span class={`badge finance__supplier-status--${inv().status}`}>
          {t(`finance.supplierStatus.${inv().status}`)}
        </span>
      </div>
      <p>
        {inv().invoiceNumber} · {t(`finance.category.${inv().category}`)}
      </p>
      <Show when={inv().description}>
        <p>{inv().description}</p>
      </Show>
      <p class="finance__amount">{euros(inv().amountCents)}</p>
      <p class="muted">
        {t('finance.col.due')}: {formatDate(inv().dueDate)}
      </p>
      <Show when={props.asSupplier && inv().decidedAt}>
        <p class="muted">{t('finance.decidedOn', { date: formatDate(inv().decidedAt ?? '') })}</p>
      </Show>
      <Show when={inv().decidedBy}>
        <p class="muted">
          {inv().decidedBy}
          {inv().decisionNote ? ` — ${inv().decisionNote}` : ''}
        </p>
      </Show>
      <Show when={props.canDecide && inv().status === 'pending'}>
        <div class="field">
          <label for={noteId()}>{t('finance.decisionNote')}</label>
          <input
            id={noteId()}
            value={note()}
            maxLength={1000}
            onInput={(e) => setNote(e.currentTarget.value)}
          />
        </div>
        <div class="finance__actions">
          <button
            type="button"
            class="button"
            disabled={busy()}
            aria-label={t('finance.approveInvoice', {
              number: inv().invoiceNumber,
              supplier: inv().supplierName,
            })}
            onClick={() => run('approve')}
          >
            {t('finance.approve')}
          </button>
          <button
            type="button"
            class="button button--danger-outline"
            disabled={busy()}
            aria-label={t('finance.rejectInvoice', {
              number: inv().invoiceNumber,
              supplier: inv().supplierName,
            })}
            onClick={() => run('reject')}
          >
            {t('finance.reject')}
          </button>
        </div>
      </Show>
      <Show when={error()}>
        <Alert kind="error">{error()}</Alert>
      </Show>
    </li>
  )
}
