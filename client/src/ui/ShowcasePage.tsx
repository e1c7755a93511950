import { createSignal, For, Show } from 'solid-js'
import { t } from '../i18n/index.ts'
import { isStaffAnywhere, useMe } from '../shell/me.ts'
import { NotFoundPage } from '../shell/NotFoundPage.tsx'
import { Badge } from './Badge.tsx'
import { Button, IconButton } from './Button.tsx'
import { DatePicker } from './DatePicker.tsx'
import { DateTimeField, isCompleteDateTime } from './DateTimeField.tsx'
import { Dialog } from './Dialog.tsx'
import { formatFinnishDate, formatTime } from './dates.ts'
import { EmptyState } from './EmptyState.tsx'
import { IconBell, IconCalendarPlus, IconPlus, IconSearch, IconTrash } from './icons.ts'
import { Page } from './Page.tsx'
import { Combobox, Select } from './Select.tsx'
import { Skeleton } from './Skeleton.tsx'
import { Tabs } from './Tabs.tsx'
import { TimeField } from './TimeField.tsx'
import { toast } from './Toast.tsx'

const STATUSES = ['new', 'in_progress', 'waiting', 'resolved'] as const
const PEOPLE = ['Riikka Virtanen', 'Mikko Nieminen', 'Hanna Korhonen', 'Åsa Lindqvist', 'Juha Mäkinen']

/**
 * Every shared component in one place, in the current theme and language (/ui, for staff): the
 * reference for whoever builds a page, and the page the e2e suite drives with the keyboard.
 */
export function ShowcasePage() {
  const me = useMe()
  return (
    <Show when={isStaffAnywhere(me())} fallback={<NotFoundPage />}>
      <Showcase />
    </Show>
  )
}

