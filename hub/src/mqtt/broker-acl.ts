import { TOPIC_PREFIX, TOPICS, parseTopic, stationMayPublish, stationMaySubscribe } from '@camwatch/config';

/** Who a broker connection belongs to, decided at login. */
export type BrokerPrincipal = { role: 'station'; stationId: string } | { role: 'hub'; username: string };

export const STATION_CLIENT_PREFIX = 'camwatch-st-';

/** A station must connect with client id `camwatch-st-<stationId>`: one session per station, no duplicate-id flapping. */
export function stationClientId(stationId: string): string {
  return `${STATION_CLIENT_PREFIX}${stationId}`;
}

export function isStationClientId(clientId: string): boolean {
  return clientId.startsWith(STATION_CLIENT_PREFIX);
}

/** The same rules a production broker's ACL expresses (see stationPublishFilter in config). */
export function mayPublish(p: BrokerPrincipal, topic: string): boolean {
  if (p.role === 'station') return stationMayPublish(p.stationId, topic);
  const parsed = parseTopic(topic);
  return parsed !== null && TOPICS[parsed.kind].direction !== 'station→hub';
}

export function maySubscribe(p: BrokerPrincipal, filter: string): boolean {
  if (p.role === 'station') return stationMaySubscribe(p.stationId, filter);
  const plain = filter.startsWith('$share/') ? filter.split('/').slice(2).join('/') : filter;
  return plain === `${TOPIC_PREFIX}/#` || plain.startsWith(`${TOPIC_PREFIX}/`);
}
