// The body of `lifeboat restore` (its options are declared in verify-restore.ts):
// plain restore into a new database, safe replace, selective and parallel restore, roles.
// Usage mistakes (a missing or wrong --confirm, options that do not go together) exit with 2
// before anything is read; failures exit with 1.
import { LifeboatError, toLifeboatError } from '../../../../src-shared/errors';
import type { RestoreReport } from '../../../../src-shared/types';
import { runCommand, type CliContext } from '../context';
import { formatBytes, formatDuration } from '../format';
import { decryptionFromFlags, type KeyFlags } from '../keys';
import { progressPrinter } from '../progress-bar';
import { warnAboutPasswordInUrl } from '../url-warning';
import { parseConnectionUrl, type PgConnection } from '../../../pg/connection';
import { restoreBackup } from '../../../pipeline/restore';
import { resolveBackupRef, withBestCopy, type BackupRef, type RestoreSource } from '../../../pipeline/restore-source';
import { applyGlobals, globalsBesideFile, globalsOfRecord, readGlobalsSql, type GlobalsReport } from '../../../restore/globals';
import { cleanupLeftovers, type LeftoverCleanup } from '../../../restore/leftovers';
import { replaceDatabase, type ReplaceReport } from '../../../restore/replace';
import { planRestore, type RestorePlan } from '../../../restore/restore-plan';
import { splitList } from '../../../restore/selective';
import { cleanupStaleSpools } from '../../../restore/spool';

export interface RestoreFlags extends KeyFlags {
  db: string;
  /** false with --no-owner */
  owner: boolean;
  /** false with --no-privileges */
  privileges: boolean;
  json?: boolean;
  replace?: boolean;
  confirm?: string;
  tables?: string;
  schemas?: string;
  intoExisting?: boolean;
  replaceTables?: boolean;
  schemaOnly?: boolean;
  dataOnly?: boolean;
  globals?: boolean;
  jobs?: string;
}

/** Checks the flags without touching anything; throws BAD_INPUT (exit code 2) on a usage mistake. */
export function planFromFlags(flags: RestoreFlags): RestorePlan {
  let jobs: number | undefined;
  if (flags.jobs !== undefined) {
    jobs = Number(flags.jobs);
    if (!/^\d+$/.test(flags.jobs) || jobs < 1 || jobs > 64) throw new LifeboatError('BAD_INPUT', `--jobs must be a whole number from 1 to 64 (got "${flags.jobs}").`);
  }
  if (flags.schemaOnly && flags.dataOnly) throw new LifeboatError('BAD_INPUT', '--schema-only and --data-only exclude each other.');
  if (flags.replace && flags.intoExisting) throw new LifeboatError('BAD_INPUT', '--replace restores the whole backup as a new database; it does not go with --into-existing.', { fix: 'To replace some tables only, use --tables … --into-existing --replace-tables.' });
  return planRestore(
    {
      mode: flags.replace ? 'replace' : flags.intoExisting ? 'existing' : 'new',
      database: safeDatabaseName(flags.db),
      confirm: flags.confirm,
      tables: flags.tables === undefined ? undefined : splitList(flags.tables),
      schemas: flags.schemas === undefined ? undefined : splitList(flags.schemas),
      section: flags.schemaOnly ? 'schema' : flags.dataOnly ? 'data' : undefined,
      noOwner: !flags.owner,
      noPrivileges: !flags.privileges,
      jobs,
      replaceTables: flags.replaceTables,
    },
    'cli',
  );
}

function safeDatabaseName(url: string): string | undefined {
  try {
    return parseConnectionUrl(url).database;
  } catch {
    return undefined; // reported by the command itself
  }
}

/** Prints a usage mistake and sets exit code 2. */
function usageError(error: LifeboatError, json: boolean | undefined): void {
  if (json) process.stdout.write(JSON.stringify({ ok: false, error: error.toData() }) + '\n');
  process.stderr.write(`lifeboat: ${error.toLine()}\n`);
  process.exitCode = 2;
}

export interface RestoreCommandResult {
  restore: RestoreReport | ReplaceReport;
  mode: 'new' | 'replace' | 'existing';
  globals?: GlobalsReport;
  cleanup?: LeftoverCleanup;
}

