import type {
  ClientConfig,
  Language,
  LoginRequest,
  Me,
  AlertItem,
  AlertsResponse,
  NeverReported,
  FleetVersions,
  RepairQueue,
  UptimeReport,
  MapPayload,
  CameraTimeline,
  SnapshotHistory,
  StationDetail,
  TimelineRange,
  GeoFeatureCollection,
  UnitsResponse,
  SendCommandBody,
  StationCommand,
  AimFlagBody,
  CreateWorkOrderBody,
  UpdateWorkOrderBody,
  ProgrammeReport,
  ProgrammeReportQuery,
  WorkOrder,
  WorkOrderAssignableUsers,
  WorkOrderList,
  WorkOrderListQuery,
  Investigation,
  InvestigationQuery,
  RoadCoverageReport,
  UnitRoadCoverageList,
  CreatePrivateCameraBody,
  PrivateCamera,
  PrivateCameraImportBody,
  PrivateCameraImportResult,
  PrivateCameraList,
  UpdatePrivateCameraBody,
  PrivateCameraPositions,
} from '@camwatch/config/api';
import type { WorkOrderState } from '@camwatch/config/domain';
import { getJson, getJsonEarly, request, sendJson } from './http-client.ts';

/** Typed calls for every endpoint of config/src/api/README-endpoints.md, and nothing else. */
const enc = encodeURIComponent;

