// Opens `pg` client connections from a PgConnection and explains failures.
import pg from 'pg';
import type { PgConnection } from './connection';
import { describeConnection } from './connection';
import { explainClientError, type ErrorContext } from './explain-error';

export function errorContext(conn: PgConnection, tool?: string): ErrorContext {
  return { target: describeConnection(conn), host: conn.host, port: conn.port, user: conn.user, database: conn.database, tool };
}

function sslOption(sslmode: string | undefined): pg.ClientConfig['ssl'] {
  switch (sslmode) {
    case 'require':
    case 'verify-ca':
      return { rejectUnauthorized: false };
    case 'verify-full':
      return { rejectUnauthorized: true };
    default:
      return false;
  }
}

export async function connect(conn: PgConnection): Promise<pg.Client> {
  const client = new pg.Client({
    host: conn.host,
    port: conn.port,
    user: conn.user,
    password: conn.password ?? '',
    database: conn.database,
    ssl: sslOption(conn.sslmode),
    application_name: 'lifeboat',
    connectionTimeoutMillis: 10_000,
  });
  // Errors after connect (server shutdown) must not crash the process; callers see them on the next query.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw explainClientError(error, errorContext(conn));
  }
  return client;
}

/** Runs fn with a connection and always closes it; errors are explained. */
export async function withClient<T>(conn: PgConnection, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connect(conn);
  try {
    return await fn(client);
  } catch (error) {
    throw explainClientError(error, errorContext(conn));
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface ServerInfo {
  versionNum: number;
  major: number;
  version: string;
}

export function parseServerVersionNum(num: number): ServerInfo {
  const major = Math.floor(num / 10_000);
  return { versionNum: num, major, version: `${major}.${num % 10_000}` };
}

export async function readServerInfo(client: pg.Client): Promise<ServerInfo> {
  const res = await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
  return parseServerVersionNum(Number(res.rows[0]?.v));
}

/** Quotes an identifier for SQL (double quotes doubled). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
