import { Type } from '@sinclair/typebox';
import {
  CreateWorkOrderBody,
  LanguageValue,
  UpdateWorkOrderBody,
  WORK_ORDER_OPEN_STATES,
  WorkOrder,
  WorkOrderAssignableUsers,
  WorkOrderIdParams,
  WorkOrderList,
  WorkOrderListQuery,
  WorkOrderTransitionBody,
  type WorkOrderState,
} from '@camwatch/config';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../http/api-error.ts';
import type { RoutePlugin } from '../http/api-context.ts';
import { principalOf } from '../auth/auth-hook.ts';
import { errorResponses } from '../http/route-helpers.ts';
import { orRefused, throwIfRefused } from '../http/refusal-error.ts';
import { WorkOrderInputError } from './work-order-service.ts';
import { toWorkOrder } from './work-order-view.ts';
import { workOrdersCsv } from './work-order-csv.ts';
import { workOrderHtml, workOrdersListHtml } from './work-order-html.ts';

const tags = ['work-orders'];
const write = { permission: 'workorder.write' } as const;
const CsvQuery = Type.Composite([WorkOrderListQuery, Type.Object({ lang: Type.Optional(LanguageValue) })], { additionalProperties: false });
const LangQuery = Type.Object({ lang: Type.Optional(LanguageValue) }, { additionalProperties: false });
const html = Type.Unsafe<string>({ type: 'string', description: 'text/html, a printable A4 page' });

/**
 * Repair work orders (phiếu sửa chữa): list (mine, overdue, by unit; CSV), read with history,
 * open by hand, edit, move through the states of the rule table. Scoped to the caller's area
 * through the order's station; every write is audited by the service.
 */
