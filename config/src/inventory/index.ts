// `@camwatch/config/inventory`: the inventory format, its loaders (from text) and the export.
// Reading files from disk is Node-only: `@camwatch/config/node`.
export * from './schema.ts';
export * from './errors.ts';
export * from './integrity.ts';
export * from './yaml-loader.ts';
export * from './csv-loader.ts';
export * from '../api/inventory-export.ts';
export * from './private-camera-sheet.ts';
export * from './private-camera-csv-writer.ts';