export async function restoreAction(ref: string, flags: RestoreFlags): Promise<void> {
  let plan: RestorePlan;
  try {
    plan = planFromFlags(flags);
  } catch (error) {
    const failure = toLifeboatError(error);
    if (failure.code !== 'BAD_INPUT') throw error;
    usageError(failure, flags.json);
    return;
  }
  await runCommand<RestoreCommandResult>(
    flags,
    async (ctx) => {
      warnAboutPasswordInUrl(flags.db);
      const target = parseConnectionUrl(flags.db);
      const keys = decryptionFromFlags(flags);
      const cleanup = await tidyUp(ctx, target);
      const resolved = await resolveBackupRef(ref, ctx.backups);
      let globals: GlobalsReport | undefined;
      if (flags.globals) {
        const source = resolved.kind === 'record' ? globalsOfRecord(resolved.record, (id) => ctx.registry.fromId(id)) : globalsBesideFile(resolved.source.label, resolved.source.manifest);
        if (!source) throw new LifeboatError('BAD_INPUT', 'This backup has no roles file (it was taken without globals, or the user could not read them).', { fix: 'Create the roles by hand, or restore with --no-owner.' });
        globals = await applyGlobals(target, await readGlobalsSql(source, keys), { log: ctx.log });
      }
      const progress = flags.json ? undefined : progressPrinter();
      try {
        const common = { keys, catalog: ctx.backups, onProgress: progress?.onProgress, log: ctx.log, audit: ctx.audit };
        const restore = await onBestSource(ctx, resolved, (source) =>
          plan.mode === 'replace'
            ? replaceDatabase({ ...common, source, target, confirm: flags.confirm!, noOwner: plan.options.noOwner, noPrivileges: plan.options.noPrivileges, jobs: plan.options.jobs })
            : restoreBackup({ ...common, ...plan.options, source, target }),
        );
        if (restore.mismatches.length > 0) process.exitCode = 1;
        return { restore, mode: plan.mode, globals, cleanup: cleanup.dropped.length > 0 ? cleanup : undefined };
      } finally {
        progress?.done();
      }
    },
    (result) => printResult(result),
  );
}

/** Leftovers of killed restores: temporary databases on this server, temporary archive files here. */
async function tidyUp(ctx: CliContext, target: PgConnection): Promise<LeftoverCleanup> {
  const spools = await cleanupStaleSpools();
  if (spools.length > 0) ctx.log.info('removed stale temporary archive folders', { count: spools.length });
  return cleanupLeftovers(target, { log: ctx.log });
}

/** A catalogued backup is read from its best copy, falling back to the others; a file is read as is. */
async function onBestSource<T>(ctx: CliContext, resolved: BackupRef, fn: (source: RestoreSource) => Promise<T>): Promise<T> {
  if (resolved.kind === 'file') return fn(resolved.source);
  return withBestCopy(resolved.record, (id) => ctx.registry.fromId(id), ctx.backups, fn);
}

function printResult({ restore, mode, globals, cleanup }: RestoreCommandResult): void {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  if (cleanup) out(`Dropped temporary databases left by an interrupted restore: ${cleanup.dropped.join(', ')}.`);
  if (globals) {
    out(`Roles: ${globals.rolesCreated.length > 0 ? `created ${globals.rolesCreated.join(', ')}` : 'none created'}${globals.rolesKept.length > 0 ? `; already there, left as they were: ${globals.rolesKept.join(', ')}` : ''}.`);
    for (const w of globals.warnings) out(`  warning: ${w}`);
  }
  const timing = `in ${formatDuration(restore.durationMs / 1000)} (${formatBytes(restore.bytesRead)} read)`;
  if (mode === 'replace' && 'keptAs' in restore) {
    out(`Replaced "${restore.replaced}" with the backup ${timing}.`);
    out(`  Row counts match the backup for all ${restore.tablesChecked} tables.`);
    if (restore.carriedOver.length > 0) out(`  Carried over from the previous database: ${restore.carriedOver.join(', ')}.`);
    out(`  The previous database is kept as "${restore.keptAs}"; drop it when you no longer need it.`);
  } else {
    out(`Restored into ${mode === 'existing' ? 'existing' : 'new'} database "${restore.targetDatabase}" ${timing}.`);
    if (restore.mismatches.length === 0) out(`  Row counts match the backup for all ${restore.tablesChecked} tables.`);
    else {
      out(`  ROW COUNTS DIFFER from the backup in ${restore.mismatches.length} table(s); ${mode === 'existing' ? 'the restored tables were' : 'the database was'} kept for inspection:`);
      for (const m of restore.mismatches) out(`    ${m.schema}.${m.table}: expected ${m.expected ?? 'absent'}, found ${m.actual ?? 'absent'}`);
    }
  }
  for (const w of restore.warnings) out(`  warning: ${w}`);
}
