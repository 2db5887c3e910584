// The restore wizard's "Check" before anything is created: can this server take this backup in
// this mode? Each finding is a plain sentence with a level: a blocker stops the restore (it
// would fail later, after minutes of work), a warning needs the admin's attention (an option
// such as "no owner" may settle it). Read-only: it creates, changes and drops nothing.
import fs from 'node:fs/promises';
import type pg from 'pg';
import type { PreflightCheck } from '../../src-shared/api';
import { toLifeboatError } from '../../src-shared/errors';
import type { ArchiveContents } from '../../src-shared/types';
import { readServerInfo } from '../pg/client';
import type { PgConnection } from '../pg/connection';
import { databaseExists, withMaintenanceClient } from '../pg/databases';
import { majorOf, toolsForRestore } from '../pg/tool-locator';
import type { RestorePlan } from './restore-plan';
import { defaultSpoolBase, spoolBytesNeeded } from './spool';

export interface PreflightInput {
  target: PgConnection;
  plan: RestorePlan;
  /** What the backup holds; null when it was not read (extensions and owners are then not checked). */
  contents: ArchiveContents | null;
  /** pg_dump version that wrote the archive (the manifest's). */
  toolVersion: string | null;
  /** Size of the decrypted archive, for the temporary file. */
  dumpBytes: number | null;
  /** The roles file will be applied first. */
  globals: boolean;
  spoolBase?: string;
}

export interface PreflightResult {
  checks: PreflightCheck[];
  serverVersion: string;
  canStart: boolean;
}

export async function preflightRestore(input: PreflightInput): Promise<PreflightResult> {
  const checks: PreflightCheck[] = [];
  const add: Add = (check, level, detail, fix) => checks.push(fix ? { check, level, detail, fix } : { check, level, detail });
  const { target, plan, contents } = input;
  const database = target.database;

  const server = await withMaintenanceClient(target, async (client) => {
    const info = await readServerInfo(client);
    const sourceMajor = majorOf(contents?.serverVersion);
    if (sourceMajor !== undefined && info.major < sourceMajor) {
      add('Server version', 'blocker', `This server runs PostgreSQL ${info.version}; the backup comes from PostgreSQL ${contents?.serverVersion}. PostgreSQL cannot load a backup into an older major version.`, `Restore onto a server running PostgreSQL ${sourceMajor} or newer.`);
    } else {
      add('Server version', 'ok', `PostgreSQL ${info.version}${contents?.serverVersion ? ` (the backup comes from ${contents.serverVersion})` : ''}.`);
    }
    await checkDatabase(client, plan, database, add);
    await checkPrivileges(client, plan, target, add);
    if (contents) {
      await checkExtensions(client, contents, add);
      await checkOwners(client, contents, plan, input.globals, add);
    }
    if (plan.mode === 'replace') await checkSessions(client, database, add);
    return info;
  });

  await checkTools(server, input.toolVersion, add);
  if (input.globals && contents && !contents.hasGlobals) add('Roles', 'blocker', 'This backup has no roles file (it was taken without globals, or the user could not read them).', 'Untick "also restore roles", and create the roles by hand or restore with "no owner".');
  await checkSpoolSpace(input, add);
  return { checks, serverVersion: server.version, canStart: !checks.some((c) => c.level === 'blocker') };
}

type Add = (check: string, level: PreflightCheck['level'], detail: string, fix?: string) => void;

async function checkDatabase(client: pg.Client, plan: RestorePlan, database: string, add: Add): Promise<void> {
  const exists = await databaseExists(client, database);
  if (plan.mode === 'new') {
    if (exists) add('Target database', 'blocker', `A database named "${database}" already exists on this server; a restore into a new database never touches an existing one.`, 'Choose another name, or choose "Replace the existing database".');
    else add('Target database', 'ok', `"${database}" does not exist yet and will be created.`);
  } else if (!exists) {
    add('Target database', 'blocker', `There is no database "${database}" on this server to ${plan.mode === 'replace' ? 'replace' : 'restore into'}.`, 'Check the name, or restore into a new database.');
  } else {
    add('Target database', 'ok', plan.mode === 'replace' ? `"${database}" exists; it will be kept under a new name, not deleted.` : `"${database}" exists; the chosen tables go into it in one transaction.`);
  }
}

async function checkPrivileges(client: pg.Client, plan: RestorePlan, target: PgConnection, add: Add): Promise<void> {
  const database = target.database;
  const res = await client.query<{ rolsuper: boolean; rolcreatedb: boolean; owns: boolean | null }>(
    `SELECT r.rolsuper, r.rolcreatedb,
            (SELECT pg_has_role(current_user, d.datdba, 'MEMBER') FROM pg_database d WHERE d.datname = $1) AS owns
     FROM pg_roles r WHERE r.rolname = current_user`,
    [database],
  );
  const me = res.rows[0];
  if (!me || me.rolsuper) return;
  if (plan.mode !== 'existing' && !me.rolcreatedb) {
    add('Permissions', 'blocker', `The user "${target.user}" may not create databases (it has no CREATEDB).`, 'Log in as a user with CREATEDB (or a superuser), or ask the server admin: ALTER ROLE … CREATEDB.');
  }
  if (plan.mode === 'replace' && me.owns === false) {
    add('Permissions', 'blocker', `The user "${target.user}" does not own "${database}", so it may not rename it out of the way.`, `Log in as the owner of ${database} or as a superuser.`);
  }
}

