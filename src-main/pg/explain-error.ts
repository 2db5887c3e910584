// Turns what PostgreSQL and its tools say (SQLSTATE codes, libpq messages, pg_dump stderr)
// into LifeboatErrors that name the cause and the fix. Pure functions, tested beside.
import { LifeboatError } from '../../src-shared/errors';

export interface ErrorContext {
  /** user@host:port/db, never a password */
  target: string;
  host: string;
  port: number;
  user: string;
  database: string;
  tool?: string;
}

interface PgLikeError {
  code?: string;
  message?: string;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);

/** Explains an error thrown by the `pg` client library. */
export function explainClientError(error: unknown, ctx: ErrorContext): LifeboatError {
  if (error instanceof LifeboatError) return error;
  const err = (error ?? {}) as PgLikeError;
  const message = err.message ?? String(error);
  if (err.code && NETWORK_CODES.has(err.code)) return unreachable(ctx, err.code, error);
  if (/timeout expired|Connection terminated due to connection timeout/i.test(message)) return unreachable(ctx, 'timeout', error);
  // node-postgres says this when the server asks for a password and none was saved.
  if (/client password must be a string|password must be a non-empty string/i.test(message)) {
    return new LifeboatError('PG_AUTH_FAILED', `The server at ${ctx.host}:${ctx.port} asks for a password for "${ctx.user}", and none is saved.`, {
      fix: 'Save the password with the job (lifeboat job add … --password-env VAR), or set PGPASSWORD or ~/.pgpass.',
      cause: error,
    });
  }
  switch (err.code) {
    case '28P01':
    case '28000':
      return authFailed(ctx, error);
    case '3D000':
      return dbMissing(ctx, error);
    case '42501':
      return permissionDenied(ctx, message, error);
    case '55P03':
      return lockTimeout(ctx, message, error);
  }
  return explainToolOutput(message, ctx) ?? new LifeboatError('INTERNAL', `PostgreSQL reported: ${message}`, { cause: error });
}

/** Explains the stderr of pg_dump, pg_restore, psql or pg_dumpall; undefined when nothing is recognised. */
export function explainToolOutput(stderr: string, ctx: ErrorContext): LifeboatError | undefined {
  if (/server version mismatch|aborting because of server version mismatch/i.test(stderr)) {
    const versions = /server version:\s*([\d.]+);\s*\S+ version:\s*([\d.]+)/i.exec(stderr);
    return new LifeboatError(
      'PG_VERSION_MISMATCH',
      versions
        ? `${ctx.tool ?? 'pg_dump'} ${versions[2]} cannot back up a PostgreSQL ${versions[1]} server at ${ctx.host}:${ctx.port}.`
        : `${ctx.tool ?? 'pg_dump'} is older than the server at ${ctx.host}:${ctx.port}.`,
      { fix: 'Install client tools at least as new as the server, or set LIFEBOAT_PG_TOOLS to their bin folder.' },
    );
  }
  if (/password authentication failed|no password supplied|authentication failed for user|fe_sendauth/i.test(stderr)) return authFailed(ctx);
  if (/database "[^"]*" does not exist/i.test(stderr)) return dbMissing(ctx);
  if (/could not connect|Connection refused|could not translate host name|No route to host|timeout expired|Is the server running/i.test(stderr)) {
    return unreachable(ctx, 'refused');
  }
  // pg_dump --lock-wait-timeout cancels its LOCK TABLE through statement_timeout.
  if (/could not obtain lock|lock timeout|lock_timeout|statement timeout[\s\S]*LOCK TABLE/i.test(stderr)) return lockTimeout(ctx, stderr);
  if (/permission denied/i.test(stderr)) return permissionDenied(ctx, stderr);
  return undefined;
}

/** The object a "permission denied for table x" message names, if any. */
export function deniedObject(message: string): { kind: string; name: string } | undefined {
  const match = /permission denied for (table|sequence|schema|relation|function|large object|database|view|materialized view)\s+"?([^"\s]+)"?/i.exec(message);
  return match?.[1] && match[2] ? { kind: match[1].toLowerCase(), name: match[2] } : undefined;
}

function unreachable(ctx: ErrorContext, reason: string, cause?: unknown): LifeboatError {
  const why = reason === 'ENOTFOUND' || reason === 'EAI_AGAIN' ? `the host name "${ctx.host}" could not be resolved` : reason === 'timeout' || reason === 'ETIMEDOUT' ? 'the connection timed out' : 'the connection was refused';
  return new LifeboatError('PG_UNREACHABLE', `Cannot reach the PostgreSQL server at ${ctx.host}:${ctx.port}: ${why}.`, {
    fix: 'Check that the server is running, the host and port are right, and that a firewall or listen_addresses setting does not block this computer.',
    cause,
  });
}

function authFailed(ctx: ErrorContext, cause?: unknown): LifeboatError {
  return new LifeboatError('PG_AUTH_FAILED', `Password authentication failed for user "${ctx.user}" at ${ctx.host}:${ctx.port}.`, {
    fix: `Check the password saved for "${ctx.user}" (or PGPASSWORD), and that pg_hba.conf allows this user to connect from this computer.`,
    cause,
  });
}

function dbMissing(ctx: ErrorContext, cause?: unknown): LifeboatError {
  return new LifeboatError('PG_DB_MISSING', `The database "${ctx.database}" does not exist on ${ctx.host}:${ctx.port}.`, {
    fix: 'Check the database name (it is case-sensitive); list the databases with psql -l.',
    cause,
  });
}

function permissionDenied(ctx: ErrorContext, message: string, cause?: unknown): LifeboatError {
  const object = deniedObject(message);
  const what = object ? `${object.kind} "${object.name}"` : 'an object';
  return new LifeboatError('PG_PERMISSION_DENIED', `User "${ctx.user}" is not allowed to read ${what} in database "${ctx.database}".`, {
    fix: object
      ? `Grant read access, e.g. GRANT SELECT ON ${object.kind === 'sequence' ? 'SEQUENCE ' : ''}${object.name} TO "${ctx.user}"; or back up as the owner or a member of pg_read_all_data.`
      : `Back up as the database owner or a role that is a member of pg_read_all_data.`,
    cause,
    details: object ? { object: object.name, objectKind: object.kind } : undefined,
  });
}

function lockTimeout(ctx: ErrorContext, message: string, cause?: unknown): LifeboatError {
  const match = /(?:relation|table)\s+"([^"]+)"|LOCK TABLE\s+(\S+)/i.exec(message);
  const table = match?.[1] ?? match?.[2];
  return new LifeboatError('PG_LOCK_TIMEOUT', `A lock on ${table ? `table "${table}"` : 'a table'} in "${ctx.database}" was not released in time, so the backup could not read it.`, {
    fix: 'Another session holds an exclusive lock (a long migration or VACUUM FULL?). Retry later, or end that session.',
    cause,
  });
}
