export {
  runCheckReport,
  type CheckReportOptions,
  type CheckReportResult,
  type CameraCheckResult,
  type ReportSink,
} from './check-report.ts';
