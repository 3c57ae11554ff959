// Node-only entry (file system access); the browser-safe contracts are in index.ts.
export * from './inventory/load-files.ts';
