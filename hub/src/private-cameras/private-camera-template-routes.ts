import { Type } from '@sinclair/typebox';
import {
  PRIVATE_CAMERA_COLUMNS,
  PrivateCameraTemplateQuery,
  privateCameraSheetRows,
  writePrivateCameraCsv,
  type PrivateCameraColumnKey,
} from '@camwatch/config';
import type { RoutePlugin } from '../http/api-context.ts';
import { errorResponses } from '../http/route-helpers.ts';
import { writeSheetXlsx } from './private-camera-xlsx-writer.ts';

const tags = ['private-cameras'];
const write = { permission: 'private_camera.write' } as const;
const file = <T>(description: string) => Type.Unsafe<T>({ type: 'string', description });
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The blank spreadsheet a commune fills in for the import: GET /api/private-cameras/template.csv
 * and .xlsx, headings in Vietnamese (`lang=en`: English). Both are written from the columns the
 * import reads (`PRIVATE_CAMERA_COLUMNS`), so the template cannot drift from the reader. Headings
 * only: an example row would be imported as a camera by whoever forgot to delete it.
 */
const routes: RoutePlugin = async (app) => {
  app.get(
    '/template.csv',
    {
      config: write,
      schema: {
        tags,
        summary: 'The import’s blank spreadsheet as CSV (UTF-8 with a BOM, so Excel shows the diacritics); lang=en for English headings',
        querystring: PrivateCameraTemplateQuery,
        response: { 200: file<string>('text/csv'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const lang = request.query.lang ?? 'vi';
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${fileName(lang)}.csv"`)
        .send(`\uFEFF${writePrivateCameraCsv([], lang)}`);
    },
  );

  app.get(
    '/template.xlsx',
    {
      config: write,
      schema: {
        tags,
        summary: 'The import’s blank spreadsheet as .xlsx (headings bold and frozen; ids and phones as text); lang=en for English headings',
        querystring: PrivateCameraTemplateQuery,
        response: { 200: file<Buffer>(XLSX_TYPE), ...errorResponses },
      },
    },
    async (request, reply) => {
      const lang = request.query.lang ?? 'vi';
      const formats = PRIVATE_CAMERA_COLUMNS.map((c) => cellFormat(c.key, lang));
      const book = await writeSheetXlsx(lang === 'vi' ? 'Camera tư nhân' : 'Private cameras', privateCameraSheetRows([], lang), formats);
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', `attachment; filename="${fileName(lang)}.xlsx"`)
        .send(book);
    },
  );
};

/**
 * Ids and phones as text, or Excel turns 0909123456 into 909123456; the consent date as a date in
 * the sheet's own convention. Numbers and words keep Excel's general format.
 */
function cellFormat(key: PrivateCameraColumnKey, lang: 'vi' | 'en'): string | undefined {
  if (key === 'unitId' || key === 'ownerPhone') return '@';
  if (key === 'consentDate') return lang === 'vi' ? 'dd/mm/yyyy' : 'yyyy-mm-dd';
  return undefined;
}

/** ASCII file names: a header value with diacritics needs RFC 5987 and some browsers still mangle it. */
function fileName(lang: 'vi' | 'en'): string {
  return lang === 'vi' ? 'mau-camera-tu-nhan' : 'private-cameras-template';
}

export default routes;
