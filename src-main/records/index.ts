// Records: the audit log, the Prometheus textfile export and the monthly compliance report.
export { AUDIT_EVENTS, AUDIT_EVENT_NAMES, AUDIT_STATUSES, CONFIG_EVENTS, isAuditEvent, isAuditStatus, type AuditEntry, type AuditEvent, type AuditInput, type AuditStatus } from '../../src-shared/audit';
export { auditFilter, formatAuditLine, parseAuditLine, MAX_FIELD_CHARS, type AuditQuery } from './audit-line';
export { AuditLog, auditLogPath, DEFAULT_AUDIT_KEEP_FILES, DEFAULT_AUDIT_MAX_BYTES, type AuditLogOptions } from './audit-log';
export { atomicWriteFile, type AtomicWriteOptions } from './atomic-write';
export { escapeLabelValue, renderMetrics, writeMetricsFile } from './prometheus';
export { buildMonthlyReport, buildMonthlyReports } from './monthly-report';
export { escapeHtml, renderReportHtml, reportTitle } from './report-html';
export { csvField, renderReportCsv } from './report-csv';
export { verificationFromRow, type VerificationRecord, type VerificationRow } from './verification-record';
export { isoWithOffset } from './zoned-time';
export type {
  CopyCounts,
  MonthlyReport,
  MonthlyReportInput,
  PassFail,
  ReportBackupRow,
  ReportCopyTally,
  ReportDatabaseSummary,
  ReportDayRow,
  ReportDeletionRow,
  ReportDrillRow,
  ReportSizePoint,
} from './report-types';
