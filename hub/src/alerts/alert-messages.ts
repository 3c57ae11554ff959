import { alertText, type AlertParams, type AlertRuleId } from '@camwatch/config';

export interface MessageFacts {
  rule: AlertRuleId;
  stationId: string;
  stationName: string;
  cameraId: string | null;
  since: number;
  cause?: string | null;
  value?: number | string | null;
  limit?: number | string | null;
}

/** The alert's parameters as stored and sent: readers render the text in their own language from them. */
export function alertParams(f: MessageFacts): AlertParams {
  return {
    stationName: f.stationName.slice(0, 128),
    since: f.since,
    cause: f.cause ?? null,
    value: typeof f.value === 'string' ? f.value.slice(0, 32) : (f.value ?? null),
    limit: typeof f.limit === 'string' ? f.limit.slice(0, 32) : (f.limit ?? null),
  };
}

/** The alert text of the channels (e-mail, webhook, MQTT): Vietnamese, dd/MM/yyyy HH:mm in Asia/Ho_Chi_Minh; ≤ 512 characters. */
export function alertMessage(f: MessageFacts): string {
  return alertText({ ...f, ...alertParams(f) }, 'vi');
}

/** A condition's text and the parameters it was built from. */
export function described(f: MessageFacts): { message: string; params: AlertParams } {
  return { message: alertMessage(f), params: alertParams(f) };
}
