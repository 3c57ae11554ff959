import { useEffect, useState } from 'react';
import { ROLE_LABELS, roleCan, type UpdateWorkOrderBody, type WorkOrder, WORK_ORDER_PAYERS } from '@camwatch/config/api';
import { WORK_ORDER_PRIORITY_LABELS, WORK_ORDER_STATE_LABELS, workOrderCauseText } from '@camwatch/config/domain';
import { localDate, localDateToTs } from '@camwatch/config/time';
import { api } from '../api/endpoints.ts';
import { hrefOf } from '../app/router.ts';
import { useMe } from '../app/session-context.tsx';
import { AsyncView } from '../common/async-view.tsx';
import { DateField } from '../common/date-field.tsx';
import { describeError } from '../common/error-text.ts';
import { useAsync } from '../common/use-async.ts';
import { formatDateTime } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { CommandButtons } from '../station/command-buttons.tsx';

const DAY = 86_400_000;

/** One order: what and where, its pictures and history, and a form to assign, edit and move it. */
export function WorkOrderDetail({ id }: { id: number }) {
  const { t } = useI18n();
  const [state, retry] = useAsync(() => api.workOrder(id), [id]);
  return (
    <>
      <p>
        <a href={hrefOf({ name: 'orders', orderId: null })}>← {t('orders.back')}</a>
      </p>
      <AsyncView state={state} retry={retry}>
        {(order) => <OrderForm order={order} onChanged={retry} />}
      </AsyncView>
    </>
  );
}

