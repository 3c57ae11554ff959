// `@camwatch/config/api`: the HTTP contract (schemas and types of the hub API and the dashboard's
// payloads). Browser-safe; the inventory export (YAML) is in `@camwatch/config/inventory`.
export * from './dashboard-common.ts';
export * from './dashboard-auth.ts';
export * from './dashboard-map.ts';
export * from './dashboard-units.ts';
export * from './dashboard-station.ts';
export * from './dashboard-lists.ts';
export * from './dashboard-live.ts';
export * from './live-event-names.ts';
export * from './uptime.ts';
export * from './error-codes.ts';
export * from './common.ts';
export * from './users.ts';
export * from './permissions.ts';
export * from './hub-inventory.ts';
export * from './hub-credentials.ts';
export * from './hub-alerts.ts';
export * from './hub-reports.ts';
export * from './hub-programme-report.ts';
export * from './hub-commands.ts';
export * from './camera-references.ts';
export * from './fleet-versions.ts';
export * from './hub-work-orders.ts';
export * from './fleet-budget.ts';
export * from './hub-coverage.ts';
export * from './hub-investigations.ts';
export * from './private-cameras.ts';
