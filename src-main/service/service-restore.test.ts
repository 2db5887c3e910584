// The restore wizard's operations through service.call against real PostgreSQL servers and real
// folders: check (verify + contents), preflight findings, safe replace with the typed name and
// the kept database, selective restore, roles, an imported legacy file, and browsing a
// destination from an empty catalog on a fresh install.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEnvelope, ApiMethod, ApiResponse, PreflightCheck } from '../../src-shared/api';
import type { JobConfigInput } from '../../src-shared/job';
import { useCluster } from '../../test/helpers/clusters';
import { createWorkspace, type Workspace } from '../../test/helpers/workspace';
import { planRestore } from '../restore/restore-plan';
import { preflightRestore } from '../restore/preflight';
import { createLifeboatService } from './create-service';
import { MemorySecretStore } from './memory-secret-store';
import type { LifeboatService } from './service-types';

function result<M extends ApiMethod>(envelope: ApiEnvelope<M>): ApiResponse<M> {
  if ('error' in envelope) throw new Error(`expected a result, got ${JSON.stringify(envelope.error)}`);
  return envelope.result;
}

const byName = (checks: PreflightCheck[], name: string) => checks.find((c) => c.check === name);

describe('restore wizard operations (PostgreSQL 15, another 15 without the roles, 13 as an older server)', () => {
  const cluster = useCluster(15);
  const older = useCluster(13);
  /** Another server, without the backup's roles. */
  const blank = useCluster(15);
  let ws: Workspace;
  let service: LifeboatService;
  let backupId: string;
  const target = (database: string, port = cluster().port) => ({ host: '127.0.0.1', port, user: 'postgres', database });
  /** A fingerprint of the data: any change to any row changes it. */
  const contentHash = async (database: string) =>
    (await cluster().query("SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) AS h FROM (SELECT 'c' || c::text AS t FROM customers c UNION ALL SELECT 'o' || o::text FROM orders o) x", database)).rows[0]!['h'] as string;

  beforeAll(async () => {
    ws = createWorkspace();
    const store = new MemorySecretStore();
    service = createLifeboatService({ host: 'serve' }, { dataDir: ws.home, secrets: store });
    await cluster().query('CREATE ROLE clerk');
    await cluster().query('CREATE DATABASE shop');
    await cluster().query(
      `CREATE EXTENSION pgcrypto;
       CREATE SCHEMA sales;
       CREATE TABLE customers (id int PRIMARY KEY, name text); INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 200) g;
       CREATE TABLE orders (id int PRIMARY KEY, customer int REFERENCES customers, total numeric); INSERT INTO orders SELECT g, 1 + g % 200, g * 1.5 FROM generate_series(1, 3000) g;
       CREATE TABLE sales.notes (id int PRIMARY KEY, body text); INSERT INTO sales.notes SELECT g, 'note ' || g FROM generate_series(1, 40) g;
       ALTER TABLE sales.notes OWNER TO clerk;`,
      'shop',
    );
    result(await service.call('destinations.save', { name: 'nas', kind: 'folder', path: ws.dest }));
    const config: JobConfigInput = {
      name: 'nightly',
      source: { host: '127.0.0.1', port: cluster().port, user: 'postgres', databases: { mode: 'list', names: ['shop'] } },
      schedule: { spec: { kind: 'daily', time: '02:30' }, timeZone: 'UTC', catchUp: true },
      destinations: ['nas'],
      encryption: { kind: 'passphrase' },
    };
    result(await service.call('jobs.save', { config, password: cluster().password, passphrase: 'correct horse battery staple', create: true }));
    result(await service.call('jobs.runNow', { name: 'nightly' }));
    for (let i = 0; i < 600; i++) {
      const rows = result(await service.call('backups.list', { job: 'nightly', status: 'succeeded' })).rows;
      if (rows[0]) {
        backupId = rows[0].id;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(backupId).toBeTruthy();
  }, 120_000);
  afterAll(async () => {
    await service?.close();
    ws?.cleanup();
  });

  it('checks a backup: hash and decryption, and what it holds (tables with row counts, schemas, extensions, owners)', async () => {
    const { report, contents } = result(await service.call('backups.verify', { id: backupId }));
    expect(report).toMatchObject({ backupId, hashChecked: true, tables: 3 });
    expect(contents).toMatchObject({ extensions: ['pgcrypto'], hasGlobals: true, serverVersion: expect.stringMatching(/^15\./) });
    expect(contents!.tables).toEqual(expect.arrayContaining([{ schema: 'public', table: 'orders', rows: 3000 }, { schema: 'sales', table: 'notes', rows: 40 }]));
    expect(contents!.schemas).toEqual(expect.arrayContaining(['public', 'sales']));
    expect(contents!.owners).toEqual(['clerk', 'postgres']);
    const wrong = await service.call('backups.verify', { id: backupId, keys: { passphrase: 'not it' } });
    expect(wrong).toMatchObject({ error: { code: 'DECRYPT_WRONG_KEY' } });
  });

  it('preflight: a new database on the same server can start; an existing name is a blocker', async () => {
    const ok = result(await service.call('backups.preflight', { id: backupId, target: target('shop_copy') }));
    expect(ok.canStart).toBe(true);
    expect(ok.checks.every((c) => c.level === 'ok')).toBe(true);
    expect(byName(ok.checks, 'Extensions')?.detail).toContain('pgcrypto');
    const taken = result(await service.call('backups.preflight', { id: backupId, target: target('shop') }));
    expect(taken.canStart).toBe(false);
    expect(byName(taken.checks, 'Target database')).toMatchObject({ level: 'blocker', detail: expect.stringContaining('already exists') });
  });

  it('preflight: an older server is a blocker, missing owners a warning that "no owner" or roles settle', async () => {
    const onOld = result(await service.call('backups.preflight', { id: backupId, target: { ...target('shop', older().port), password: older().password } }));
    expect(onOld.canStart).toBe(false);
    expect(byName(onOld.checks, 'Server version')).toMatchObject({ level: 'blocker', detail: expect.stringMatching(/PostgreSQL 13\..*PostgreSQL 15\..*older major version/) });
    expect(byName(onOld.checks, 'Owners')).toMatchObject({ level: 'warning', detail: expect.stringContaining('clerk') });
    const noOwner = result(await service.call('backups.preflight', { id: backupId, noOwner: true, target: { ...target('shop', older().port), password: older().password } }));
    expect(byName(noOwner.checks, 'Owners')).toBeUndefined();
    const withRoles = result(await service.call('backups.preflight', { id: backupId, globals: true, target: { ...target('shop', older().port), password: older().password } }));
    expect(byName(withRoles.checks, 'Owners')).toMatchObject({ level: 'ok', detail: expect.stringContaining('roles file') });
  });

  it('preflight: a missing extension is a blocker naming it; temporary space is checked for parallel restores', async () => {
    const plan = planRestore({ mode: 'new', database: 'nope', jobs: 4 });
    const found = await preflightRestore({
      target: { ...target('nope'), password: cluster().password, sslmode: undefined },
      plan,
      contents: { tables: [], schemas: ['public'], extensions: ['pgcrypto', 'no_such_extension'], owners: [], hasGlobals: false, serverVersion: '15.1' },
      toolVersion: '15.1',
      dumpBytes: 10 * 1024 * 1024,
      globals: false,
    });
    expect(byName(found.checks, 'Extensions')).toMatchObject({ level: 'blocker', detail: expect.stringContaining('no_such_extension') });
    expect(byName(found.checks, 'Temporary space')).toMatchObject({ level: 'ok' });
    const huge = await preflightRestore({ target: { ...target('nope'), password: cluster().password, sslmode: undefined }, plan, contents: null, toolVersion: '15.1', dumpBytes: 1e16, globals: false });
    expect(byName(huge.checks, 'Temporary space')).toMatchObject({ level: 'blocker' });
    expect(huge.canStart).toBe(false);
  });

  it('replace: refuses a wrong typed name and changes nothing; with the right one swaps in the verified copy and keeps the old database', async () => {
    const before = await contentHash('shop');
    // A session on the database: the preflight warns; the swap ends it.
    const session = new pg.Client({ host: '127.0.0.1', port: cluster().port, user: 'postgres', password: cluster().password, database: 'shop', application_name: 'till-app' });
    await session.connect();
    session.on('error', () => undefined);
    const pre = result(await service.call('backups.preflight', { id: backupId, mode: 'replace', target: target('shop') }));
    expect(byName(pre.checks, 'Connections')).toMatchObject({ level: 'warning', detail: expect.stringContaining('till-app (1)') });
    expect(pre.canStart).toBe(true);

    const wrong = await service.call('backups.restore', { id: backupId, mode: 'replace', confirm: 'Shop', target: target('shop') });
    expect(wrong).toMatchObject({ error: { code: 'BAD_INPUT', message: expect.stringContaining('"Shop", does not match'), details: { field: 'confirm' } } });
    expect(await contentHash('shop')).toBe(before);

    // Data changed after the backup: the replace brings back the backup's rows.
    await cluster().query('DELETE FROM orders WHERE id > 2500', 'shop');
    const changedHash = await contentHash('shop');
    const done = result(await service.call('backups.restore', { id: backupId, mode: 'replace', confirm: 'shop', target: target('shop') }));
    expect(done.mode).toBe('replace');
    expect(done.report.mismatches).toEqual([]);
    expect(done.keptAs).toMatch(/^shop_before_restore_/);
    expect(await contentHash('shop')).toBe(before);
    expect(await contentHash(done.keptAs!)).toBe(changedHash);
    await session.end().catch(() => undefined);

    const kept = result(await service.call('restore.keptList', {}));
    expect(kept.kept).toEqual([expect.objectContaining({ server: `postgres@127.0.0.1:${cluster().port}`, name: done.keptAs, original: 'shop' })]);
    const refused = await service.call('restore.keptDrop', { server: kept.kept[0]!.server, name: done.keptAs!, confirm: 'shop' });
    expect(refused).toMatchObject({ error: { code: 'BAD_INPUT' } });
    const notKept = await service.call('restore.keptDrop', { server: kept.kept[0]!.server, name: 'shop', confirm: 'shop' });
    expect(notKept).toMatchObject({ error: { code: 'BAD_INPUT', message: expect.stringContaining('not a database kept by a replace') } });
    result(await service.call('restore.keptDrop', { server: kept.kept[0]!.server, name: done.keptAs!, confirm: done.keptAs! }));
    expect(result(await service.call('restore.keptList', {})).kept).toEqual([]);
  });

  it('selective: two tables into a new database, then one table replaced inside the existing database', async () => {
    const picked = result(await service.call('backups.restore', { id: backupId, target: target('shop_two'), tables: ['public.orders', 'public.customers'], jobs: 2 }));
    expect(picked.report.mismatches).toEqual([]);
    const tables = (await cluster().query("SELECT table_schema || '.' || table_name AS t FROM information_schema.tables WHERE table_schema IN ('public', 'sales') ORDER BY 1", 'shop_two')).rows.map((r) => r['t']);
    expect(tables).toEqual(['public.customers', 'public.orders']);

    await cluster().query("UPDATE sales.notes SET body = 'scribbled'", 'shop');
    const into = result(await service.call('backups.restore', { id: backupId, mode: 'existing', target: target('shop'), tables: ['sales.notes'], replaceTables: true }));
    expect(into.mode).toBe('existing');
    expect((await cluster().query("SELECT count(*)::int AS n FROM sales.notes WHERE body = 'scribbled'", 'shop')).rows[0]!['n']).toBe(0);
  });

  it('another server without the roles: "also restore roles" creates them first, and ownership is restored', async () => {
    const onOther = { ...target('shop', blank().port), password: blank().password };
    const withRoles = result(await service.call('backups.restore', { id: backupId, globals: true, target: onOther }));
    expect(withRoles.roles?.created).toContain('clerk');
    expect(withRoles.report.mismatches).toEqual([]);
    expect((await blank().query("SELECT tableowner FROM pg_tables WHERE schemaname = 'sales' AND tablename = 'notes'", 'shop')).rows[0]!['tableowner']).toBe('clerk');
  });

  it('an older server: refused before anything is created', async () => {
    const refused = await service.call('backups.restore', { id: backupId, target: { ...target('shop_old', older().port), password: older().password } });
    expect(refused).toMatchObject({ error: { code: 'PG_VERSION_MISMATCH' } });
    expect((await older().query("SELECT count(*)::int AS n FROM pg_database WHERE datname = 'shop_old'")).rows[0]!['n']).toBe(0);
  });

  it('opens a legacy file (pg_dump | gzip) and restores it whole; other modes are refused', async () => {
    const legacyDir = path.join(ws.root, 'old-backups');
    mkdirSync(legacyDir);
    const sql = execFileSync('/usr/lib/postgresql/15/bin/pg_dump', ['-h', '127.0.0.1', '-p', String(cluster().port), '-U', 'postgres', '--no-owner', '-t', 'customers', 'shop'], { env: { ...process.env, PGPASSWORD: cluster().password } });
    const file = path.join(legacyDir, 'shop_20240115_030000.sql.gz');
    writeFileSync(file, gzipSync(sql));
    const opened = result(await service.call('backups.openFile', { path: file }));
    expect(opened.how).toBe('imported');
    expect(opened.backup).toMatchObject({ job: 'imported', status: 'succeeded', encryptionKind: 'none' });
    const refused = await service.call('backups.restore', { id: opened.backup.id, mode: 'replace', confirm: 'shop', target: target('shop') });
    expect(refused).toMatchObject({ error: { code: 'BAD_INPUT', message: expect.stringContaining('imported') } });
    const restored = result(await service.call('backups.restore', { id: opened.backup.id, target: target('shop_legacy') }));
    expect(restored.report.mismatches).toEqual([]);
    expect((await cluster().query('SELECT count(*)::int AS n FROM customers', 'shop_legacy')).rows[0]!['n']).toBe(200);

    const relative = await service.call('backups.openFile', { path: 'old-backups/x.sql' });
    expect(relative).toMatchObject({ error: { code: 'BAD_INPUT', details: { field: 'path' } } });
    const folder = await service.call('backups.openFile', { path: legacyDir });
    expect(folder).toMatchObject({ error: { code: 'BAD_INPUT', message: expect.stringContaining('is a folder') } });
  });

  it('a fresh install with an empty catalog: browse the destination, or open one backup file, then restore', async () => {
    const fresh = createWorkspace();
    const store = new MemorySecretStore();
    const other = createLifeboatService({ host: 'serve' }, { dataDir: fresh.home, secrets: store });
    try {
      expect(result(await other.call('backups.list', {})).total).toBe(0);
      const browsed = result(await other.call('destinations.browse', { spec: ws.dest }));
      expect(browsed).toMatchObject({ found: 1, added: 1 });
      expect(result(await other.call('backups.get', { id: backupId })).backup.status).toBe('succeeded');
      // No saved passphrase on this machine: the admin types it.
      const noKey = await other.call('backups.restore', { id: backupId, target: { ...target('shop_dr'), password: cluster().password } });
      expect(noKey).toMatchObject({ error: { code: 'DECRYPT_NO_KEY', fix: 'Enter the passphrase to read this backup.' } });
      const restored = result(await other.call('backups.restore', { id: backupId, keys: { passphrase: 'correct horse battery staple' }, noOwner: true, target: { ...target('shop_dr'), password: cluster().password } }));
      expect(restored.report.mismatches).toEqual([]);
      expect(await contentHash('shop_dr')).toBe(await contentHash('shop'));

      const dumpFile = ws.files(ws.dest).find((f) => f.endsWith('.dump.zst.age'));
      const again = result(await other.call('backups.openFile', { path: path.join(ws.dest, dumpFile!) }));
      expect(again).toMatchObject({ how: 'catalogued-folder', backup: { id: backupId } });
    } finally {
      await other.close();
      fresh.cleanup();
    }
  });
});

