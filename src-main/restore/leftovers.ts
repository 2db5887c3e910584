// What a replace (or a source-server drill) leaves on a server, and how it is tidied:
// temporary databases of a crashed run are dropped at the next restore; databases kept
// by a replace stay until someone asks for them to be dropped.
import type pg from 'pg';
import { LifeboatError } from '../../src-shared/errors';
import { connect, readServerInfo } from '../pg/client';
import { withDatabase, type PgConnection } from '../pg/connection';
import { dropDatabaseForce, withMaintenanceClient } from '../pg/databases';
import { silentLogger, type Logger } from '../log';
import { isTmpDatabaseName, KEPT_LIKE, ownerAppName, parseKeptName, TMP_LIKE } from './names';

export interface LeftoverCleanup {
  /** Temporary databases of crashed or killed runs, now dropped. */
  dropped: string[];
  /** Temporary databases of runs still going on (their owner session is connected). */
  inUse: string[];
  /** Ones that could not be dropped (no privilege, …), with the reason. */
  failed: Array<{ database: string; error: string }>;
}

/**
 * Drops `%__lifeboat_tmp_%` databases whose restore is no longer running. A running restore
 * keeps a session named after its temporary database (see ownerAppName); a killed one's
 * session is gone, so its database is dropped here (sessions still connected to it, such as
 * an orphaned pg_restore, are ended). Never throws for a database it cannot drop.
 */
export async function cleanupLeftovers(conn: PgConnection, options: { log?: Logger } = {}): Promise<LeftoverCleanup> {
  const log = (options.log ?? silentLogger).scope('restore-cleanup');
  const result: LeftoverCleanup = { dropped: [], inUse: [], failed: [] };
  await withMaintenanceClient(conn, async (client) => {
    const { major } = await readServerInfo(client);
    const candidates = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1 ORDER BY datname', [TMP_LIKE]);
    const tmp = candidates.rows.map((r) => r.datname).filter(isTmpDatabaseName);
    if (tmp.length === 0) return;
    const owners = await client.query<{ application_name: string }>("SELECT application_name FROM pg_stat_activity WHERE application_name LIKE 'lifeboat-restore:%'");
    const alive = new Set(owners.rows.map((r) => r.application_name));
    for (const name of tmp) {
      if (alive.has(ownerAppName(name))) {
        result.inUse.push(name);
        continue;
      }
      try {
        await dropDatabaseForce(client, name, major);
        result.dropped.push(name);
        log.info('dropped leftover temporary database', { database: name });
      } catch (error) {
        result.failed.push({ database: name, error: (error as Error).message });
        log.warn('could not drop leftover temporary database', { database: name, error: (error as Error).message });
      }
    }
  });
  return result;
}

export interface KeptDatabase {
  name: string;
  /** The database it was before a replace swapped it out (possibly shortened). */
  original: string;
  /** When it was swapped out. */
  keptAt: string;
  /** Null when this user may not connect to it. */
  sizeBytes: number | null;
}

/** Databases kept by a replace (`<db>_before_restore_<stamp>`), newest first. */
export async function listKeptDatabases(conn: PgConnection): Promise<KeptDatabase[]> {
  return withMaintenanceClient(conn, async (client) => {
    const res = await client.query<{ datname: string; size: string | null }>(
      `SELECT datname, CASE WHEN has_database_privilege(oid, 'CONNECT') THEN pg_database_size(oid) END AS size
       FROM pg_database WHERE datname LIKE $1 AND NOT datistemplate`,
      [KEPT_LIKE],
    );
    const kept: KeptDatabase[] = [];
    for (const row of res.rows) {
      const parsed = parseKeptName(row.datname);
      if (parsed) kept.push({ name: row.datname, ...parsed, sizeBytes: row.size === null ? null : Number(row.size) });
    }
    return kept.sort((a, b) => (a.keptAt === b.keptAt ? a.name.localeCompare(b.name) : a.keptAt < b.keptAt ? 1 : -1));
  });
}

/** Drops one database kept by a replace. Refuses any name that is not such a database. */
export async function dropKeptDatabase(conn: PgConnection, name: string): Promise<void> {
  if (!parseKeptName(name)) {
    throw new LifeboatError('BAD_INPUT', `"${name}" is not a database kept by a replace (those are named <database>_before_restore_<time>).`, {
      fix: 'List them with listKeptDatabases, or drop other databases with your usual tools.',
    });
  }
  await withMaintenanceClient(conn, async (client) => {
    const { major } = await readServerInfo(client);
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if ((exists.rowCount ?? 0) === 0) throw new LifeboatError('PG_DB_MISSING', `There is no database "${name}" on ${conn.host}:${conn.port}.`);
    await dropDatabaseForce(client, name, major);
  });
}

/** The maintenance database for sessions that must not be connected to `avoid` (the database being replaced). */
export function maintenanceDatabaseAvoiding(avoid: string): string {
  return avoid === 'postgres' ? 'template1' : 'postgres';
}

/**
 * Opens the session that marks a temporary database as in use (see cleanupLeftovers). It must
 * be opened before the database is created and closed only after it was dropped or renamed.
 */
export async function holdTmpOwnership(conn: PgConnection, tmpName: string, avoid: string): Promise<{ client: pg.Client; release(): Promise<void> }> {
  const client = await connect(withDatabase(conn, maintenanceDatabaseAvoiding(avoid)));
  try {
    await client.query(`SET application_name = '${ownerAppName(tmpName)}'`);
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  let released = false;
  return {
    client,
    release: async () => {
      if (released) return;
      released = true;
      await client.end().catch(() => undefined);
    },
  };
}