async function checkExtensions(client: pg.Client, contents: ArchiveContents, add: Add): Promise<void> {
  if (contents.extensions.length === 0) return;
  const res = await client.query<{ name: string }>('SELECT name FROM pg_available_extensions WHERE name = ANY($1)', [contents.extensions]);
  const available = new Set(res.rows.map((r) => r.name));
  const missing = contents.extensions.filter((e) => !available.has(e));
  if (missing.length > 0) {
    add('Extensions', 'blocker', `The backup uses extension${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, which ${missing.length > 1 ? 'are' : 'is'} not installed on this server.`, `Install the package that provides ${missing.join(', ')} on the server (for example postgresql-NN-postgis-3 for postgis), then check again.`);
  } else {
    add('Extensions', 'ok', `Available here: ${contents.extensions.join(', ')}.`);
  }
}

async function checkOwners(client: pg.Client, contents: ArchiveContents, plan: RestorePlan, globals: boolean, add: Add): Promise<void> {
  if (contents.owners.length === 0 || plan.options.noOwner) return;
  const res = await client.query<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE rolname = ANY($1)', [contents.owners]);
  const present = new Set(res.rows.map((r) => r.rolname));
  const missing = contents.owners.filter((o) => !present.has(o));
  if (missing.length === 0) add('Owners', 'ok', `The roles that own objects exist here: ${contents.owners.join(', ')}.`);
  else if (globals && contents.hasGlobals) add('Owners', 'ok', `Missing here, created first from the backup's roles file: ${missing.join(', ')}.`);
  else {
    add('Owners', 'warning', `These roles own objects in the backup but do not exist on this server: ${missing.join(', ')}. The restore would fail on them.`, contents.hasGlobals ? 'Tick "no owner" (everything then belongs to the user you log in as), or "also restore roles".' : 'Tick "no owner" (everything then belongs to the user you log in as), or create the roles first.');
  }
}

async function checkSessions(client: pg.Client, database: string, add: Add): Promise<void> {
  const res = await client.query<{ application_name: string; n: string }>(
    `SELECT coalesce(nullif(application_name, ''), 'unnamed') AS application_name, count(*) AS n
     FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() GROUP BY 1 ORDER BY 2 DESC`,
    [database],
  );
  const total = res.rows.reduce((sum, r) => sum + Number(r.n), 0);
  if (total === 0) add('Connections', 'ok', `Nobody is connected to "${database}" right now.`);
  else {
    const who = res.rows.map((r) => `${r.application_name} (${r.n})`).join(', ');
    add('Connections', 'warning', `${total} session${total > 1 ? 's are' : ' is'} connected to "${database}": ${who}. They will be disconnected at the moment of the swap, after the restored copy was verified.`, 'Stop the applications that use the database first, or warn their users.');
  }
}

/** The pg_restore the restore itself will pick (toolsForRestore), or why there is none. */
async function checkTools(server: { major: number; version: string }, toolVersion: string | null, add: Add): Promise<void> {
  try {
    const tools = await toolsForRestore(server.major, server.version, majorOf(toolVersion) ?? 0);
    add('Restore tools', 'ok', `pg_restore ${tools.version} (${tools.source}).`);
  } catch (error) {
    const failure = toLifeboatError(error);
    add('Restore tools', 'blocker', failure.message, failure.fix);
  }
}

async function checkSpoolSpace(input: PreflightInput, add: Add): Promise<void> {
  const { options } = input.plan;
  const needsFile = (options.jobs ?? 1) > 1 || options.selection !== undefined;
  if (!needsFile || input.dumpBytes === null) return;
  const base = input.spoolBase ?? defaultSpoolBase();
  const space = await fs.statfs(base).catch(() => undefined);
  if (!space) return;
  const free = space.bavail * space.bsize;
  const needed = spoolBytesNeeded(input.dumpBytes);
  const mb = (n: number) => `${Math.ceil(n / 1048576)} MB`;
  if (free < needed) add('Temporary space', 'blocker', `Parallel and selective restores decrypt the archive into a private temporary file in ${base}: it needs about ${mb(needed)}, ${mb(free)} are free.`, 'Free some space, set TMPDIR to a larger folder, or restore everything with one job (that streams and needs no file).');
  else add('Temporary space', 'ok', `${mb(input.dumpBytes)} temporary file in ${base} (${mb(free)} free); removed afterwards.`);
}
