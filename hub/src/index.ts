export { createHub, type Hub, type HubOptions } from './hub.ts';
export type { Db } from './db/db.ts';
export { CredentialService } from './credentials/credential-service.ts';
export { importInventory, type ImportSummary } from './inventory/inventory-import.ts';
export { stationClientId } from './mqtt/broker-acl.ts';
