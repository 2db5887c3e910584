// The environment for a PostgreSQL client tool: connection settings as PG* variables so
// nothing secret (or even the target) appears in the process arguments.
import type { PgConnection } from './connection';

const INHERITED_PG_VARS = /^PG(PASSWORD|PASSFILE|HOST|PORT|USER|DATABASE|SERVICE|SSLMODE|OPTIONS|APPNAME)$/;

export function toolEnv(conn: PgConnection, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!INHERITED_PG_VARS.test(key)) env[key] = value;
  }
  env.PGHOST = conn.host;
  env.PGPORT = String(conn.port);
  env.PGUSER = conn.user;
  env.PGDATABASE = conn.database;
  env.PGAPPNAME = 'lifeboat';
  env.PGCONNECT_TIMEOUT = '10';
  if (conn.sslmode) env.PGSSLMODE = conn.sslmode;
  // The password travels in this child's environment only (readable by the same OS user,
  // like the keychain itself); a PGPASSFILE would put it on disk, where a crash could leave it.
  if (conn.password !== undefined) env.PGPASSWORD = conn.password;
  else if (process.env.PGPASSFILE) env.PGPASSFILE = process.env.PGPASSFILE;
  return { ...env, ...extra };
}
