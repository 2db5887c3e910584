// Safe replace: restore over an existing database without ever leaving it half-restored.
//
//  1. Restore into a temporary database `<db>__lifeboat_tmp_<stamp>` (a session named after
//     it stays open meanwhile, so a concurrent restore's cleanup leaves it alone) and verify
//     it: pg_restore succeeded, the file's hash matched, every row count equals the manifest.
//  2. Carry over what belongs to the database rather than to the dump: owner, privileges
//     (CONNECT …), per-database settings, connection limit, comment.
//  3. Swap, in ONE transaction on the maintenance database: end the sessions on the target,
//     `ALTER DATABASE target RENAME TO <db>_before_restore_<stamp>`, then
//     `ALTER DATABASE tmp RENAME TO target`, COMMIT. PostgreSQL renames databases
//     transactionally, so a failure of the second rename rolls the first one back; if the
//     server is found in the half state anyway (an error after COMMIT was sent), the old
//     database is renamed back before giving up. New sessions that arrive meanwhile wait on the
//     rename's lock and then fail; sessions that slipped in between the terminate and the lock
//     make the rename fail with "being accessed by other users", and the swap is retried.
//
// Anything that fails or is cancelled before the swap drops the temporary database and leaves
// the target exactly as it was; a killed process leaves a temporary database that
// cleanupLeftovers (run at the start of every restore) drops.
import pg from 'pg';
import { LifeboatError, toLifeboatError } from '../../src-shared/errors';
import type { RestoreReport } from '../../src-shared/types';
import type { BackupsRepo } from '../catalog/backups-repo';
import type { AgeDecryptOptions } from '../crypto';
import { silentLogger, type Logger } from '../log';
import { connect, quoteIdent, readServerInfo, withClient } from '../pg/client';
import { withDatabase, type PgConnection } from '../pg/connection';
import { databaseExists, dropDatabaseForce } from '../pg/databases';
import { decryptPrivatePart } from '../pipeline/manifest-io';
import type { ProgressListener } from '../pipeline/progress';
import { restoreBackup } from '../pipeline/restore';
import type { RestoreSource } from '../pipeline/restore-source';
import { noAudit, type AuditSink } from '../records/audit-sink';
import { cleanupLeftovers, holdTmpOwnership, maintenanceDatabaseAvoiding, type LeftoverCleanup } from './leftovers';
import { keptDatabaseName, restoreStamp, tmpDatabaseName } from './names';

/**
 * TEST HOOK, not a feature: when set (milliseconds), a replace waits this long after the
 * temporary database was verified and right before the swap, and writes
 * "lifeboat-test: paused before swap" to stderr, so tests can kill the process at that point.
 */
export const PAUSE_BEFORE_SWAP_ENV = 'LIFEBOAT_TEST_PAUSE_BEFORE_SWAP';

export interface ReplaceOptions {
  source: RestoreSource;
  /** Connection to the server; `database` is the existing database to replace. */
  target: PgConnection;
  /** Must equal target.database: typed by the user as confirmation. */
  confirm: string;
  keys: AgeDecryptOptions;
  noOwner?: boolean;
  noPrivileges?: boolean;
  jobs?: number;
  spoolDir?: string;
  catalog?: BackupsRepo;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  log?: Logger;
  audit?: AuditSink;
  /** Overrides PAUSE_BEFORE_SWAP_ENV (tests). */
  pauseBeforeSwapMs?: number;
  /** Tests: runs inside the swap transaction, between the two renames. */
  betweenRenames?: (client: pg.Client) => Promise<void>;
}

export interface ReplaceReport extends RestoreReport {
  /** The database that now holds the backup's data (= target.database). */
  replaced: string;
  /** Where the previous database is kept. */
  keptAs: string;
  /** The temporary name the restore used (it no longer exists). */
  tempDatabase: string;
  /** Database-level properties copied from the previous database. */
  carriedOver: string[];
  /** What the cleanup at the start found. */
  leftovers: LeftoverCleanup;
}

const PROTECTED = new Set(['template0', 'template1']);

