// `@camwatch/hub`: what runs a hub (the CLI, `pnpm start`, the chaos and bench hub processes).
export { createHub, type Hub, type HubOptions } from './hub.ts';
export { HubEnvError, hubOptionsFromEnv } from './hub-env.ts';
export { DataDirInUseError } from './data-dir-lock.ts';
export { createLogger, type Logger } from './logger.ts';
export type { Db } from './db/db.ts';
export type { HubApiOptions } from './hub-api.ts';
export type { BatcherOptions } from './ingest/ingest-batcher.ts';
export type { StatusOptions } from './status/status-updater.ts';
export { CredentialService } from './credentials/credential-service.ts';
export { provisionCredentialsFile } from './credentials/credentials-file.ts';
export { hashPassword } from './auth/password-hasher.ts';
export { UserRepository } from './users/user-repository.ts';
export { importInventory, type ImportSummary } from './inventory/inventory-import.ts';
export { stationClientId } from './mqtt/broker-acl.ts';
