import { useState } from 'react';
import { roleCan } from '@camwatch/config/api';
import { api } from '../api/endpoints.ts';
import { HttpError } from '../api/http-client.ts';
import { hrefOf, navigate } from '../app/router.ts';
import { useMe } from '../app/session-context.tsx';
import { describeError } from '../common/error-text.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

/**
 * "Open a work order" for a camera (or a whole station) from the repair queue and the station
 * panel; goes to the new order. When the fault already has an open order (one per fault), says
 * so and links to it instead.
 */
export function OpenWorkOrderButton({ stationId, cameraId }: { stationId: string; cameraId: string | null }) {
  const { t, lang } = useI18n();
  const me = useMe();
  const [problem, setProblem] = useState<{ text: string; orderId: number | null } | null>(null);
  if (!roleCan(me.role, 'workorder.write')) return null;
  const open = async () => {
    try {
      const order = await api.createWorkOrder({ stationId, cameraId });
      navigate({ name: 'orders', orderId: order.id });
    } catch (error) {
      // The hub names the open order in its 409 ("work order 12 is already open for …").
      const existing = error instanceof HttpError && error.status === 409 ? /work order (\d+)/.exec(error.message) : null;
      setProblem(
        existing
          ? { text: t('orders.exists', { id: existing[1]! }), orderId: Number(existing[1]) }
          : { text: describeError(error, lang).text, orderId: null },
      );
    }
  };
  return (
    <span className="open-order">
      <button type="button" onClick={() => void open()} data-testid={`open-order-${cameraId ?? stationId}`}>
        {t('orders.open')}
      </button>
      {problem ? (
        <span className="notice notice-warning" role="status">
          {problem.orderId ? <a href={hrefOf({ name: 'orders', orderId: problem.orderId })}>{problem.text}</a> : problem.text}
        </span>
      ) : null}
    </span>
  );
}
