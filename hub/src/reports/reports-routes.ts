import { Type } from '@sinclair/typebox';
import {
  CameraIdParams,
  CameraUptime,
  NeverReported,
  OutageReport,
  OutageReportQuery,
  ProgrammeExportQuery,
  ProgrammeReport,
  ProgrammeReportQuery,
  ReportRangeQuery,
  ReportUnitParams,
  StationIdParams,
  StationUptime,
  UnitBreakdown,
  UptimeExportQuery,
  UptimeQuery,
  UptimeRangeQuery,
  UptimeReport,
  UptimeSeries,
  WorkOrderReport,
  WorkOrderReportQuery,
} from '@camwatch/config';
import { orRefused } from '../http/refusal-error.ts';
import type { RoutePlugin } from '../http/api-context.ts';
import { principalOf } from '../auth/auth-hook.ts';
import type { Principal } from '../auth/auth-service.ts';
import { outageCsv, uptimeCsv } from './report-csv.ts';
import { uptimeHtml } from './report-html.ts';
import { programmeCsv } from './programme-csv.ts';
import { programmeHtml } from './programme-html.ts';
import { errorResponses } from '../http/route-helpers.ts';

const tags = ['reports'];
const config = { permission: 'report.read' as const };
const text = (description: string) => Type.Unsafe<string>({ type: 'string', description });

const routes: RoutePlugin = async (app, { ctx }) => {
  const reports = ctx.reports;

  const programme = async (p: Principal, q: ProgrammeReportQuery) => orRefused(await reports.programme(p, q));

  app.get(
    '/programme',
    {
      config,
      schema: {
        tags,
        summary: 'The programme report for a month, quarter or year: a unit and every unit below it, the priority roads, the border units',
        querystring: ProgrammeReportQuery,
        response: { 200: ProgrammeReport, ...errorResponses },
      },
    },
    async (request) => programme(principalOf(request), request.query),
  );

  app.get(
    '/programme.csv',
    {
      config,
      schema: {
        tags,
        summary: 'The programme report as CSV (Vietnamese headers; lang=en for English)',
        querystring: ProgrammeExportQuery,
        response: { 200: text('text/csv'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const r = await programme(principalOf(request), request.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="programme-${r.unitId}-${r.from}-${r.to}.csv"`)
        .send(programmeCsv(r, request.query.lang ?? 'vi'));
    },
  );

  app.get(
    '/programme.html',
    {
      config,
      schema: {
        tags,
        summary: 'The programme report as a printable A4 page in Vietnamese with the unit heading',
        querystring: ProgrammeExportQuery,
        response: { 200: text('text/html'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const r = await programme(principalOf(request), request.query);
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .send(programmeHtml(r, request.query.lang ?? 'vi', ctx.deps.config.provinceName, Date.now()));
    },
  );

  app.get(
    '/work-orders',
    {
      config,
      schema: {
        tags,
        summary: 'Repair work per unit for local days from..to: orders opened and verified, mean time to repair, overdue now',
        querystring: WorkOrderReportQuery,
        response: { 200: WorkOrderReport, ...errorResponses },
      },
    },
    async (request) => reports.workOrders(principalOf(request), request.query, Date.now()),
  );

  app.get(
    '/uptime',
    {
      config,
      schema: {
        tags,
        summary: 'Uptime by commune or district for local days from..to (inclusive)',
        querystring: UptimeQuery,
        response: { 200: UptimeReport, ...errorResponses },
      },
    },
    async (request) => reports.uptimeTable(principalOf(request), request.query),
  );

  app.get(
    '/uptime.csv',
    {
      config,
      schema: {
        tags,
        summary: 'The uptime table as CSV (Vietnamese headers; lang=en for English)',
        querystring: UptimeExportQuery,
        response: { 200: text('text/csv'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const r = await reports.uptimeTable(principalOf(request), request.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="uptime-${r.from}-${r.to}.csv"`)
        .send(uptimeCsv(r, request.query.lang));
    },
  );

  app.get(
    '/uptime.html',
    {
      config,
      schema: {
        tags,
        summary: 'The uptime table as a printable page',
        querystring: UptimeExportQuery,
        response: { 200: text('text/html'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const r = await reports.uptimeTable(principalOf(request), request.query);
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .send(uptimeHtml(r, request.query.lang, ctx.deps.config.provinceName, Date.now()));
    },
  );

  app.get(
    '/units/:id',
    {
      config,
      schema: {
        tags,
        summary: 'A unit over a day, week, month or range: total, its own stations, and one row per child unit',
        params: ReportUnitParams,
        querystring: ReportRangeQuery,
        response: { 200: UnitBreakdown, ...errorResponses },
      },
    },
    async (request) => {
      return orRefused(await reports.unitBreakdown(principalOf(request), request.params.id, request.query));
    },
  );

  app.get(
    '/stations/:id',
    {
      config,
      schema: {
        tags,
        summary: 'A station and each of its cameras over a range',
        params: StationIdParams,
        querystring: UptimeRangeQuery,
        response: { 200: StationUptime, ...errorResponses },
      },
    },
    async (request) => orRefused(await reports.stationUptime(principalOf(request), request.params.id, request.query)),
  );

  app.get(
    '/cameras/:id',
    {
      config,
      schema: {
        tags,
        summary: 'A camera over a range, with its outages',
        params: CameraIdParams,
        querystring: UptimeRangeQuery,
        response: { 200: CameraUptime, ...errorResponses },
      },
    },
    async (request) => {
      return orRefused(await reports.cameraUptime(principalOf(request), request.params.id, request.query));
    },
  );

  app.get(
    '/daily',
    {
      config,
      schema: {
        tags,
        summary: 'Uptime per local day over a range (charts)',
        querystring: OutageReportQuery,
        response: { 200: UptimeSeries, ...errorResponses },
      },
    },
    async (request) => orRefused(await reports.daily(principalOf(request), request.query)),
  );

  app.get(
    '/outages',
    {
      config,
      schema: {
        tags,
        summary: 'Outages with durations, MTTR and the last good snapshot',
        querystring: OutageReportQuery,
        response: { 200: OutageReport, ...errorResponses },
      },
    },
    async (request) => orRefused(await reports.outages(principalOf(request), request.query)),
  );

  app.get(
    '/outages.csv',
    {
      config,
      schema: {
        tags,
        summary: 'The outage list as CSV',
        querystring: OutageReportQuery,
        response: { 200: text('text/csv'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const r = orRefused(await reports.outages(principalOf(request), request.query));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="outages.csv"')
        .send(outageCsv(r, request.query.lang ?? 'vi'));
    },
  );

  app.get(
    '/never-reported',
    {
      config,
      schema: { tags, summary: 'Stations in my area that never sent a message', response: { 200: NeverReported, ...errorResponses } },
    },
    async (request) => ({ items: await reports.neverReported(principalOf(request)) }),
  );
};

export default routes;
