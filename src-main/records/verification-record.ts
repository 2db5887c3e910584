// Verify and restore-drill results as the report reads them; the catalog's `verifications` table
// stores the same data in snake_case with ok as 0/1.

export interface VerificationRecord {
  id: number;
  backupId: string;
  /** 'verify': hashes read back; 'restore': a restore drill into a scratch database. */
  kind: 'verify' | 'restore';
  at: string;
  ok: boolean;
  detail: string | null;
}

/** A row of the catalog's `verifications` table. */
export interface VerificationRow {
  id: number;
  backup_id: string;
  kind: 'verify' | 'restore';
  at: string;
  ok: number | boolean;
  detail: string | null;
}

export function verificationFromRow(row: VerificationRow): VerificationRecord {
  return { id: row.id, backupId: row.backup_id, kind: row.kind, at: row.at, ok: row.ok === true || row.ok === 1, detail: row.detail };
}
