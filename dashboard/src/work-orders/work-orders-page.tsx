import { useState } from 'react';
import { WORK_ORDER_PRIORITY_LABELS, WORK_ORDER_STATE_LABELS } from '@camwatch/config/domain';
import { localDate } from '@camwatch/config/time';
import type { WorkOrder, WorkOrderListQuery } from '@camwatch/config/api';
import { api } from '../api/endpoints.ts';
import { hrefOf } from '../app/router.ts';
import { AsyncView } from '../common/async-view.tsx';
import { useAsync } from '../common/use-async.ts';
import { useLiveTick } from '../common/use-live-tick.ts';
import { toDisplayDate } from '../common/local-date.ts';
import { formatDateTime, formatInteger } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { WorkOrderDetail } from './work-order-detail.tsx';

type StateFilter = 'open' | 'all';

/**
 * Repair work orders (phiếu sửa chữa): the list with the filters police and province staff ask
 * for (mine, overdue, by commune, open or all) and its CSV, or one order's form when the route
 * names it.
 */
export function WorkOrdersPage({ orderId }: { orderId: number | null }) {
  const { t } = useI18n();
  return (
    <section className="list-page work-orders-page">
      <h1>{t('orders.title')}</h1>
      {orderId === null ? <WorkOrderList /> : <WorkOrderDetail id={orderId} />}
    </section>
  );
}

function WorkOrderList() {
  const { t, lang } = useI18n();
  const tick = useLiveTick();
  const [state, setState] = useState<StateFilter>('open');
  const [mine, setMine] = useState(false);
  const [overdue, setOverdue] = useState(false);
  const [unitId, setUnitId] = useState('');
  const query: WorkOrderListQuery = { state, mine, overdue, ...(unitId ? { unitId } : {}) };
  const [orders, retry] = useAsync(() => api.workOrders(query), [state, mine, overdue, unitId, tick]);
  const [units] = useAsync(() => api.units(), []);
  const communes =
    units.kind === 'ready'
      ? units.value.units.filter((u) => u.inScope && u.stations > 0).sort((a, b) => a.name.localeCompare(b.name, 'vi'))
      : [];
  return (
    <>
      <form className="order-filters" aria-label={t('orders.filters')} onSubmit={(e) => e.preventDefault()}>
        <label className="field">
          {t('orders.filter.state')}
          <select value={state} onChange={(e) => setState(e.target.value as StateFilter)} data-testid="orders-state">
            <option value="open">{t('orders.filter.open')}</option>
            <option value="all">{t('orders.filter.all')}</option>
          </select>
        </label>
        <label className="field">
          {t('orders.filter.unit')}
          <select value={unitId} onChange={(e) => setUnitId(e.target.value)} data-testid="orders-unit">
            <option value="">{t('orders.filter.allUnits')}</option>
            {communes.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={mine} onChange={(e) => setMine(e.target.checked)} data-testid="orders-mine" />
          {t('orders.filter.mine')}
        </label>
        <label className="check">
          <input type="checkbox" checked={overdue} onChange={(e) => setOverdue(e.target.checked)} data-testid="orders-overdue" />
          {t('orders.filter.overdue')}
        </label>
        <a className="button-link" href={api.workOrdersCsvUrl(query, lang)} download>
          {t('orders.csv')}
        </a>
        <a className="button-link" href={api.workOrdersPrintUrl(query, lang)} target="_blank" rel="noopener" data-testid="orders-print">
          {t('orders.printList')}
        </a>
      </form>
      <AsyncView state={orders} retry={retry}>
        {({ items }) => (
          <>
            <h2 className="group-title" data-testid="orders-count" data-count={items.length}>
              {items.length === 0 ? t('orders.empty') : t('orders.count', { n: formatInteger(lang, items.length) })}
            </h2>
            <ol className="order-list" data-testid="orders-list">
              {items.map((o) => (
                <OrderRow key={o.id} order={o} />
              ))}
            </ol>
          </>
        )}
      </AsyncView>
    </>
  );
}

function OrderRow({ order: o }: { order: WorkOrder }) {
  const { t, lang } = useI18n();
  return (
    <li className={`order-item priority-${o.priority}`} data-order-id={o.id} data-state={o.state}>
      <h3>
        <a href={hrefOf({ name: 'orders', orderId: o.id })}>{t('orders.number', { id: o.id })}</a>{' '}
        <span className={`order-state state-${o.state}`}>{WORK_ORDER_STATE_LABELS[o.state][lang]}</span>
      </h3>
      <p>
        {o.stationName} · {o.cameraId ?? t('orders.wholeStation')} · {o.unitName}
      </p>
      <p>
        {t('orders.priority')}: <strong>{WORK_ORDER_PRIORITY_LABELS[o.priority][lang]}</strong>
        {o.dueAt !== null ? ` · ${t('orders.due')}: ${toDisplayDate(localDate(o.dueAt))}` : ''}
        {o.overdue ? (
          <strong className="overdue" data-testid="overdue">
            {' '}
            · {t('orders.overdue')}
          </strong>
        ) : null}
      </p>
      <p className="muted">
        {t('orders.assignee')}: {o.assignee ? o.assignee.name : t('orders.unassigned')} · {t('orders.opened')}: {formatDateTime(o.openedAt)}
      </p>
    </li>
  );
}
