import { Type } from '@sinclair/typebox';
import {
  CSV_FILES,
  InventoryError,
  InventoryExportQuery,
  InventoryImportBody,
  InventoryImportResult,
  parseInventoryCsv,
  parseInventoryYaml,
  type Inventory,
} from '@camwatch/config';
import { ApiError } from '../http/api-error.ts';
import type { RoutePlugin } from '../http/api-context.ts';
import { principalOf } from '../auth/auth-hook.ts';
import { errorResponses } from '../http/route-helpers.ts';
import { orRefused } from '../http/refusal-error.ts';

const tags = ['inventory'];
const IMPORT_BODY_LIMIT = 64 * 1024 * 1024;

/**
 * Inventory import and export in the formats of `config` (YAML, or one CSV table per entity).
 * An import is the whole province: stations and cameras missing from it are retired (never
 * deleted), moved stations keep their history. Only a whole-province admin may import.
 */
const routes: RoutePlugin = async (app, { ctx }) => {
  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'Export the inventory of my area (YAML, JSON, or one CSV table)',
        querystring: InventoryExportQuery,
        response: {
          200: Type.Unsafe<string>({ type: 'string', description: 'application/yaml, application/json or text/csv' }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const file = orRefused(await ctx.inventoryExport.export(principalOf(request).scope, request.query));
      if (file.filename) reply.header('content-disposition', `attachment; filename="${file.filename}"`);
      return reply.type(file.contentType).send(file.body);
    },
  );

  app.post(
    '/import',
    {
      config: { permission: 'inventory.import' },
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Import the province inventory (YAML text or CSV tables)',
        body: InventoryImportBody,
        response: { 200: InventoryImportResult, ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request);
      if (!p.scope.all) throw ApiError.forbidden('an import replaces the whole province: only a whole-province admin may import');
      const b = request.body;
      let inv: Inventory;
      try {
        inv =
          b.format === 'yaml'
            ? parseInventoryYaml(b.text, 'inventory.yaml')
            : parseInventoryCsv(
                {
                  units: { file: CSV_FILES.units, text: b.units },
                  stations: { file: CSV_FILES.stations, text: b.stations },
                  cameras: { file: CSV_FILES.cameras, text: b.cameras },
                  roadSigns: { file: CSV_FILES.roadSigns, text: b.roadSigns ?? 'id,unitId,lat,lon,road,label\n' },
                },
                b.province,
              );
      } catch (err) {
        if (!(err instanceof InventoryError)) throw err;
        throw new ApiError(
          'CW_ERR_INVENTORY_INVALID',
          `the inventory has ${err.issues.length} problem(s)`,
          err.issues.slice(0, 200).map((i) => ({ path: `${i.file}${i.line === null ? '' : `:${i.line}`}${i.path}`, message: i.message })),
        );
      }
      return ctx.inventoryImport.import({ actor: p, ip: request.ip }, inv);
    },
  );
};

export default routes;