export async function replaceDatabase(options: ReplaceOptions): Promise<ReplaceReport> {
  const { source, target } = options;
  const log = (options.log ?? silentLogger).scope('replace');
  const audit = options.audit ?? noAudit;
  const db = target.database;
  if (options.confirm !== db) {
    throw new LifeboatError('BAD_INPUT', `Replacing "${db}" needs its name typed as confirmation${options.confirm ? `; "${options.confirm}" does not match` : ''}.`, {
      fix: `Add --confirm ${db}`,
    });
  }
  if (PROTECTED.has(db)) throw new LifeboatError('BAD_INPUT', `"${db}" is a template database and cannot be replaced.`);
  const manifest = source.manifest;
  if (!manifest) {
    throw new LifeboatError('BAD_INPUT', `${source.label} has no manifest beside it, so the restored copy could not be checked before replacing "${db}".`, {
      fix: 'Restore it into a new database instead, check it, and switch over by hand.',
    });
  }
  // Wrong key: fails here, before anything is created or changed.
  await decryptPrivatePart(manifest, options.keys);
  const leftovers = await cleanupLeftovers(target, { log });

  const maintenance = withDatabase(target, maintenanceDatabaseAvoiding(db));
  const { tmp, major } = await withClient(maintenance, async (client) => {
    const info = await readServerInfo(client);
    if (!(await databaseExists(client, db))) {
      throw new LifeboatError('PG_DB_MISSING', `There is no database "${db}" on ${target.host}:${target.port} to replace.`, { fix: 'Leave out --replace to restore into a new database of that name.' });
    }
    const stamp = restoreStamp();
    let n = 1;
    while (await databaseExists(client, tmpDatabaseName(db, stamp, n))) n++;
    return { tmp: tmpDatabaseName(db, stamp, n), major: info.major };
  });

  const about = { backup_id: source.backupId ?? undefined, backup_file: source.label, database: db };
  audit.append({ event: 'restore_start', status: 'info', details: `Replacing "${db}" on ${target.host}:${target.port} with ${source.label} (restoring into "${tmp}" first)`, ...about });
  const owner = await holdTmpOwnership(target, tmp, db);
  let swapped = false;
  let restored = false;
  try {
    const report = await restoreBackup({
      source,
      target: withDatabase(target, tmp),
      keys: options.keys,
      noOwner: options.noOwner,
      noPrivileges: options.noPrivileges,
      jobs: options.jobs,
      spoolDir: options.spoolDir,
      requireMatch: true,
      onProgress: options.onProgress,
      signal: options.signal,
      log: options.log,
    });
    restored = true;
    const carriedOver = await withClient(maintenance, (client) => carryOverProperties(client, db, tmp));
    await pauseForTests(options.pauseBeforeSwapMs, options.signal);
    options.signal?.throwIfAborted();
    const keptAs = await swapDatabases(maintenance, { target: db, tmp }, { log, betweenRenames: options.betweenRenames });
    swapped = true;
    const detail = `replaced "${db}" (previous kept as "${keptAs}"); ${report.tablesChecked} tables checked, 0 differ`;
    if (source.backupId) options.catalog?.recordVerification(source.backupId, 'restore', true, detail);
    audit.append({ event: 'restore_complete', status: 'success', details: `Replaced "${db}" with ${source.label}: ${report.tablesChecked} tables checked; the previous database is kept as "${keptAs}"`, ...about });
    log.info('replaced', { database: db, keptAs });
    return { ...report, targetDatabase: db, replaced: db, keptAs, tempDatabase: tmp, carriedOver, leftovers };
  } catch (error) {
    const failure = options.signal?.aborted ? new LifeboatError('CANCELLED', `The replace was cancelled; "${db}" was not changed.`) : toLifeboatError(error);
    if (!swapped) {
      await withClient(maintenance, (client) => dropDatabaseForce(client, tmp, major)).catch((dropError: unknown) => {
        log.error('could not drop the temporary database', { database: tmp, error: (dropError as Error).message });
      });
    }
    // Only a failed restore says something about the backup (not a swap that sessions kept blocking, say).
    if (source.backupId && !restored && failure.code !== 'CANCELLED' && failure.code !== 'BAD_INPUT') {
      options.catalog?.recordVerification(source.backupId, 'restore', false, `replace of "${db}" failed: ${failure.message}`);
    }
    audit.append({ event: 'restore_complete', status: 'error', details: `Replacing "${db}" failed, it was not changed: ${failure.message}`, ...about });
    if (failure.code === 'CANCELLED' || /was not changed/.test(failure.message)) throw failure;
    throw new LifeboatError(failure.code, `${failure.message} "${db}" was not changed.`, { fix: failure.fix, cause: failure, details: failure.details });
  } finally {
    await owner.release();
  }
}

