// `@camwatch/config`: every contract at once (browser-safe). Narrower entries: ./api, ./mqtt,
// ./inventory, ./domain, ./time, ./validation; Node-only file loading: ./node.
export * from './ids.ts';
export * from './defaults.ts';
export * from './time.ts';
export * from './validation.ts';
export * from './mqtt/index.ts';
export * from './inventory/index.ts';
export * from './api/index.ts';
export * from './domain/index.ts';
export * from './rate-limit/token-bucket.ts';
export * from './credentials/station-credentials-file.ts';
