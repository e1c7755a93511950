import { createAsync, useParams } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import type { ApartmentFinance, InvoiceItem } from '../../../schema/api/finance.ts'
import { formatIban } from '../../../schema/finance/iban.ts'
import { formatReference } from '../../../schema/finance/reference.ts'
import { formatDate, language, t } from '../i18n/index.ts'
import { Page } from '../ui/Page.tsx'
import { TableWrap } from '../ui/TableWrap.tsx'
import { getMine, pdfUrl } from './data.ts'
import { euros, monthName } from './format.ts'
import { useLivePaidNotices } from './notices.ts'

/**
 * /org/:orgId/finance/mine: an owner's (or investor's) apartments, phone first: balance, open
 * invoices as cards with a copyable reference number and IBAN and the invoice PDF, then the
 * history by year.
 */
export function MyFinancesPage() {
  const params = useParams<{ orgId: string }>()
  const mine = createAsync(() => getMine(params.orgId))
  useLivePaidNotices(() => params.orgId)
  return (
    <Page title={t('finance.mineTitle')} intro={t('finance.mineIntro')}>
      <Show when={mine()} keyed>
        {(m) => (
          <Show when={m.apartments.length > 0} fallback={<p class="empty">{t('finance.none')}</p>}>
            <For each={m.apartments}>{(a) => <Apartment finance={a} />}</For>
          </Show>
        )}
      </Show>
    </Page>
  )
}

/**
 * One apartment's finance. `staff`: seen by the cooperative's finance staff (the balance is the
 * payer's, not "you owe"); `highlight`: an invoice to mark and scroll to (from the search).
 */