async function pauseForTests(explicit: number | undefined, signal: AbortSignal | undefined): Promise<void> {
  const ms = explicit ?? Number(process.env[PAUSE_BEFORE_SWAP_ENV] ?? 0);
  if (!(ms > 0)) return;
  process.stderr.write('lifeboat-test: paused before swap\n');
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

/**
 * The swap itself (see the header). Returns the name the previous database is kept under.
 * Exported for tests.
 */
export async function swapDatabases(
  maintenance: PgConnection,
  names: { target: string; tmp: string },
  options: { log?: Logger; betweenRenames?: (client: pg.Client) => Promise<void>; attempts?: number } = {},
): Promise<string> {
  const { target, tmp } = names;
  const log = options.log ?? silentLogger;
  const attempts = options.attempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    const client = await connect(maintenance);
    let kept = '';
    try {
      const stamp = restoreStamp();
      let n = 1;
      while (await databaseExists(client, keptDatabaseName(target, stamp, n))) n++;
      kept = keptDatabaseName(target, stamp, n);
      await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ANY($1::text[]) AND pid <> pg_backend_pid()', [[target, tmp]]);
      await client.query('BEGIN');
      await client.query(`ALTER DATABASE ${quoteIdent(target)} RENAME TO ${quoteIdent(kept)}`);
      await options.betweenRenames?.(client);
      await client.query(`ALTER DATABASE ${quoteIdent(tmp)} RENAME TO ${quoteIdent(target)}`);
      await client.query('COMMIT');
      return kept;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      const state = await withClient(maintenance, async (c) => ({
        target: await databaseExists(c, target),
        tmp: await databaseExists(c, tmp),
        kept: kept !== '' && (await databaseExists(c, kept)),
      })).catch(() => undefined);
      // The COMMIT went through although its answer was lost.
      if (state && state.target && !state.tmp && state.kept) return kept;
      // Half state (should not happen with a transaction): put the old database back first.
      if (state && !state.target && state.kept) {
        await withClient(maintenance, (c) => c.query(`ALTER DATABASE ${quoteIdent(kept)} RENAME TO ${quoteIdent(target)}`));
        log.warn('renamed the previous database back after a failed swap', { database: target });
      }
      const code = (error as { code?: string }).code;
      if (code === '55006' && attempt < attempts) {
        log.warn('sessions kept connecting during the swap; retrying', { database: target, attempt });
        continue;
      }
      throw new LifeboatError('PG_RESTORE_FAILED', `Could not swap the restored copy in for "${target}": ${(error as Error).message}. "${target}" was not changed.`, {
        fix: code === '55006' ? 'Stop the applications that keep connecting to it, then replace again.' : code === '42501' ? 'Replacing needs a user that owns the database and may create databases (or a superuser).' : 'Read the message above, then try again.',
        cause: error,
      });
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

const LIST_SETTINGS = new Set(['search_path', 'temp_tablespaces', 'session_preload_libraries', 'local_preload_libraries', 'shared_preload_libraries']);

/** `name=value` from pg_db_role_setting → the SET clause, quoted the way pg_dump does. */
function setClause(config: string): string {
  const eq = config.indexOf('=');
  const name = config.slice(0, eq);
  const value = config.slice(eq + 1);
  if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name)) throw new LifeboatError('INTERNAL', `Unexpected setting name ${JSON.stringify(name)}.`);
  if (!LIST_SETTINGS.has(name.toLowerCase())) return `SET ${name} = ${pg.escapeLiteral(value)}`;
  const items: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === '"') {
      if (quoted && value[i + 1] === '"') {
        current += '"';
        i++;
      } else quoted = !quoted;
    } else if (ch === ',' && !quoted) {
      items.push(current.trim());
      current = '';
    } else current += ch;
  }
  items.push(current.trim());
  return `SET ${name} = ${items.map((item) => pg.escapeLiteral(item)).join(', ')}`;
}

