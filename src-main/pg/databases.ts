// Creating and dropping whole databases on a target server, for restores.
import type pg from 'pg';
import { LifeboatError } from '../../src-shared/errors';
import { quoteIdent, withClient } from './client';
import { withDatabase, type PgConnection } from './connection';

/** Runs fn on the server's maintenance database (postgres, or template1 where postgres was dropped). */
export async function withMaintenanceClient<T>(conn: PgConnection, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  try {
    return await withClient(withDatabase(conn, 'postgres'), fn);
  } catch (error) {
    if (error instanceof LifeboatError && error.code === 'PG_DB_MISSING') return withClient(withDatabase(conn, 'template1'), fn);
    throw error;
  }
}

export async function databaseExists(client: pg.Client, name: string): Promise<boolean> {
  const res = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  return (res.rowCount ?? 0) > 0;
}

export async function createEmptyDatabase(client: pg.Client, name: string): Promise<void> {
  await client.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0`);
}

/** Drops a database this restore created, ending any session still connected to it. */
export async function dropDatabaseForce(client: pg.Client, name: string, serverMajor: number): Promise<void> {
  if (serverMajor >= 13) {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    return;
  }
  await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
  await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`);
}

/** Databases a "back up the whole server" job covers: every one that accepts connections, templates excluded. */
export async function listBackupableDatabases(client: pg.Client): Promise<string[]> {
  const res = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE NOT datistemplate AND datallowconn ORDER BY datname');
  return res.rows.map((r) => r.datname);
}