export const api = {
  // The first call of each takes the answer index.html asked for early; later calls ask again.
  config: () => getJsonEarly<ClientConfig>('/api/config'),
  me: () => getJsonEarly<Me>('/api/me'),
  login: async (body: LoginRequest) => {
    const me = await sendJson<Me>('/api/auth/login', 'POST', body, { expectUnauthorized: true });
    if (!me) throw new Error('login answered without a body');
    return me;
  },
  logout: async () => {
    await request('/api/auth/logout', { method: 'POST', expectUnauthorized: true });
  },
  /** The account's language, so exports and digests follow it too. */
  setLanguage: (language: Language) => sendJson<Me>('/api/me', 'PATCH', { language }),
  // The first map load takes index.html's early request through the boot map (map/map-boot.ts).
  map: (signal?: AbortSignal) => getJson<MapPayload>('/api/map', signal),
  units: () => getJson<UnitsResponse>('/api/units'),
  unitShapes: () => getJson<GeoFeatureCollection>('/api/geo/units'),
  roads: () => getJson<GeoFeatureCollection>('/api/geo/roads'),
  roadCoverage: () => getJson<RoadCoverageReport>('/api/coverage/roads'),
  unitRoadCoverage: () => getJson<UnitRoadCoverageList>('/api/coverage/units'),
  station: (id: string) => getJson<StationDetail>(`/api/stations/${enc(id)}`),
  timeline: (cameraId: string, range: TimelineRange) => getJson<CameraTimeline>(`/api/cameras/${enc(cameraId)}/timeline?range=${range}`),
  snapshots: (cameraId: string, limit = 48) => getJson<SnapshotHistory>(`/api/cameras/${enc(cameraId)}/snapshots?limit=${limit}`),
  repairQueue: () => getJson<RepairQueue>('/api/repair-queue'),
  programmeReport: (q: ProgrammeReportQuery) => getJson<ProgrammeReport>(`/api/reports/programme?${new URLSearchParams(q).toString()}`),
  uptime: (from: string, to: string, groupBy: 'commune' | 'district') =>
    getJson<UptimeReport>(`/api/reports/uptime?from=${enc(from)}&to=${enc(to)}&groupBy=${groupBy}`),
  neverReported: () => getJson<NeverReported>('/api/reports/never-reported'),
  fleetVersions: () => getJson<FleetVersions>('/api/fleet/versions'),
  alerts: (state: 'open' | 'acknowledged' | 'resolved' | 'all') => getJson<AlertsResponse>(`/api/alerts?state=${state}&limit=200`),
  ackAlert: (id: string, comment: string) => sendJson<AlertItem>(`/api/alerts/${enc(id)}/ack`, 'POST', { comment }),
  sendCommand: async (stationId: string, body: SendCommandBody) => {
    const sent = await sendJson<StationCommand>(`/api/stations/${enc(stationId)}/commands`, 'POST', body);
    if (!sent) throw new Error('command answered without a body');
    return sent;
  },
  command: (commandId: string) => getJson<StationCommand>(`/api/commands/${enc(commandId)}`),
  flagAim: (cameraId: string, body: AimFlagBody) => sendJson<{ ok: true }>(`/api/cameras/${enc(cameraId)}/aim-flag`, 'PUT', body),
  clearAim: async (cameraId: string) => {
    await request(`/api/cameras/${enc(cameraId)}/aim-flag`, { method: 'DELETE' });
  },
  workOrders: (q: WorkOrderListQuery) => getJson<WorkOrderList>(`/api/work-orders?${workOrderQuery(q)}`),
  workOrdersCsvUrl: (q: WorkOrderListQuery, lang: Language) => `/api/work-orders/export.csv?${workOrderQuery(q)}&lang=${lang}`,
  workOrdersPrintUrl: (q: WorkOrderListQuery, lang: Language) => `/api/work-orders/export.html?${workOrderQuery(q)}&lang=${lang}`,
  workOrder: (id: number) => getJson<WorkOrder>(`/api/work-orders/${id}`),
  workOrderPrintUrl: (id: number, lang: Language) => `/api/work-orders/${id}/print.html?lang=${lang}`,
  workOrderAssignees: (id: number) => getJson<WorkOrderAssignableUsers>(`/api/work-orders/${id}/assignees`),
  createWorkOrder: async (body: CreateWorkOrderBody) => required(await sendJson<WorkOrder>('/api/work-orders', 'POST', body)),
  updateWorkOrder: async (id: number, body: UpdateWorkOrderBody) =>
    required(await sendJson<WorkOrder>(`/api/work-orders/${id}`, 'PATCH', body)),
  moveWorkOrder: async (id: number, to: WorkOrderState, note?: string) =>
    required(await sendJson<WorkOrder>(`/api/work-orders/${id}/transitions`, 'POST', note ? { to, note } : { to })),
  investigation: (q: InvestigationQuery) => getJson<Investigation>(`/api/investigations?${investigationQuery(q)}`),
  investigationPrintUrl: (q: InvestigationQuery) => `/api/investigations/print.html?${investigationQuery(q)}`,
  investigationCsvUrl: (q: InvestigationQuery) => `/api/investigations/export.csv?${investigationQuery(q)}`,
  privateCameras: (q: { contact?: boolean; bbox?: string; limit?: number; before?: number }) =>
    getJson<PrivateCameraList>(`/api/private-cameras?${queryOf(q)}`),
  privateCameraPositions: () => getJson<PrivateCameraPositions>('/api/private-cameras/positions'),
  createPrivateCamera: async (body: CreatePrivateCameraBody) =>
    required(await sendJson<PrivateCamera>('/api/private-cameras', 'POST', body)),
  updatePrivateCamera: async (id: number, body: UpdatePrivateCameraBody) =>
    required(await sendJson<PrivateCamera>(`/api/private-cameras/${id}`, 'PATCH', body)),
  /** The import's blank spreadsheet (a download link). */
  privateCameraTemplateUrl: (format: 'csv' | 'xlsx', lang: Language) => `/api/private-cameras/template.${format}?lang=${lang}`,
  importPrivateCameras: async (body: PrivateCameraImportBody) =>
    required(await sendJson<PrivateCameraImportResult>('/api/private-cameras/import', 'POST', body)),
  erasePrivateCamera: async (id: number, reason: string) => {
    await sendJson(`/api/private-cameras/${id}/erase`, 'POST', { reason });
  },
};

function investigationQuery(q: InvestigationQuery): string {
  return new URLSearchParams({ route: q.route, from: String(q.from), to: String(q.to), ...(q.lang ? { lang: q.lang } : {}) }).toString();
}

function required<T>(body: T | null): T {
  if (!body) throw new Error('answered without a body');
  return body;
}

function workOrderQuery(q: WorkOrderListQuery): string {
  return queryOf(q);
}

/** Query string of the set fields (false and undefined left out). */
function queryOf(q: Record<string, string | number | boolean | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== false) params.set(k, String(v));
  return params.toString();
}
