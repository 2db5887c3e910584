// The failures an admin actually meets, each with a message that names the cause:
// permission denied (naming the table or sequence), lock timeout, version mismatch;
// and a non-superuser backup that succeeds with a warning about roles.
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupRecord } from '../../src-shared/types';
import { connectionHandlers } from '../../src-main/service/handlers/connection';
import type { ServiceContext } from '../../src-main/service/context';
import { runCli } from '../helpers/cli';
import { useCluster } from '../helpers/clusters';
import { createWorkspace, type Workspace } from '../helpers/workspace';

describe('PostgreSQL failures explained (PostgreSQL 15)', () => {
  const cluster = useCluster(15);
  let ws: Workspace;
  const ROLE_PASSWORD = 'reader-pass-7781';
  const url = (db: string, user = 'postgres') => `postgres://${user}@127.0.0.1:${cluster().port}/${db}`;
  const backup = (db: string, user: string, password: string, extra: string[] = []) =>
    runCli(['backup', '--db', url(db, user), '--to', ws.dest, '--recipient', ws.recipient, '--json', ...extra], { LIFEBOAT_HOME: ws.home, PGPASSWORD: password });

  beforeAll(async () => {
    ws = createWorkspace();
    await cluster().query(`CREATE ROLE reader LOGIN PASSWORD '${ROLE_PASSWORD}'`);
    await cluster().query('CREATE DATABASE office OWNER postgres');
    await cluster().query(
      `CREATE TABLE customers (id int PRIMARY KEY, name text);
       INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 100) g;
       CREATE SEQUENCE invoice_no;
       GRANT SELECT ON customers TO reader;`,
      'office',
    );
    await cluster().query('CREATE DATABASE payroll_db');
    await cluster().query('CREATE TABLE payroll (id int, amount numeric); GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO reader', 'payroll_db');
  });
  afterAll(() => ws?.cleanup());

  it('permission denied for a table names the table and the grant', async () => {
    const res = await backup('payroll_db', 'reader', ROLE_PASSWORD);
    expect(res.code).toBe(1);
    expect(res.json().error?.code).toBe('PG_PERMISSION_DENIED');
    expect(res.stderr).toContain('table "payroll"');
    expect(res.stderr).toContain('GRANT SELECT ON payroll TO "reader"');
  });

  it('permission denied for a sequence fails the backup and names the sequence', async () => {
    const res = await backup('office', 'reader', ROLE_PASSWORD);
    expect(res.code).toBe(1);
    expect(['PG_PERMISSION_DENIED', 'PG_DUMP_INCOMPLETE']).toContain(res.json().error?.code);
    expect(res.stderr).toContain('invoice_no');
  });

  it('a non-superuser who can read everything backs up, with a warning about roles', async () => {
    await cluster().query('GRANT SELECT ON SEQUENCE invoice_no TO reader', 'office');
    const res = await backup('office', 'reader', ROLE_PASSWORD);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const record = res.json().backup as BackupRecord;
    expect(record.status).toBe('succeeded');
    expect(record.warnings.join(' ')).toMatch(/Roles were saved without their passwords|Roles and tablespaces were not saved/);
  });

  it('a table locked longer than the lock timeout fails with PG_LOCK_TIMEOUT naming the cause', async () => {
    const locker = new pg.Client({ connectionString: cluster().url('office') });
    await locker.connect();
    try {
      await locker.query('BEGIN; LOCK TABLE customers IN ACCESS EXCLUSIVE MODE');
      const res = await backup('office', 'postgres', cluster().password, ['--lock-timeout', '1']);
      expect(res.code).toBe(1);
      expect(res.json().error?.code).toBe('PG_LOCK_TIMEOUT');
      expect(res.stderr).toMatch(/lock.*not released in time/);
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
  });
});

describe('a server newer than every pg_dump (PostgreSQL 16 against pg_dump 15)', () => {
  const cluster = useCluster(16);
  let ws: Workspace;
  beforeAll(async () => {
    ws = createWorkspace();
    await cluster().query('CREATE DATABASE modern');
  });
  afterAll(() => ws?.cleanup());

  it('fails before dumping, naming the server version, the tools found and how to get newer ones', async () => {
    const dest = path.join(ws.root, 'd16');
    mkdirSync(dest);
    const res = await runCli(['backup', '--db', `postgres://postgres@127.0.0.1:${cluster().port}/modern`, '--to', dest, '--recipient', ws.recipient, '--json'], {
      LIFEBOAT_HOME: ws.home,
      PGPASSWORD: cluster().password,
    });
    expect(res.code).toBe(1);
    expect(res.json().error?.code).toBe('PG_VERSION_MISMATCH');
    expect(res.stderr).toMatch(/PostgreSQL 16\.\d+/);
    expect(res.stderr).toContain('15.');
    expect(res.stderr).toContain('/usr/lib/postgresql/15/bin');
    expect(res.stderr).toMatch(/postgresql-client-16/);
    expect(ws.files(dest)).toEqual([]);
    // The attempt is in the history as a failure, with the reason.
    const list = await runCli(['list', '--json'], { LIFEBOAT_HOME: ws.home });
    const failed = list.json().backups as Array<{ status: string; error: { code: string; fix?: string } | null }>;
    expect(failed.map((b) => [b.status, b.error?.code])).toEqual([['failed', 'PG_VERSION_MISMATCH']]);
    // …and with what to do about it, as the History drawer shows it.
    expect(failed[0]!.error?.fix).toMatch(/postgresql-client-16/);
  });

  it('“Test connection” still connects and lists the databases, with a warning that backups would fail', async () => {
    const test = connectionHandlers['connection.test'];
    const res = await test({} as ServiceContext, { host: '127.0.0.1', port: cluster().port, user: 'postgres', password: cluster().password, database: 'postgres' });
    expect(res.serverVersion).toMatch(/^16\./);
    expect(res.databases).toContain('modern');
    expect(res.toolVersion).toMatch(/^15\./);
    expect(res.warning).toMatch(/^The server runs PostgreSQL 16\.\d+, but the newest pg_dump found is 15/);
    expect(res.warning).toContain('postgresql-client-16');
  });
});
