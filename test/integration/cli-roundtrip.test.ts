// The main job end to end through the real CLI: backup → list/show → verify → restore into a
// new database with matching row counts, and the stock-tools recovery path.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSampleBusinessData } from '../../src-main/demo/sample-data';
import type { BackupRecord, RestoreReport } from '../../src-shared/types';
import { runCli } from '../helpers/cli';
import { useCluster } from '../helpers/clusters';
import { createWorkspace, type Workspace } from '../helpers/workspace';

describe('lifeboat CLI round trip (PostgreSQL 15)', () => {
  const cluster = useCluster(15);
  let ws: Workspace;
  let env: NodeJS.ProcessEnv;
  let tables: Record<string, number>;
  let backup: BackupRecord;

  beforeAll(async () => {
    ws = createWorkspace();
    env = { LIFEBOAT_HOME: ws.home, PGPASSWORD: cluster().password };
    await cluster().query('CREATE DATABASE shop');
    tables = (await loadSampleBusinessData(cluster(), 'shop', { scale: 1 })).tables;
  });
  afterAll(() => ws?.cleanup());

  const url = (db: string) => `postgres://postgres@127.0.0.1:${cluster().port}/${db}`;

  it('backs up to a folder and records a succeeded run with one present copy', async () => {
    const res = await runCli(['backup', '--db', url('shop'), '--to', ws.dest, '--recipient', ws.recipient, '--json'], env);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    backup = res.json().backup as BackupRecord;
    expect(backup.status).toBe('succeeded');
    expect(backup.copies).toEqual([expect.objectContaining({ destinationId: `folder:${ws.dest}`, status: 'present' })]);
    expect(backup.storedBytes).toBeLessThan(backup.dumpBytes!);
    const stored = ws.files();
    expect(stored).toHaveLength(3);
    expect(stored.every((f) => f.startsWith('adhoc/shop/'))).toBe(true);
    expect(stored.map((f) => f.replace(/^.*\/shop_\d{8}T\d{6}Z_[0-9a-z]{13}/, ''))).toEqual(['.dump.zst.age', '.globals.sql.zst.age', '.manifest.json']);
  });

  it('lists and shows the backup', async () => {
    const list = await runCli(['list', '--json'], env);
    expect(list.code).toBe(0);
    expect((list.json().backups as BackupRecord[]).map((b) => b.id)).toEqual([backup.id]);
    const show = await runCli(['show', backup.id.slice(0, 6)], env);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain(`Backup ${backup.id}`);
    expect(show.stdout).toMatch(/copy\s+present/);
  });

  it('manifest names no secrets and no tables, and lists sizes and hashes of the stored files', () => {
    const manifestFile = ws.files().find((f) => f.endsWith('.manifest.json'))!;
    const text = readFileSync(path.join(ws.dest, manifestFile), 'utf8');
    const manifest = JSON.parse(text);
    expect(manifest.files.map((f: { role: string }) => f.role)).toEqual(['dump', 'globals']);
    expect(manifest.encryption.recipients).toEqual([ws.recipient]);
    for (const table of Object.keys(tables)) expect(text).not.toContain(table);
    expect(text).not.toContain(cluster().password);
    expect(text).not.toContain('AGE-SECRET-KEY');
  });

  it('verifies: hash, full decryption and the archive table of contents', async () => {
    const res = await runCli(['verify', backup.id, '--identity', ws.keyFile, '--json'], env);
    expect(res.code).toBe(0);
    const verify = res.json().verify as { hashChecked: boolean; tableDataEntries: number; dumpBytes: number };
    expect(verify.hashChecked).toBe(true);
    expect(verify.dumpBytes).toBe(backup.dumpBytes);
    expect(verify.tableDataEntries).toBe(Object.keys(tables).length);
  });

  it('restores into a new database with every row count matching', async () => {
    const res = await runCli(['restore', backup.id, '--db', url('shop_restored'), '--identity', ws.keyFile, '--json'], env);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const report = res.json().restore as RestoreReport;
    expect(report.mismatches).toEqual([]);
    expect(report.tablesChecked).toBe(Object.keys(tables).length);
    for (const [table, rows] of Object.entries(tables)) {
      const got = await cluster().query(`SELECT count(*)::int AS n FROM ${table}`, 'shop_restored');
      expect(got.rows[0].n).toBe(rows);
    }
  });

  it('refuses to restore over an existing database and leaves it untouched', async () => {
    const before = await cluster().query('SELECT count(*)::int AS n FROM customers', 'shop');
    const res = await runCli(['restore', backup.id, '--db', url('shop'), '--identity', ws.keyFile], env);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/already exists.*not touched/);
    const after = await cluster().query('SELECT count(*)::int AS n FROM customers', 'shop');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('restores by file path, with no catalog at all', async () => {
    const file = path.join(ws.dest, ws.files().find((f) => f.endsWith('.dump.zst.age'))!);
    const res = await runCli(['restore', file, '--db', url('shop_from_file'), '--identity', ws.keyFile, '--json'], { ...env, LIFEBOAT_HOME: path.join(ws.root, 'fresh-home') });
    expect(res.code).toBe(0);
    expect((res.json().restore as RestoreReport).mismatches).toEqual([]);
  });

  it('restores by hand with the stock tools: age -d | zstd -d | pg_restore', async () => {
    const file = path.join(ws.dest, ws.files().find((f) => f.endsWith('.dump.zst.age'))!);
    await cluster().query('CREATE DATABASE shop_by_hand');
    const pgEnv = { ...process.env, PGPASSWORD: cluster().password };
    execFileSync('bash', ['-o', 'pipefail', '-c', `age -d -i "$KEY" "$FILE" | zstd -d | /usr/lib/postgresql/15/bin/pg_restore --exit-on-error -h 127.0.0.1 -p "$PORT" -U postgres -d shop_by_hand`], {
      env: { ...pgEnv, KEY: ws.keyFile, FILE: file, PORT: String(cluster().port) },
    });
    const got = await cluster().query('SELECT count(*)::int AS n FROM invoice_lines', 'shop_by_hand');
    expect(got.rows[0].n).toBe(tables.invoice_lines);
  });

  it('the globals file decrypts to the roles of the server', async () => {
    const file = path.join(ws.dest, ws.files().find((f) => f.endsWith('.globals.sql.zst.age'))!);
    const sql = execFileSync('bash', ['-o', 'pipefail', '-c', 'age -d -i "$KEY" "$FILE" | zstd -d'], { env: { ...process.env, KEY: ws.keyFile, FILE: file } }).toString();
    expect(sql).toContain('CREATE ROLE postgres');
  });
});
