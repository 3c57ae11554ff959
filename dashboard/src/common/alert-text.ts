import { ALERT_RULES, ALERT_RULE_LABELS, type AlertRuleId, type Language } from '@camwatch/config/api';
import { alertText } from '@camwatch/config/domain';
import type { AlertNotice } from '@camwatch/config/mqtt';

function isRule(rule: string): rule is AlertRuleId {
  return (ALERT_RULES as readonly string[]).includes(rule);
}

/**
 * An alert's text in the reader's language, built from its rule and parameters (the hub's
 * `message` is Vietnamese, for its channels). An alert opened before the hub sent parameters,
 * or of a rule this build does not know, falls back: to the stored text in Vietnamese, to the
 * rule's name and its station in English.
 */
export function alertDisplayText(alert: AlertNotice & { stationName?: string }, lang: Language): string {
  if (!isRule(alert.rule)) return alert.message;
  if (alert.params) return alertText({ rule: alert.rule, stationId: alert.stationId, cameraId: alert.cameraId, ...alert.params }, lang);
  if (lang === 'vi') return alert.message;
  const station = alert.stationName ?? alert.stationId;
  const where = alert.cameraId ? `Camera ${alert.cameraId} (station ${station})` : `Station ${station} (${alert.stationId})`;
  return `${where}: ${ALERT_RULE_LABELS[alert.rule].en.toLowerCase()}`;
}
