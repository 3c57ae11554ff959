// `@camwatch/hub/testing`: hub parts that tests, benchmarks and chaos runs drive directly
// (a database without a hub, the uptime services, Mosquitto's account files). Not for production code.
export { migrate } from './db/migrate.ts';
export { PgDb } from './db/pg-db.ts';
export { PgliteDb } from './db/pglite-db.ts';
export { ALL } from './auth/scope.ts';
export { buildUptimeReport, type ReportUnit } from './reports/uptime-report.ts';
export { UptimeDaysJob } from './uptime/uptime-days-job.ts';
export { UptimeService } from './uptime/uptime-service.ts';
export { renderAclFile, renderPasswordFile } from './credentials/mosquitto-files.ts';
export { mosquittoHash } from './credentials/mosquitto-password.ts';
export { CoverageService } from './coverage/coverage-service.ts';
export { classifyRoads, type CoverageView } from './coverage/road-coverage.ts';
export { roadLines } from './coverage/road-lines.ts';
export { splitLine } from './coverage/road-segments.ts';
export { InvestigationService } from './investigations/investigation-service.ts';
export { AuditLog } from './audit/audit-log.ts';
export { GeoFiles } from './map/geo-files.ts';
export { SnapshotLinks } from './snapshots/snapshot-links.ts';
export type { Principal } from './auth/auth-service.ts';
