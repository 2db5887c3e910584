// Stable error codes and the error type every layer throws. Errors cross process
// boundaries as data (code + message + fix), so this file has no Node or DOM imports.

export const ERROR_TITLES = {
  BAD_INPUT: 'The request is not valid',
  PG_UNREACHABLE: 'The PostgreSQL server cannot be reached',
  PG_AUTH_FAILED: 'PostgreSQL rejected the login',
  PG_DB_MISSING: 'The database does not exist',
  PG_PERMISSION_DENIED: 'Permission denied in PostgreSQL',
  PG_LOCK_TIMEOUT: 'A table stayed locked too long',
  PG_VERSION_MISMATCH: 'No PostgreSQL client tool is new enough for this server',
  PG_TOOLS_MISSING: 'PostgreSQL client tools were not found',
  PG_DUMP_INCOMPLETE: 'pg_dump skipped part of the database',
  PG_DUMP_FAILED: 'pg_dump failed',
  PG_RESTORE_FAILED: 'The restore failed',
  TARGET_DB_EXISTS: 'The target database already exists',
  DEST_NOT_FOUND: 'The destination is missing',
  DEST_NOT_WRITABLE: 'The destination is not writable',
  DEST_FULL: 'The destination is full',
  DEST_FAILED: 'Writing to the destination failed',
  BACKUP_NOT_FOUND: 'Backup not found',
  BACKUP_INCOMPLETE: 'The backup is incomplete',
  NOT_A_BACKUP: 'The file is not a Lifeboat backup',
  HASH_MISMATCH: 'The backup file is damaged',
  DECRYPT_NO_KEY: 'A key is needed to read this backup',
  DECRYPT_WRONG_KEY: 'The key does not open this backup',
  DECRYPT_CORRUPT: 'The encrypted data is damaged',
  KEY_INVALID: 'The key is not valid',
  CATALOG_FAILED: 'The backup catalog could not be opened',
  SECRET_STORE_FAILED: 'The keychain could not be used',
  DEST_AUTH_FAILED: 'The storage service rejected the key',
  DEST_UNREACHABLE: 'The destination cannot be reached',
  CANCELLED: 'Cancelled',
  INTERNAL: 'Unexpected error',
} as const;

export type ErrorCode = keyof typeof ERROR_TITLES;

/** The wire form of an error: what the UI, the CLI's --json and logs show. */
export interface ErrorData {
  code: ErrorCode;
  title: string;
  message: string;
  fix?: string;
  details?: Record<string, string | number | boolean>;
}

export interface LifeboatErrorOptions {
  fix?: string;
  cause?: unknown;
  details?: Record<string, string | number | boolean>;
}

/** An error with a stable code, a specific message (what went wrong) and a fix (what to do). */
export class LifeboatError extends Error {
  readonly code: ErrorCode;
  readonly fix: string | undefined;
  readonly details: Record<string, string | number | boolean> | undefined;

  constructor(code: ErrorCode, message: string, options: LifeboatErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LifeboatError';
    this.code = code;
    this.fix = options.fix;
    this.details = options.details;
  }

  toData(): ErrorData {
    const data: ErrorData = { code: this.code, title: ERROR_TITLES[this.code], message: this.message };
    if (this.fix) data.fix = this.fix;
    if (this.details) data.details = this.details;
    return data;
  }

  /** One line for a terminal: the cause, then the fix. */
  toLine(): string {
    return this.fix ? `${this.message} ${this.fix}` : this.message;
  }
}

export function isLifeboatError(error: unknown): error is LifeboatError {
  return error instanceof LifeboatError;
}

/** Wraps anything thrown into a LifeboatError, keeping the original as the cause. */
export function toLifeboatError(error: unknown): LifeboatError {
  if (error instanceof LifeboatError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new LifeboatError('INTERNAL', message, { cause: error });
}
