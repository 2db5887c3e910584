// Restore modes against a real PostgreSQL 15: selective restore (into a new and into the
// existing database), parallel restore through a private temporary file, roles from the
// globals file, and safe replace — refused without the right key or with a damaged copy,
// a swap that fails half way, the process killed during pg_restore and right before the swap
// (the original must stay byte-for-byte the same, the temporary database must go at the next
// restore), and a replace that succeeds and keeps the old database.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateIdentity } from '../../src-main/crypto';
import { loadSampleBusinessData } from '../../src-main/demo/sample-data';
import type { PgConnection } from '../../src-main/pg/connection';
import { restoreBackup } from '../../src-main/pipeline/restore';
import { sourceFromFile, type RestoreSource } from '../../src-main/pipeline/restore-source';
import { applyGlobals, globalsBesideFile, readGlobalsSql } from '../../src-main/restore/globals';
import { cleanupLeftovers, dropKeptDatabase, listKeptDatabases } from '../../src-main/restore/leftovers';
import { replaceDatabase } from '../../src-main/restore/replace';
import { SPOOL_PREFIX } from '../../src-main/restore/spool';
import type { BackupRecord } from '../../src-shared/types';
import { runCli, startCli } from '../helpers/cli';
import { useCluster } from '../helpers/clusters';
import { dataFingerprint } from '../helpers/fidelity';
import { createWorkspace, type Workspace } from '../helpers/workspace';