function OrderForm({ order: o, onChanged }: { order: WorkOrder; onChanged(): void }) {
  const { t, lang } = useI18n();
  const me = useMe();
  const canWrite = roleCan(me.role, 'workorder.write');
  const [notes, setNotes] = useState(o.notes);
  const [cost, setCost] = useState(o.costVnd === null ? '' : String(o.costVnd));
  const [payer, setPayer] = useState(o.payer);
  const [due, setDue] = useState(o.dueAt === null ? '' : localDate(o.dueAt));
  const [contractor, setContractor] = useState({
    name: o.assignee?.kind === 'contractor' ? o.assignee.name : '',
    phone: o.assignee?.kind === 'contractor' ? o.assignee.phone : '',
  });
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  useEffect(() => setMessage(null), [o.id]);

  const run = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      setMessage({ kind: 'ok', text: t('orders.saved') });
      onChanged();
    } catch (error) {
      setMessage({ kind: 'error', text: describeError(error, lang).text });
    }
  };
  const save = () => {
    const body: UpdateWorkOrderBody = { notes, payer, costVnd: cost.trim() === '' ? null : Number(cost) };
    // Due at the end of the chosen local day.
    if (due) body.dueAt = localDateToTs(due) + DAY - 1;
    if (contractor.name.trim() && contractor.phone.trim())
      body.assignee = { kind: 'contractor', name: contractor.name.trim(), phone: contractor.phone.trim() };
    return run(() => api.updateWorkOrder(o.id, body));
  };

  return (
    <article className="order-detail" data-testid="order-detail" data-order-id={o.id} data-state={o.state}>
      <h2>
        {t('orders.number', { id: o.id })}{' '}
        <span className={`order-state state-${o.state}`} data-testid="order-state">
          {WORK_ORDER_STATE_LABELS[o.state][lang]}
        </span>
      </h2>
      <p>
        {o.stationName} · {o.cameraId ?? t('orders.wholeStation')} · {o.unitName}{' '}
        <a href={hrefOf({ name: 'map', stationId: o.stationId })}>{t('panel.showOnMap')}</a> ·{' '}
        <a href={api.workOrderPrintUrl(o.id, lang)} target="_blank" rel="noopener" data-testid="order-print">
          {t('orders.print')}
        </a>
      </p>
      <p>
        {t('orders.cause')}: {workOrderCauseText(o.cause, lang) || '–'} · {t('orders.priority')}:{' '}
        <strong>{WORK_ORDER_PRIORITY_LABELS[o.priority][lang]}</strong>
        {o.overdue ? <strong className="overdue"> · {t('orders.overdue')}</strong> : null}
      </p>
      <p className="muted">
        {t('orders.assignee')}: {o.assignee ? o.assignee.name : t('orders.unassigned')}
        {o.assignee?.kind === 'contractor' ? ` (${o.assignee.phone})` : ''} · {t('orders.opened')}: {formatDateTime(o.openedAt)}
      </p>
      <div className="order-pictures">
        {[
          { ref: o.beforeSnapshot, label: t('orders.before') },
          { ref: o.afterSnapshot, label: t('orders.after') },
        ].map(({ ref, label }) =>
          ref ? (
            <figure key={label}>
              <img src={ref.url} alt={label} width={240} height={Math.round((240 * ref.height) / ref.width)} loading="lazy" />
              <figcaption>
                {label} · {formatDateTime(ref.takenAt)}
              </figcaption>
            </figure>
          ) : null,
        )}
      </div>

      {canWrite ? (
        <>
          <div className="command-buttons" role="group" aria-label={t('orders.moveTo')} data-testid="order-moves">
            {o.assignee === null && (o.state === 'new' || o.state === 'reopened') ? (
              <button
                type="button"
                data-testid="assign-to-me"
                onClick={() => void run(() => api.updateWorkOrder(o.id, { assignToMe: true }))}
              >
                {t('orders.assignToMe')}
              </button>
            ) : null}
            {o.nextStates.map((to) => (
              <button key={to} type="button" data-move={to} onClick={() => void run(() => api.moveWorkOrder(o.id, to))}>
                → {WORK_ORDER_STATE_LABELS[to][lang]}
              </button>
            ))}
          </div>
          {o.state === 'repaired' ? <p className="muted">{t('orders.verifyNote')}</p> : null}
          {o.cameraId && (o.state === 'repaired' || o.state === 'verified') ? (
            // A repair often moves the camera (a new lens, a re-aim): its reference view must follow, or it reads "view changed".
            <div data-testid="order-reference">
              <p className="muted">{t('orders.referenceNote')}</p>
              <CommandButtons stationId={o.stationId} cameraId={o.cameraId} kinds={['accept_reference']} onDone={() => undefined} />
            </div>
          ) : null}
          <form
            className="order-form"
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
          >
            <AssigneePicker order={o} onPick={(userId) => run(() => api.updateWorkOrder(o.id, { assignee: { kind: 'user', userId } }))} />
            <fieldset>
              <legend>{t('orders.contractor')}</legend>
              <label className="field">
                {t('orders.contractorName')}
                <input value={contractor.name} maxLength={128} onChange={(e) => setContractor({ ...contractor, name: e.target.value })} />
              </label>
              <label className="field">
                {t('orders.contractorPhone')}
                <input
                  value={contractor.phone}
                  inputMode="tel"
                  maxLength={32}
                  onChange={(e) => setContractor({ ...contractor, phone: e.target.value })}
                />
              </label>
            </fieldset>
            <DateField label={t('orders.due')} value={due} onChange={setDue} testId="order-due" />
            <label className="field">
              {t('orders.cost')}
              <input value={cost} inputMode="numeric" onChange={(e) => setCost(e.target.value.replace(/[^0-9]/g, ''))} />
            </label>
            <label className="field">
              {t('orders.payer')}
              <select value={payer} onChange={(e) => setPayer(e.target.value as WorkOrder['payer'])}>
                {WORK_ORDER_PAYERS.map((f) => (
                  <option key={f} value={f}>
                    {t(`orders.payer.${f}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              {t('orders.notes')}
              <textarea value={notes} maxLength={4000} rows={3} onChange={(e) => setNotes(e.target.value)} />
            </label>
            <button type="submit" data-testid="order-save">
              {t('orders.save')}
            </button>
          </form>
        </>
      ) : null}
      {message ? (
        <p
          className={`notice ${message.kind === 'ok' ? 'notice-ok' : 'notice-error'}`}
          role={message.kind === 'ok' ? 'status' : 'alert'}
          data-testid="order-message"
        >
          {message.text}
        </p>
      ) : null}

      <h3>{t('orders.history')}</h3>
      <ol className="order-history" data-testid="order-history">
        {(o.history ?? []).map((e, i) => (
          <li key={i}>
            {formatDateTime(e.at)} · {WORK_ORDER_STATE_LABELS[e.to][lang]} · {e.by ?? t('orders.byHub')}
            {e.note ? ` · ${e.note}` : ''}
          </li>
        ))}
      </ol>
    </article>
  );
}

/**
 * Give the order to someone else: only the people the hub offers (their role works on orders and
 * their area holds this one), so a commune officer cannot hand a job to someone who cannot see it.
 */
function AssigneePicker({ order: o, onPick }: { order: WorkOrder; onPick(userId: string): Promise<void> }) {
  const { t, lang } = useI18n();
  const [people] = useAsync(() => api.workOrderAssignees(o.id), [o.id]);
  const current = o.assignee?.kind === 'user' ? o.assignee.userId : '';
  if (people.kind !== 'ready') return null;
  return (
    <label className="field">
      {t('orders.assignTo')}
      <select value={current} data-testid="order-assignee" onChange={(e) => e.target.value && void onPick(e.target.value)}>
        <option value="">{t('orders.pickPerson')}</option>
        {people.value.items.map((u) => (
          <option key={u.userId} value={u.userId}>
            {u.name} ({ROLE_LABELS[u.role][lang]})
          </option>
        ))}
      </select>
    </label>
  );
}
