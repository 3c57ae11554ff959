import { Type, type Static } from '@sinclair/typebox';
import { ERROR_CODE_NAMES } from './error-codes.ts';

import { strictObject as strict } from './dashboard-common.ts';

export const IsoDay = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'yyyy-MM-dd (Asia/Ho_Chi_Minh)' });

/** The parameters of an issue's reason code: the values its label in each language needs. */
export const IssueParamsValue = Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]));

/** The body of every 4xx/5xx answer: ApiError (dashboard-common.ts) with the code narrowed to the registry and per-field issues. */
export const ErrorBody = Type.Object(
  {
    statusCode: Type.Integer(),
    code: Type.Union(ERROR_CODE_NAMES.map((c) => Type.Literal(c))),
    error: Type.String({ description: 'HTTP reason phrase' }),
    message: Type.String({ description: 'What is wrong, in English; never internals on a 5xx' }),
    issues: Type.Optional(
      Type.Array(
        Type.Object(
          {
            path: Type.String(),
            message: Type.String(),
            /** Where the issue has one (a spreadsheet import's bad rows): a code a client can put in its user's language. */
            reason: Type.Optional(Type.String()),
            params: Type.Optional(IssueParamsValue),
          },
          strict,
        ),
        { description: 'One entry per invalid field' },
      ),
    ),
    requestId: Type.Optional(Type.String()),
  },
  { ...strict, $id: 'ErrorBody' },
);
export type ErrorBody = Static<typeof ErrorBody>;

/** A database row id (bigserial) in a URL: bounded so an id past the column's range is a 400, not a database error. */
export const RowId = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });

export const OkBody = Type.Object({ ok: Type.Literal(true) }, strict);

/** Cursor pagination for long lists (alerts, audit, snapshot history): newest first. */
export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  before: Type.Optional(
    Type.Integer({ minimum: 0, description: 'Return items strictly older than this cursor (epoch ms or id, as the list says)' }),
  ),
};
