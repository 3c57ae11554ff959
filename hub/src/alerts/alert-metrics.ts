import { Counter, Gauge, type Registry } from 'prom-client';

export interface AlertMetrics {
  deliveries: Counter<'kind' | 'result'>;
  channelFailing: Gauge<'channel'>;
  pending: Gauge;
  changes: Counter<'rule' | 'event'>;
  passes: Counter<'result'>;
  workOrders: Counter<'outcome'>;
}

export function createAlertMetrics(registry: Registry): AlertMetrics {
  return {
    deliveries: new Counter({
      name: 'camwatch_alert_deliveries_total',
      help: 'Alert deliveries by channel kind and result (sent, retry, failed)',
      labelNames: ['kind', 'result'],
      registers: [registry],
    }),
    channelFailing: new Gauge({
      name: 'camwatch_alert_channel_failing',
      help: "1 while the channel's last delivery attempt failed",
      labelNames: ['channel'],
      registers: [registry],
    }),
    pending: new Gauge({ name: 'camwatch_alert_outbox_pending', help: 'Deliveries waiting to be sent', registers: [registry] }),
    changes: new Counter({
      name: 'camwatch_alerts_total',
      help: 'Alerts opened and resolved, by rule',
      labelNames: ['rule', 'event'],
      registers: [registry],
    }),
    passes: new Counter({
      name: 'camwatch_alert_passes_total',
      help: 'Alert evaluation passes: done, or skipped because another hub held the lock',
      labelNames: ['result'],
      registers: [registry],
    }),
    workOrders: new Counter({
      name: 'camwatch_work_orders_from_alerts_total',
      help: 'Opened fault alerts by what they did to work orders: opened, attached (one was open), reopened, ignored (not a repair), failed',
      labelNames: ['outcome'],
      registers: [registry],
    }),
  };
}
