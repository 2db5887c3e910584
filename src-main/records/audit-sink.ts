// The narrow interface the pipeline writes audit entries through (an AuditLog, or nothing).
import type { AuditInput } from '../../src-shared/audit';

export interface AuditSink {
  append(entry: AuditInput): boolean;
}

export const noAudit: AuditSink = { append: () => true };