describe('restore modes (PostgreSQL 15)', () => {
  const cluster = useCluster(15);
  let ws: Workspace;
  let env: NodeJS.ProcessEnv;
  let backup: BackupRecord;
  let dumpFile: string;
  let source: () => Promise<RestoreSource>;
  /** shop as it was when the backup was taken. */
  let atBackup: Record<string, string>;
  const keys = () => ({ identities: [ws.identity] });
  const url = (db: string) => `postgres://postgres@127.0.0.1:${cluster().port}/${db}`;
  const conn = (database: string): PgConnection => ({ host: '127.0.0.1', port: cluster().port, user: 'postgres', password: cluster().password, database, sslmode: undefined });
  const databases = async () => (await cluster().query('SELECT datname FROM pg_database ORDER BY 1')).rows.map((r) => r.datname as string);
  const tmpDatabases = async () => (await databases()).filter((d) => d.includes('__lifeboat_tmp_'));
  const pick = (print: Record<string, string>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, print[k]]));

  beforeAll(async () => {
    ws = createWorkspace();
    env = { LIFEBOAT_HOME: ws.home, PGPASSWORD: cluster().password, TMPDIR: path.join(ws.root, 'tmp') };
    mkdirSync(env.TMPDIR!);
    await cluster().query('CREATE DATABASE shop');
    await loadSampleBusinessData(cluster(), 'shop', { scale: 0.5 });
    await cluster().query(
      `CREATE SCHEMA sales;
       CREATE TABLE sales.deals (id serial PRIMARY KEY, customer_id bigint NOT NULL REFERENCES public.customers (id), amount numeric(12,2));
       INSERT INTO sales.deals (customer_id, amount) SELECT id, id * 3 FROM public.customers WHERE id % 4 = 0;
       CREATE INDEX deals_amount ON sales.deals (amount);`,
      'shop',
    );
    // Database-level properties a replace must carry over; roles the globals file must bring back.
    await cluster().query(
      `CREATE ROLE shop_owner; CREATE ROLE reporter LOGIN; CREATE ROLE auditor NOLOGIN;
       ALTER DATABASE shop OWNER TO shop_owner;
       REVOKE CONNECT ON DATABASE shop FROM PUBLIC; GRANT CONNECT ON DATABASE shop TO reporter;
       ALTER DATABASE shop SET work_mem = '8MB'; COMMENT ON DATABASE shop IS 'the shop';`,
    );
    const res = await runCli(['backup', '--db', url('shop'), '--to', ws.dest, '--recipient', ws.recipient, '--json'], env);
    expect(res.code, res.stderr).toBe(0);
    backup = res.json().backup as BackupRecord;
    atBackup = await dataFingerprint(cluster(), 'shop');
    dumpFile = path.join(ws.dest, ws.files().find((f) => f.endsWith('.dump.zst.age'))!);
    source = () => sourceFromFile(dumpFile);
    // Life goes on after the backup: the live database now differs from it.
    await cluster().query("INSERT INTO customers SELECT id + 100000, name, 'new' || email, phone, address, city, country, credit_limit, created_at, 'after the backup' FROM customers WHERE id <= 3", 'shop');
  });
  afterAll(() => ws?.cleanup());

  it('restores two tables into a new database, with their keys, indexes, sequence and the foreign key between them', async () => {
    const report = await restoreBackup({ source: await source(), target: conn('shop_two'), keys: keys(), selection: { tables: ['customers', 'sales.deals'] } });
    expect(report.mismatches).toEqual([]);
    expect(report.tablesChecked).toBe(2);
    const tables = await cluster().query("SELECT schemaname || '.' || tablename AS t FROM pg_tables WHERE schemaname IN ('public', 'sales') ORDER BY 1", 'shop_two');
    expect(tables.rows.map((r) => r.t)).toEqual(['public.customers', 'sales.deals']);
    const restored = await dataFingerprint(cluster(), 'shop_two');
    expect(restored).toEqual(pick(atBackup, ['public.customers', 'sales.deals', 'sequence public.customers_id_seq', 'sequence sales.deals_id_seq']));
    const constraints = await cluster().query("SELECT conname FROM pg_constraint WHERE connamespace IN ('public'::regnamespace, 'sales'::regnamespace) ORDER BY 1", 'shop_two');
    expect(constraints.rows.map((r) => r.conname)).toEqual(['customers_pkey', 'deals_customer_id_fkey', 'deals_pkey']);
    const indexes = await cluster().query("SELECT indexname FROM pg_indexes WHERE schemaname = 'sales' ORDER BY 1", 'shop_two');
    expect(indexes.rows.map((r) => r.indexname)).toEqual(['deals_amount', 'deals_pkey']);
  });

  it('restores two lost tables into the existing database in one transaction, refuses to overwrite, and replaces tables only when asked', async () => {
    await cluster().query('CREATE DATABASE shop_live TEMPLATE shop');
    await cluster().query('DROP TABLE payments, audit_log', 'shop_live');
    const before = await dataFingerprint(cluster(), 'shop_live');

    const report = await restoreBackup({ source: await source(), target: conn('shop_live'), keys: keys(), into: 'existing', selection: { tables: ['payments', 'audit_log'] } });
    expect(report.mismatches).toEqual([]);
    expect(report.tablesChecked).toBe(2);
    const after = await dataFingerprint(cluster(), 'shop_live');
    expect(pick(after, Object.keys(before))).toEqual(before); // the rest is untouched
    expect(pick(after, ['public.payments', 'public.audit_log'])).toEqual(pick(atBackup, ['public.payments', 'public.audit_log']));
    // The foreign key onto a table that was already there comes back too.
    const fk = await cluster().query("SELECT conname FROM pg_constraint WHERE conrelid = 'public.payments'::regclass AND contype = 'f'", 'shop_live');
    expect(fk.rows.map((r) => r.conname)).toEqual(['payments_invoice_id_fkey']);

    // Again: the tables exist now; nothing is changed.
    await expect(restoreBackup({ source: await source(), target: conn('shop_live'), keys: keys(), into: 'existing', selection: { tables: ['payments', 'audit_log'] } })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(/already has public\.audit_log.*public\.payments.*nothing was changed/),
    });
    expect(await dataFingerprint(cluster(), 'shop_live')).toEqual(after);

    // --replace-tables: customers is referenced by invoices and sales.deals; their foreign keys are dropped and re-added.
    await cluster().query('DELETE FROM payments WHERE id % 2 = 0', 'shop_live');
    const replaced = await restoreBackup({ source: await source(), target: conn('shop_live'), keys: keys(), into: 'existing', replaceTables: true, selection: { tables: ['customers', 'payments'] } });
    expect(replaced.mismatches).toEqual([]);
    const final = await dataFingerprint(cluster(), 'shop_live');
    expect(pick(final, ['public.customers', 'public.payments'])).toEqual(pick(atBackup, ['public.customers', 'public.payments']));
    const fks = await cluster().query("SELECT conrelid::regclass::text || ' ' || conname AS fk FROM pg_constraint WHERE contype = 'f' ORDER BY 1", 'shop_live');
    expect(fks.rows.map((r) => r.fk)).toEqual([
      'invoice_lines invoice_lines_invoice_id_fkey',
      'invoice_lines invoice_lines_product_id_fkey',
      'invoices invoices_customer_id_fkey',
      'payments payments_invoice_id_fkey',
      'sales.deals deals_customer_id_fkey',
    ]);
  });

  it('schema only into a new database, then data only into its empty tables, as a non-superuser (referenced rows first)', async () => {
    await cluster().query("CREATE ROLE loader LOGIN CREATEDB PASSWORD 'loader-pw'");
    const asLoader = (database: string): PgConnection => ({ ...conn(database), user: 'loader', password: 'loader-pw' });
    const schema = await restoreBackup({ source: await source(), target: asLoader('shop_shape'), keys: keys(), section: 'schema', noOwner: true, noPrivileges: true });
    expect(schema.mismatches).toEqual([]);
    expect(schema.tablesChecked).toBe(7);
    // No superuser, so no --disable-triggers: the foreign keys check every row as it arrives.
    const data = await restoreBackup({ source: await source(), target: asLoader('shop_shape'), keys: keys(), section: 'data', into: 'existing' });
    expect(data.mismatches).toEqual([]);
    expect(await dataFingerprint(cluster(), 'shop_shape')).toEqual(atBackup);
    await expect(restoreBackup({ source: await source(), target: asLoader('shop_shape'), keys: keys(), section: 'data', into: 'existing' })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(/already hold rows.*Nothing was changed/),
    });
  });

  it('restores roles from the globals file: missing ones are created, existing ones left as they are', async () => {
    await cluster().query('DROP ROLE auditor');
    const globals = globalsBesideFile(dumpFile, (await source()).manifest)!;
    const report = await applyGlobals(conn('postgres'), await readGlobalsSql(globals, keys()));
    expect(report.rolesCreated).toEqual(['auditor']);
    expect(report.rolesKept).toEqual(expect.arrayContaining(['postgres', 'reporter', 'shop_owner']));
    const auditor = await cluster().query("SELECT rolcanlogin FROM pg_roles WHERE rolname = 'auditor'");
    expect(auditor.rows).toEqual([{ rolcanlogin: false }]);
    // The superuser's password was not reset from the file: logging in still works.
    expect((await cluster().query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('--jobs 2 restores the whole backup identically, and removes its temporary file', async () => {
    const res = await runCli(['restore', backup.id, '--db', url('shop_parallel'), '--jobs', '2', '--identity', ws.keyFile, '--json'], env);
    expect(res.code, res.stderr).toBe(0);
    expect(await dataFingerprint(cluster(), 'shop_parallel')).toEqual(atBackup);
    expect(readdirSync(env.TMPDIR!).filter((f) => f.startsWith(SPOOL_PREFIX))).toEqual([]);
  });

  it('replace with a wrong key or a damaged copy creates and changes nothing', async () => {
    const before = await dataFingerprint(cluster(), 'shop');
    const dbs = await databases();
    await expect(replaceDatabase({ source: await source(), target: conn('shop'), confirm: 'shop', keys: { identities: [generateIdentity().identity] } })).rejects.toMatchObject({ code: 'DECRYPT_WRONG_KEY' });

    const damaged = path.join(ws.root, 'damaged');
    mkdirSync(damaged);
    for (const f of readdirSync(path.dirname(dumpFile))) copyFileSync(path.join(path.dirname(dumpFile), f), path.join(damaged, f));
    const copy = path.join(damaged, path.basename(dumpFile));
    const bytes = readFileSync(copy);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    writeFileSync(copy, bytes);
    await expect(replaceDatabase({ source: await sourceFromFile(copy), target: conn('shop'), confirm: 'shop', keys: keys() })).rejects.toMatchObject({ code: 'DECRYPT_CORRUPT', message: expect.stringMatching(/"shop" was not changed/) });

    expect(await databases()).toEqual(dbs);
    expect(await dataFingerprint(cluster(), 'shop')).toEqual(before);
  });

  it('a swap whose second rename fails puts the first one back', async () => {
    const before = await dataFingerprint(cluster(), 'shop');
    const dbs = await databases();
    let inside: string[] = [];
    await expect(
      replaceDatabase({
        source: await source(),
        target: conn('shop'),
        confirm: 'shop',
        keys: keys(),
        betweenRenames: async (client) => {
          inside = (await client.query("SELECT datname FROM pg_database WHERE datname LIKE 'shop%' ORDER BY 1")).rows.map((r) => r.datname);
          throw new Error('simulated failure between the renames');
        },
      }),
    ).rejects.toThrow(/simulated failure between the renames.*"shop" was not changed/);
    // Inside the swap transaction the old database already carried its kept name.
    expect(inside.some((d) => /^shop_before_restore_\d{14}$/.test(d))).toBe(true);
    expect(inside).not.toContain('shop');
    expect(await databases()).toEqual(dbs);
    expect(await dataFingerprint(cluster(), 'shop')).toEqual(before);
  });

  it('cancelled during the restore: the temporary database is dropped, the original untouched', async () => {
    const before = await dataFingerprint(cluster(), 'shop');
    const dbs = await databases();
    const controller = new AbortController();
    const replace = replaceDatabase({
      source: await source(),
      target: conn('shop'),
      confirm: 'shop',
      keys: keys(),
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'restoring' && p.bytes > 0) controller.abort();
      },
    });
    await expect(replace).rejects.toMatchObject({ code: 'CANCELLED', message: 'The replace was cancelled; "shop" was not changed.' });
    expect(await databases()).toEqual(dbs);
    expect(await dataFingerprint(cluster(), 'shop')).toEqual(before);
  });

  it('killed while pg_restore fills the temporary database: the original is unchanged, cleanup drops the leftover', async () => {
    const before = await dataFingerprint(cluster(), 'shop');
    const run = startCli(['restore', backup.id, '--db', url('shop'), '--replace', '--confirm', 'shop', '--identity', ws.keyFile], env);
    let killedWhile = '';
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && run.child.exitCode === null) {
      const busy = await cluster().query("SELECT datname FROM pg_stat_activity WHERE datname LIKE '%\\_\\_lifeboat\\_tmp\\_%' AND backend_type = 'client backend'");
      if ((busy.rowCount ?? 0) > 0) {
        killedWhile = busy.rows[0].datname;
        run.child.kill('SIGKILL');
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const result = await run.result;
    expect(killedWhile, result.stderr).toMatch(/^shop__lifeboat_tmp_\d{14}$/);
    expect(result.code).toBeNull(); // killed, did not finish
    expect(await dataFingerprint(cluster(), 'shop')).toEqual(before);
    expect(await tmpDatabases()).toEqual([killedWhile]);
    const cleanup = await cleanupLeftovers(conn('postgres'));
    expect(cleanup.dropped).toEqual([killedWhile]);
    expect(await tmpDatabases()).toEqual([]);
  });

  let leftByPause = '';
  it('killed right before the swap (test hook): the original is unchanged', async () => {
    const before = await dataFingerprint(cluster(), 'shop');
    const run = startCli(['restore', backup.id, '--db', url('shop'), '--replace', '--confirm', 'shop', '--identity', ws.keyFile], { ...env, LIFEBOAT_TEST_PAUSE_BEFORE_SWAP: '60000' });
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`never paused: ${stderr}`)), 60_000);
      run.child.stderr!.on('data', (text: Buffer) => {
        stderr += text.toString();
        if (stderr.includes('lifeboat-test: paused before swap')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    run.child.kill('SIGKILL');
    await run.result;
    expect(await dataFingerprint(cluster(), 'shop')).toEqual(before);
    const left = await tmpDatabases();
    expect(left).toHaveLength(1);
    leftByPause = left[0]!;
    // The leftover is the complete, verified restore: exactly the backup.
    expect(await dataFingerprint(cluster(), leftByPause)).toEqual(atBackup);
  });

  it('refuses --replace without the matching --confirm (exit code 2), touching nothing', async () => {
    const wrong = await runCli(['restore', backup.id, '--db', url('shop'), '--replace', '--confirm', 'shop2', '--identity', ws.keyFile], env);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/name typed to confirm, "shop2", does not match the database to replace, "shop"/);
    expect(await tmpDatabases()).toEqual([leftByPause]);
  });

  it('replaces: the backup is swapped in, the old database kept (listed, droppable), database properties carried over, leftovers dropped', async () => {
    const before = await dataFingerprint(cluster(), 'shop');
    // An application still connected to the old database is disconnected by the swap.
    const app = new pg.Client({ connectionString: cluster().url('shop') });
    await app.connect();
    const appError = new Promise<Error>((resolve) => app.on('error', resolve));
    const res = await runCli(['restore', backup.id, '--db', url('shop'), '--replace', '--confirm', 'shop', '--identity', ws.keyFile, '--json'], env);
    expect(res.code, res.stderr).toBe(0);
    expect((await appError).message).toMatch(/terminating connection due to administrator command/);
    await app.end().catch(() => undefined);
    const out = res.json() as unknown as { restore: { keptAs: string; replaced: string; mismatches: unknown[]; carriedOver: string[] }; cleanup?: { dropped: string[] } };
    expect(out.cleanup?.dropped).toEqual([leftByPause]);
    expect(out.restore.replaced).toBe('shop');
    expect(out.restore.keptAs).toMatch(/^shop_before_restore_\d{14}$/);
    expect(out.restore.carriedOver).toEqual(['owner shop_owner', 'privileges', '1 setting(s)', 'comment']);
    expect(await tmpDatabases()).toEqual([]);

    expect(await dataFingerprint(cluster(), 'shop')).toEqual(atBackup);
    expect(await dataFingerprint(cluster(), out.restore.keptAs)).toEqual(before);
    const props = await cluster().query(
      `SELECT pg_get_userbyid(datdba) AS owner, has_database_privilege('reporter', oid, 'CONNECT') AS reporter,
              has_database_privilege('auditor', oid, 'CONNECT') AS auditor, shobj_description(oid, 'pg_database') AS comment,
              (SELECT setconfig FROM pg_db_role_setting WHERE setdatabase = d.oid AND setrole = 0) AS settings
       FROM pg_database d WHERE datname = 'shop'`,
    );
    expect(props.rows[0]).toEqual({ owner: 'shop_owner', reporter: true, auditor: false, comment: 'the shop', settings: ['work_mem=8MB'] });

    const kept = await listKeptDatabases(conn('postgres'));
    expect(kept.map((k) => [k.name, k.original])).toEqual([[out.restore.keptAs, 'shop']]);
    await expect(dropKeptDatabase(conn('postgres'), 'shop')).rejects.toMatchObject({ code: 'BAD_INPUT' });
    // The same through the CLI: listed; dropped only with the name typed again.
    const listed = await runCli(['kept', 'list', '--db', url('postgres')], env);
    expect(listed.stdout).toContain(`${out.restore.keptAs}  (was shop, replaced `);
    const unconfirmed = await runCli(['kept', 'drop', out.restore.keptAs, '--db', url('postgres')], env);
    expect(unconfirmed.code).toBe(1);
    expect(unconfirmed.stderr).toContain('type its name again to confirm. Nothing was dropped.');
    expect((await listKeptDatabases(conn('postgres'))).length).toBe(1);
    const dropped = await runCli(['kept', 'drop', out.restore.keptAs, '--db', url('postgres'), '--confirm', out.restore.keptAs], env);
    expect(dropped.code, dropped.stderr).toBe(0);
    expect(await listKeptDatabases(conn('postgres'))).toEqual([]);
  });
});