const routes: RoutePlugin = async (app, { ctx }) => {
  const view = ctx.snapshotRefs;
  const inputErrors = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof WorkOrderInputError) throw ApiError.validation([{ path: err.path, message: err.message }]);
      throw err;
    }
  };

  async function orderInScope(request: FastifyRequest, id: number) {
    const row = await ctx.workOrders.get(principalOf(request), id);
    if (!row) throw ApiError.notFound(`work order ${id}`);
    return row;
  }

  async function withHistory(request: FastifyRequest, id: number): Promise<WorkOrder> {
    const row = await orderInScope(request, id);
    const history = await ctx.workOrders.history(row.id);
    return {
      ...(await toWorkOrder(row, principalOf(request), view, Date.now())),
      history: history.map((e) => ({ at: e.at.getTime(), from: e.from_state, to: e.to_state, by: e.by_username, note: e.note })),
    };
  }

  async function listed(request: FastifyRequest, q: WorkOrderListQuery) {
    const p = principalOf(request);
    const now = Date.now();
    let unitIds: string[] | undefined;
    if (q.unitId) unitIds = await ctx.fleetQuery.unitSubtree(q.unitId);
    const state = q.state ?? 'open';
    const states: readonly WorkOrderState[] | undefined = state === 'all' ? undefined : state === 'open' ? WORK_ORDER_OPEN_STATES : [state];
    const rows = await ctx.workOrders.list(p.scope, {
      ...(q.mine ? { assigneeUserId: p.userId } : {}),
      ...(q.overdue ? { overdueAt: now } : {}),
      ...(unitIds ? { unitIds } : {}),
      ...(states ? { states } : {}),
      limit: q.limit ?? 500,
    });
    return Promise.all(rows.map((r) => toWorkOrder(r, p, view, now)));
  }

  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'Work orders in my area (open ones by default), newest first; mine, overdue, by unit',
        querystring: WorkOrderListQuery,
        response: { 200: WorkOrderList, ...errorResponses },
      },
    },
    async (request) => ({ items: await listed(request, request.query) }),
  );

  app.get(
    '/export.csv',
    {
      schema: {
        tags,
        summary: 'The same list as CSV (Vietnamese headers; lang=en for English)',
        querystring: CsvQuery,
        response: { 200: Type.Unsafe<string>({ type: 'string', description: 'text/csv' }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { lang, ...q } = request.query;
      const items = await listed(request, q);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="work-orders.csv"')
        .send(workOrdersCsv(items, lang ?? 'vi'));
    },
  );

  app.get(
    '/export.html',
    {
      schema: {
        tags,
        summary: 'The same list as a printable A4 page (Vietnamese; lang=en for English)',
        querystring: CsvQuery,
        response: { 200: html, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { lang, ...q } = request.query;
      const items = await listed(request, q);
      const unitName = q.unitId
        ? ((await ctx.fleetQuery.unitSummaries(principalOf(request).scope)).find((u) => u.id === q.unitId)?.name ?? q.unitId)
        : '';
      return reply
        .type('text/html; charset=utf-8')
        .send(workOrdersListHtml(items, lang ?? 'vi', ctx.deps.config.provinceName, unitName, Date.now()));
    },
  );

  app.get(
    '/:id/print.html',
    {
      schema: {
        tags,
        summary: 'One order as the printed phiếu a technician carries and signs (A4)',
        params: WorkOrderIdParams,
        querystring: LangQuery,
        response: { 200: html, ...errorResponses },
      },
    },
    async (request, reply) => {
      const order = await withHistory(request, request.params.id);
      return reply
        .type('text/html; charset=utf-8')
        .send(workOrderHtml(order, request.query.lang ?? 'vi', ctx.deps.config.provinceName, Date.now()));
    },
  );

  app.get(
    '/:id/assignees',
    {
      config: write,
      schema: {
        tags,
        summary: 'The people this order can be given to: users who work on orders and whose area holds it',
        params: WorkOrderIdParams,
        response: { 200: WorkOrderAssignableUsers, ...errorResponses },
      },
    },
    async (request) => {
      const row = await orderInScope(request, request.params.id);
      return { items: await ctx.workOrders.assignableUsers(row.unit_id) };
    },
  );

  app.get(
    '/:id',
    {
      schema: {
        tags,
        summary: 'One work order with its history',
        params: WorkOrderIdParams,
        response: { 200: WorkOrder, ...errorResponses },
      },
    },
    async (request) => withHistory(request, request.params.id),
  );

  app.post(
    '/',
    {
      config: write,
      schema: {
        tags,
        summary: 'Open a work order by hand for a camera or a whole station (409 when its fault already has an open one)',
        body: CreateWorkOrderBody,
        response: { 200: WorkOrder, ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const { stationId } = request.body;
      const cameraId = request.body.cameraId ?? null;
      // A station outside the caller's area answers like a missing one.
      orRefused(await ctx.fleetQuery.stationInScope(p.scope, stationId));
      if (cameraId) throwIfRefused(await ctx.fleetQuery.cameraOfStation(p.scope, stationId, cameraId));
      const id = await inputErrors(() => ctx.workOrders.create(p, request.body, request.ip));
      return toWorkOrder((await ctx.workOrders.get(p, id))!, p, view, Date.now());
    },
  );

  app.patch(
    '/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Edit a work order: assignee (user or contractor), due date, notes, priority, cost and payer, before/after snapshots',
        params: WorkOrderIdParams,
        body: UpdateWorkOrderBody,
        response: { 200: WorkOrder, ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const row = await orderInScope(request, request.params.id);
      await inputErrors(() => ctx.workOrders.update(p, row, request.body, request.ip));
      return toWorkOrder((await ctx.workOrders.get(p, row.id))!, p, view, Date.now());
    },
  );

  app.post(
    '/:id/transitions',
    {
      config: write,
      schema: {
        tags,
        summary: 'Move a work order to another state (409 with the reason when the rule table does not allow it)',
        params: WorkOrderIdParams,
        body: WorkOrderTransitionBody,
        response: { 200: WorkOrder, ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const row = await orderInScope(request, request.params.id);
      await inputErrors(() => ctx.workOrders.transition(p, row, request.body.to, request.body.note ?? '', request.ip));
      return toWorkOrder((await ctx.workOrders.get(p, row.id))!, p, view, Date.now());
    },
  );
};

export default routes;