export function Apartment(props: {
  finance: ApartmentFinance
  staff?: boolean
  highlight?: string | undefined
}) {
  const f = () => props.finance
  const open = () => f().invoices.filter((i) => i.openCents > 0 && i.status !== 'credited')
  const years = () => [...new Set(f().invoices.map((i) => i.period.slice(0, 4)))]
  const headingId = () => `apartment-${f().apartment.id}`
  return (
    <section class="finance__apartment" aria-labelledby={headingId()}>
      <h2 id={headingId()}>
        {t('finance.apartment', { number: f().apartment.number, org: f().apartment.orgName })}
      </h2>
      <p class="finance__balance" classList={{ 'finance__balance--owed': f().balanceCents > 0 }}>
        <span class="muted">{t('finance.balance')}: </span>
        <strong>
          {f().balanceCents > 0
            ? t(props.staff ? 'finance.balanceOwedStaff' : 'finance.balanceOwed', {
                amount: euros(f().balanceCents),
              })
            : f().balanceCents < 0
              ? t('finance.balanceCredit', { amount: euros(-f().balanceCents) })
              : t('finance.balanceZero')}
        </strong>
      </p>
      <h3>{t('finance.openInvoices')}</h3>
      <Show when={open().length > 0} fallback={<p class="empty">{t('finance.noOpen')}</p>}>
        <ul class="finance__open">
          <For each={open()}>
            {(inv) => (
              <OpenInvoice invoice={inv} orgId={f().apartment.orgId} highlight={props.highlight === inv.id} />
            )}
          </For>
        </ul>
      </Show>
      <Show when={f().loanShares.length > 0}>
        <h3>{t('finance.loanShare')}</h3>
        <ul class="finance__loans">
          <For each={f().loanShares}>
            {(l) => (
              <li>
                {l.loanName}:{' '}
                {l.paidOff
                  ? t('finance.loanPaidOff')
                  : t('finance.loanRemaining', {
                      remaining: euros(l.remainingCents),
                      original: euros(l.originalCents),
                    })}
              </li>
            )}
          </For>
        </ul>
      </Show>
      <h3>{t('finance.history')}</h3>
      <For each={years()}>
        {(year, i) => (
          <details
            class="finance__year"
            open={
              i() === 0 ||
              f().invoices.some((inv) => inv.id === props.highlight && inv.period.startsWith(year))
            }
          >
            <summary>{t('finance.year', { year })}</summary>
            <TableWrap label={`${t('finance.history')} ${year}`}>
              <table class="table">
                <thead>
                  <tr>
                    <th scope="col">{t('finance.col.period')}</th>
                    <th scope="col">{t('finance.col.kind')}</th>
                    <th scope="col" class="num">
                      {t('finance.col.amount')}
                    </th>
                    <th scope="col">{t('finance.col.due')}</th>
                    <th scope="col">{t('finance.col.status')}</th>
                    <th scope="col">{t('finance.pdf')}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={f().invoices.filter((inv) => inv.period.startsWith(year))}>
                    {(inv) => (
                      <tr
                        data-invoice-row={inv.id}
                        classList={{ finance__highlight: props.highlight === inv.id }}
                        aria-current={props.highlight === inv.id ? 'true' : undefined}
                        ref={(el) => {
                          if (props.highlight === inv.id)
                            queueMicrotask(() => el.scrollIntoView({ block: 'center' }))
                        }}
                      >
                        <td>{monthName(inv.period)}</td>
                        <td>{t(`finance.kind.${inv.kind}`)}</td>
                        <td class="num">{euros(inv.amountCents)}</td>
                        <td>{formatDate(inv.dueDate)}</td>
                        <td>
                          <StatusBadge invoice={inv} />
                        </td>
                        <td>
                          <a href={pdfUrl(f().apartment.orgId, inv.id, language())} download="">
                            PDF
                            <span class="visually-hidden">
                              {' '}
                              {t('finance.pdfFor', { period: monthName(inv.period) })}
                            </span>
                          </a>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </TableWrap>
          </details>
        )}
      </For>
    </section>
  )
}

export function StatusBadge(props: { invoice: Pick<InvoiceItem, 'status'> }) {
  return (
    <span class={`badge finance__status finance__status--${props.invoice.status}`}>
      {t(`finance.status.${props.invoice.status}`)}
    </span>
  )
}

function OpenInvoice(props: { invoice: InvoiceItem; orgId: string; highlight?: boolean }) {
  const inv = () => props.invoice
  return (
    <li
      class="card finance__invoice"
      classList={{ finance__highlight: props.highlight === true }}
      data-invoice={inv().id}
      aria-current={props.highlight ? 'true' : undefined}
    >
      <div class="finance__invoice-head">
        <strong>
          {t(`finance.kind.${inv().kind}`)} · {monthName(inv().period)}
        </strong>
        <StatusBadge invoice={inv()} />
      </div>
      <p class="finance__amount">{euros(inv().openCents)}</p>
      <p>
        {t('finance.col.due')}: {formatDate(inv().dueDate)}
      </p>
      <Copyable
        label={t('finance.reference')}
        value={formatReference(inv().reference)}
        raw={inv().reference}
      />
      <Copyable label={t('finance.iban')} value={formatIban(inv().iban)} raw={inv().iban} />
      <a
        class="button button--secondary button--small"
        href={pdfUrl(props.orgId, inv().id, language())}
        download=""
      >
        {t('finance.pdf')}
      </a>
    </li>
  )
}

function Copyable(props: { label: string; value: string; raw: string }) {
  const [copied, setCopied] = createSignal(false)
  const copy = async () => {
    await navigator.clipboard?.writeText(props.raw)
    setCopied(true)
    setTimeout(() => setCopied(false), 2000)
  }
  return (
    <div class="finance__copy">
      <span class="muted">{props.label}</span>
      <code>{props.value}</code>
      <button type="button" class="button button--quiet button--small" onClick={copy}>
        {t('finance.copy', { what: props.label })}
      </button>
      <span role="status" class="finance__copied">
        {copied() ? t('finance.copied') : ''}
      </span>
    </div>
  )
}