function Showcase() {
  const [status, setStatus] = createSignal<string>('new')
  const [person, setPerson] = createSignal<string>()
  const [date, setDate] = createSignal('')
  const [time, setTime] = createSignal('18:00')
  const [moment, setMoment] = createSignal('')
  const [dialogOpen, setDialogOpen] = createSignal(false)
  const [archived, setArchived] = createSignal(false)
  const statusOptions = () => STATUSES.map((s) => ({ value: s, label: t(`ui.showcase.statuses.${s}`) }))
  return (
    <Page title={t('ui.showcase.title')} intro={t('ui.showcase.intro')}>
      <section class="showcase" aria-labelledby="sc-buttons">
        <h2 id="sc-buttons">{t('ui.showcase.buttons')}</h2>
        <div class="showcase__row">
          <Button>{t('ui.showcase.primary')}</Button>
          <Button variant="secondary">{t('ui.showcase.secondary')}</Button>
          <Button variant="quiet">{t('ui.showcase.quiet')}</Button>
          <Button variant="danger" icon={IconTrash}>
            {t('ui.showcase.danger')}
          </Button>
          <Button icon={IconPlus}>{t('ui.showcase.withIcon')}</Button>
          <Button size="sm" variant="secondary" icon={IconCalendarPlus}>
            {t('ui.showcase.addToCalendar')}
          </Button>
        </div>
        <h2>{t('ui.showcase.iconButtons')}</h2>
        <div class="showcase__row">
          <IconButton label={t('ui.showcase.search')} icon={IconSearch} />
          <IconButton label={t('ui.showcase.notifications')} icon={IconBell} variant="secondary" />
          <IconButton label={t('ui.showcase.danger')} icon={IconTrash} variant="danger" />
        </div>
      </section>
      <section class="showcase" aria-labelledby="sc-select">
        <h2 id="sc-select">{t('ui.showcase.select')}</h2>
        <div class="showcase__grid">
          <Select
            label={t('ui.showcase.selectLabel')}
            options={statusOptions()}
            value={status()}
            onChange={setStatus}
          />
          <Combobox
            label={t('ui.showcase.comboLabel')}
            options={PEOPLE.map((p) => ({ value: p, label: p }))}
            value={person()}
            onChange={setPerson}
            emptyText={t('ui.showcase.comboEmpty')}
          />
        </div>
        <p data-testid="select-result">
          {t('ui.showcase.chosen', {
            value: `${t(`ui.showcase.statuses.${status() as 'new'}`)}, ${person() ?? '—'}`,
          })}
        </p>
      </section>
      <section class="showcase" aria-labelledby="sc-pickers">
        <h2 id="sc-pickers">{t('ui.showcase.pickers')}</h2>
        <div class="showcase__grid">
          <DatePicker label={t('ui.showcase.dateLabel')} value={date()} onChange={setDate} />
          <TimeField label={t('ui.showcase.timeLabel')} value={time()} onChange={setTime} />
        </div>
        <p data-testid="picker-result">
          {t('ui.showcase.chosen', {
            value: `${date() ? formatFinnishDate(date()) : '—'} ${formatTime(time())}`,
          })}
        </p>
        <DateTimeField
          legend={t('ui.showcase.momentLegend')}
          value={moment()}
          onChange={setMoment}
          required={false}
        />
        <p data-testid="moment-result">
          {moment() === ''
            ? t('ui.showcase.chosen', { value: '—' })
            : isCompleteDateTime(moment())
              ? t('ui.showcase.chosen', {
                  value: `${formatFinnishDate(moment().slice(0, 10))} ${formatTime(moment().slice(11))}`,
                })
              : t('ui.dateTime.incomplete')}
        </p>
      </section>
      <section class="showcase" aria-labelledby="sc-dialog">
        <h2 id="sc-dialog">{t('ui.showcase.dialog')}</h2>
        <Button variant="secondary" onClick={() => setDialogOpen(true)}>
          {t('ui.showcase.openDialog')}
        </Button>
        <Dialog
          open={dialogOpen()}
          title={t('ui.showcase.dialogTitle')}
          onClose={() => setDialogOpen(false)}
          footer={
            <>
              <Button variant="secondary" onClick={() => setDialogOpen(false)}>
                {t('common.cancel')}
              </Button>
              <Button onClick={() => setDialogOpen(false)}>{t('common.save')}</Button>
            </>
          }
        >
          <p>{t('ui.showcase.dialogText')}</p>
        </Dialog>
        <h2>{t('ui.showcase.toast')}</h2>
        <div class="showcase__row">
          <Button
            variant="secondary"
            disabled={archived()}
            onClick={() => {
              setArchived(true)
              toast({
                message: t('ui.showcase.archived'),
                action: {
                  run: () => {
                    setArchived(false)
                    toast({ message: t('ui.showcase.restored'), tone: 'info' })
                  },
                },
              })
            }}
          >
            {t('ui.showcase.showToast')}
          </Button>
          <Show when={archived()}>
            <Badge tone="warn">{t('ui.showcase.archived')}</Badge>
          </Show>
        </div>
      </section>
      <section class="showcase" aria-labelledby="sc-tabs">
        <h2 id="sc-tabs">{t('ui.showcase.tabs')}</h2>
        <Tabs
          label={t('ui.showcase.tabs')}
          tabs={(['tabDay', 'tabWeek', 'tabMonth'] as const).map((k) => ({
            value: k,
            label: t(`ui.showcase.${k}`),
            content: () => <p>{t('ui.showcase.tabText', { view: t(`ui.showcase.${k}`) })}</p>,
          }))}
        />
      </section>
      <section class="showcase" aria-labelledby="sc-badges">
        <h2 id="sc-badges">{t('ui.showcase.badges')}</h2>
        <div class="showcase__row">
          <For
            each={
              [
                ['neutral', 'new'],
                ['warn', 'in_progress'],
                ['info', 'waiting'],
                ['ok', 'resolved'],
              ] as const
            }
          >
            {([tone, s]) => <Badge tone={tone}>{t(`ui.showcase.statuses.${s}`)}</Badge>}
          </For>
          <Badge tone="danger">3</Badge>
        </div>
      </section>
      <section class="showcase" aria-labelledby="sc-empty">
        <h2 id="sc-empty">{t('ui.showcase.empty')}</h2>
        <EmptyState
          title={t('ui.showcase.emptyTitle')}
          text={t('ui.showcase.emptyText')}
          action={<Button icon={IconPlus}>{t('ui.showcase.emptyAction')}</Button>}
        />
        <h2>{t('ui.showcase.skeleton')}</h2>
        <Skeleton variant="list" lines={3} />
      </section>
    </Page>
  )
}
