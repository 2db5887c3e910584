// Faults: a killed backup, damaged files, wrong keys and bad inputs never produce a
// "succeeded" run, a file under a final name, or a half-made database.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupsRepo } from '../../src-main/catalog/backups-repo';
import { openCatalogDb } from '../../src-main/catalog/open-catalog';
import type { BackupRecord } from '../../src-shared/types';
import { createBigTable } from '../helpers/big-table';
import { runCli, startCli } from '../helpers/cli';
import { useCluster } from '../helpers/clusters';
import { makeReadOnly } from '../helpers/read-only-folder';
import { createWorkspace, type Workspace } from '../helpers/workspace';

describe('faults (PostgreSQL 15)', () => {
  const cluster = useCluster(15);
  let ws: Workspace;
  let env: NodeJS.ProcessEnv;
  const url = (db: string, port = cluster().port) => `postgres://postgres@127.0.0.1:${port}/${db}`;
  const databaseExists = async (name: string) => (await cluster().query(`SELECT 1 FROM pg_database WHERE datname = '${name}'`)).rowCount === 1;

  beforeAll(async () => {
    ws = createWorkspace();
    env = { LIFEBOAT_HOME: ws.home, PGPASSWORD: cluster().password };
    await cluster().query('CREATE DATABASE small');
    await cluster().query('CREATE TABLE t (id int PRIMARY KEY, note text); INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 5000) g', 'small');
    await cluster().query('CREATE DATABASE big');
    await createBigTable(cluster(), 'big', 150);
  });
  afterAll(() => ws?.cleanup());

  it('SIGKILL during a backup leaves no file under a final name and no succeeded run', async () => {
    const { child, result } = startCli(['backup', '--db', url('big'), '--to', ws.dest, '--recipient', ws.recipient, '--compression-level', '19'], env);
    // Wait until the dump is streaming into its .partial file, then kill the whole CLI.
    const deadline = Date.now() + 60_000;
    while (!ws.files().some((f) => f.endsWith('.partial')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    expect(ws.files().some((f) => f.endsWith('.partial'))).toBe(true);
    child.kill('SIGKILL');
    await result;
    expect(ws.files().filter((f) => !f.endsWith('.partial'))).toEqual([]);

    const repo = new BackupsRepo(openCatalogDb(ws.home));
    const runs = repo.list();
    expect(runs).toHaveLength(1);
    expect(runs[0]!.status).toBe('interrupted');
    const list = await runCli(['list', '--json'], env);
    expect((list.json().backups as BackupRecord[]).map((b) => b.status)).toEqual(['interrupted']);
  });

  describe('with a good backup', () => {
    let backup: BackupRecord;
    let dumpPath: string;
    beforeAll(async () => {
      const dest = path.join(ws.root, 'good');
      mkdirSync(dest, { recursive: true });
      const res = await runCli(['backup', '--db', url('small'), '--to', dest, '--recipient', ws.recipient, '--json'], env);
      expect(res.code).toBe(0);
      backup = res.json().backup as BackupRecord;
      dumpPath = path.join(dest, backup.copies[0]!.prefix, backup.files.find((f) => f.role === 'dump')!.name);
    });

    it('the wrong key fails with a clear error and creates no database', async () => {
      const other = createWorkspace();
      try {
        const res = await runCli(['restore', backup.id, '--db', url('wrong_key'), '--identity', other.keyFile, '--json'], env);
        expect(res.code).toBe(1);
        expect(res.json().error?.code).toBe('DECRYPT_WRONG_KEY');
        expect(res.stderr).toMatch(/^lifeboat: .*key.*\n$/);
        expect(await databaseExists('wrong_key')).toBe(false);
      } finally {
        other.cleanup();
      }
    });

    it('no key at all says which kind of key is needed', async () => {
      const res = await runCli(['restore', backup.id, '--db', url('no_key'), '--json'], env);
      expect(res.code).toBe(1);
      expect(res.json().error?.code).toBe('DECRYPT_NO_KEY');
      expect(await databaseExists('no_key')).toBe(false);
    });

    it('a flipped byte fails verify and restore, naming the file, and leaves no database', async () => {
      const original = readFileSync(dumpPath);
      const damaged = Buffer.from(original);
      damaged[Math.floor(damaged.length / 2)]! ^= 0x01;
      writeFileSync(dumpPath, damaged);
      try {
        const verify = await runCli(['verify', backup.id, '--identity', ws.keyFile, '--json'], env);
        expect(verify.code).toBe(1);
        expect(verify.json().error?.code).toBe('DECRYPT_CORRUPT');
        expect(verify.stderr).toContain(path.basename(dumpPath));

        const restore = await runCli(['restore', dumpPath, '--db', url('flipped'), '--identity', ws.keyFile, '--json'], env);
        expect(restore.code).toBe(1);
        expect(restore.json().error?.code).toBe('DECRYPT_CORRUPT');
        expect(restore.stderr).toContain(path.basename(dumpPath));
        expect(await databaseExists('flipped')).toBe(false);

        // By id, the copy verify found damaged is not used again: there is no other copy.
        const byId = await runCli(['restore', backup.id, '--db', url('flipped'), '--identity', ws.keyFile, '--json'], env);
        expect(byId.code).toBe(1);
        expect(byId.stderr).toMatch(/No good copy.*corrupt/);
        expect(await databaseExists('flipped')).toBe(false);
      } finally {
        writeFileSync(dumpPath, original);
      }
      // The damaged copy was marked corrupt and is not used again until a scrub finds it good.
      const marked = await runCli(['verify', backup.id, '--identity', ws.keyFile], env);
      expect(marked.code).toBe(1);
      expect(marked.stderr).toMatch(/No good copy.*corrupt/);
      const scrubbed = await runCli(['scrub', '--json'], env);
      expect(scrubbed.code).toBe(0);
      const again = await runCli(['verify', backup.id, '--identity', ws.keyFile], env);
      expect(again.code).toBe(0);
    });

    it('a truncated file fails restore and leaves no database', async () => {
      const original = readFileSync(dumpPath);
      writeFileSync(dumpPath, original.subarray(0, original.length - 1000));
      try {
        const restore = await runCli(['restore', dumpPath, '--db', url('truncated'), '--identity', ws.keyFile, '--json'], env);
        expect(restore.code).toBe(1);
        expect(['DECRYPT_CORRUPT', 'HASH_MISMATCH']).toContain(restore.json().error?.code);
        expect(await databaseExists('truncated')).toBe(false);
      } finally {
        writeFileSync(dumpPath, original);
      }
    });
  });

  describe('bad inputs: exit 1, a specific message, nothing written', () => {
    let dest: string;
    let home: string;
    beforeAll(async () => {
      dest = path.join(ws.root, 'untouched');
      home = path.join(ws.root, 'home-bad');
      mkdirSync(dest);
    });

    const cases: Array<[string, () => string[], string, RegExp, NodeJS.ProcessEnv?]> = [
      ['a malformed URL', () => ['--db', 'postgres//nope'], 'BAD_INPUT', /not a valid connection URL/],
      ['an unreachable server', () => ['--db', url('small', 1)], 'PG_UNREACHABLE', /Cannot reach the PostgreSQL server at 127\.0\.0\.1:1/],
      ['a missing database', () => ['--db', url('no_such_db')], 'PG_DB_MISSING', /"no_such_db" does not exist/],
      ['a wrong password', () => ['--db', url('small')], 'PG_AUTH_FAILED', /Password authentication failed for user "postgres"/, { PGPASSWORD: 'wrong' }],
    ];
    it.each(cases)('%s', async (_name, dbArgs, code, message, extraEnv) => {
      const res = await runCli(['backup', ...dbArgs(), '--to', dest, '--recipient', ws.recipient, '--json'], { ...env, LIFEBOAT_HOME: home, ...extraEnv });
      expect(res.code).toBe(1);
      expect(res.json().error?.code).toBe(code);
      expect(res.stderr).toMatch(message);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(ws.files(dest)).toEqual([]);
      const list = await runCli(['list', '--json'], { ...env, LIFEBOAT_HOME: home });
      expect((list.json().backups as BackupRecord[]).filter((b) => b.status === 'succeeded')).toEqual([]);
    });

    it('an unwritable destination', async () => {
      const undo = makeReadOnly(dest);
      try {
        const res = await runCli(['backup', '--db', url('small'), '--to', dest, '--recipient', ws.recipient, '--json'], { ...env, LIFEBOAT_HOME: home });
        expect(res.code).toBe(1);
        expect(res.json().error?.code).toBe('DEST_NOT_WRITABLE');
        expect(res.stderr).toContain(dest);
      } finally {
        undo();
      }
      expect(ws.files(dest)).toEqual([]);
    });

    it('a missing destination folder (NAS not mounted) is not created', async () => {
      const missing = path.join(ws.root, 'nas-not-mounted');
      const res = await runCli(['backup', '--db', url('small'), '--to', missing, '--recipient', ws.recipient, '--json'], { ...env, LIFEBOAT_HOME: home });
      expect(res.code).toBe(1);
      expect(res.json().error?.code).toBe('DEST_NOT_FOUND');
      expect(existsSync(missing)).toBe(false);
    });

    it('no encryption key is bad usage of a kind the user can fix', async () => {
      const res = await runCli(['backup', '--db', url('small'), '--to', dest], { ...env, LIFEBOAT_HOME: home });
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(/Every backup is encrypted.*lifeboat keygen/);
    });

    it('unknown options exit 2', async () => {
      const res = await runCli(['backup', '--bogus'], { ...env, LIFEBOAT_HOME: home });
      expect(res.code).toBe(2);
    });
  });
});
