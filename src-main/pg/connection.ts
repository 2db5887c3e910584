// Connection settings for a PostgreSQL server, parsed from a postgres:// URL. The password
// stays in this object and reaches child processes only through a private PGPASSFILE.
import { LifeboatError } from '../../src-shared/errors';

export interface PgConnection {
  host: string;
  port: number;
  user: string;
  password: string | undefined;
  database: string;
  sslmode: string | undefined;
}

const SSL_MODES = new Set(['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full']);

export function parseConnectionUrl(url: string): PgConnection {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badUrl(`"${redactUrl(url)}" is not a valid connection URL.`);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw badUrl(`The connection URL must start with postgres:// (got "${parsed.protocol}").`);
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!database) throw badUrl('The connection URL names no database (add /DBNAME after the host).');
  const port = parsed.port ? Number(parsed.port) : 5432;
  const sslmode = parsed.searchParams.get('sslmode') ?? undefined;
  if (sslmode !== undefined && !SSL_MODES.has(sslmode)) {
    throw badUrl(`sslmode "${sslmode}" is not one of ${[...SSL_MODES].join(', ')}.`);
  }
  return {
    host: decodeURIComponent(parsed.hostname.replace(/^\[|\]$/g, '')) || 'localhost',
    port,
    user: decodeURIComponent(parsed.username) || process.env.PGUSER || 'postgres',
    password: parsed.password ? decodeURIComponent(parsed.password) : process.env.PGPASSWORD,
    database,
    sslmode,
  };
}

/** The same server, another database. */
export function withDatabase(conn: PgConnection, database: string): PgConnection {
  return { ...conn, database };
}

/** A URL safe to print or log: the password is replaced. */
export function redactUrl(url: string): string {
  return url.replace(/(postgres(?:ql)?:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}

/** How to name this connection in messages: user@host:port/db, never the password. */
export function describeConnection(conn: PgConnection): string {
  return `${conn.user}@${conn.host}:${conn.port}/${conn.database}`;
}

function badUrl(message: string): LifeboatError {
  return new LifeboatError('BAD_INPUT', message, {
    fix: 'Use the form postgres://USER:PASSWORD@HOST:PORT/DATABASE (percent-encode special characters in the password).',
  });
}