/**
 * Copies what belongs to the database itself (not to the dump) from `from` to `to`: owner,
 * privileges, connection limit, settings (also per role), comment. Returns what was copied.
 */
export async function carryOverProperties(client: pg.Client, from: string, to: string): Promise<string[]> {
  const done: string[] = [];
  const res = await client.query<{ oid: number; owner: string; new_owner: string; connlimit: number; has_acl: boolean; comment: string | null }>(
    `SELECT d.oid, o.rolname AS owner, (SELECT r.rolname FROM pg_database t JOIN pg_roles r ON r.oid = t.datdba WHERE t.datname = $2) AS new_owner,
            d.datconnlimit AS connlimit, d.datacl IS NOT NULL AS has_acl, shobj_description(d.oid, 'pg_database') AS comment
     FROM pg_database d JOIN pg_roles o ON o.oid = d.datdba WHERE d.datname = $1`,
    [from, to],
  );
  const old = res.rows[0];
  if (!old) throw new LifeboatError('PG_DB_MISSING', `The database "${from}" disappeared during the restore.`);
  const q = quoteIdent(to);
  if (old.owner !== old.new_owner) {
    await client.query(`ALTER DATABASE ${q} OWNER TO ${quoteIdent(old.owner)}`);
    done.push(`owner ${old.owner}`);
  }
  if (old.connlimit !== -1) {
    await client.query(`ALTER DATABASE ${q} CONNECTION LIMIT ${Number(old.connlimit)}`);
    done.push(`connection limit ${old.connlimit}`);
  }
  if (old.has_acl) {
    const acl = await client.query<{ grantee: string | null; privilege_type: string; is_grantable: boolean }>(
      `SELECT CASE WHEN a.grantee = 0 THEN NULL ELSE r.rolname END AS grantee, a.privilege_type, a.is_grantable
       FROM pg_database d, aclexplode(d.datacl) a LEFT JOIN pg_roles r ON r.oid = a.grantee WHERE d.datname = $1`,
      [from],
    );
    await client.query(`REVOKE ALL ON DATABASE ${q} FROM PUBLIC`);
    for (const grant of acl.rows) {
      if (!/^[A-Z ]+$/.test(grant.privilege_type)) continue;
      await client.query(`GRANT ${grant.privilege_type} ON DATABASE ${q} TO ${grant.grantee === null ? 'PUBLIC' : quoteIdent(grant.grantee)}${grant.is_grantable ? ' WITH GRANT OPTION' : ''}`);
    }
    done.push('privileges');
  }
  const settings = await client.query<{ role: string | null; config: string }>(
    `SELECT CASE WHEN s.setrole = 0 THEN NULL ELSE r.rolname END AS role, unnest(s.setconfig) AS config
     FROM pg_db_role_setting s LEFT JOIN pg_roles r ON r.oid = s.setrole WHERE s.setdatabase = $1`,
    [old.oid],
  );
  for (const s of settings.rows) {
    await client.query(s.role === null ? `ALTER DATABASE ${q} ${setClause(s.config)}` : `ALTER ROLE ${quoteIdent(s.role)} IN DATABASE ${q} ${setClause(s.config)}`);
  }
  if (settings.rows.length > 0) done.push(`${settings.rows.length} setting(s)`);
  if (old.comment !== null) {
    await client.query(`COMMENT ON DATABASE ${q} IS ${pg.escapeLiteral(old.comment)}`);
    done.push('comment');
  }
  return done;
}
