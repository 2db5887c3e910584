// One backup, several copies: a destination that fails mid-write is marked failed while the
// other copy succeeds (degraded); sync heals it; scrub finds damage; restores use a good copy;
// the catalog is rebuilt from the destinations alone.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupRecord, RestoreReport } from '../../src-shared/types';
import { createBigTable } from '../helpers/big-table';
import { runCli, startCli } from '../helpers/cli';
import { useCluster } from '../helpers/clusters';
import { mountSmallFolder } from '../helpers/read-only-folder';
import { createWorkspace, type Workspace } from '../helpers/workspace';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('several copies of one backup (PostgreSQL 15, folders)', () => {
  const cluster = useCluster(15);
  let ws: Workspace;
  let env: NodeJS.ProcessEnv;
  let nas: string;
  let usb: string;
  const url = (db: string) => `postgres://postgres@127.0.0.1:${cluster().port}/${db}`;
  const dumpOf = (root: string, b: BackupRecord) => path.join(root, b.copies[0]!.prefix, b.files.find((f) => f.role === 'dump')!.name);

  beforeAll(async () => {
    ws = createWorkspace();
    env = { LIFEBOAT_HOME: ws.home, PGPASSWORD: cluster().password };
    nas = path.join(ws.root, 'nas');
    usb = path.join(ws.root, 'usb');
    mkdirSync(nas);
    mkdirSync(usb);
    await cluster().query('CREATE DATABASE accounts');
    await cluster().query("CREATE TABLE ledger (id int PRIMARY KEY, memo text); INSERT INTO ledger SELECT g, md5(g::text) || md5((g*7)::text) FROM generate_series(1, 60000) g", 'accounts');
  });
  afterAll(() => ws?.cleanup());

  const backup = async (...dests: string[]) => {
    const res = await runCli(['backup', '--db', url('accounts'), ...dests.flatMap((d) => ['--to', d]), '--recipient', ws.recipient, '--json'], env);
    expect(res.code, res.stderr).toBe(0);
    return res.json().backup as BackupRecord;
  };

  it('a destination that fills up mid-write fails alone; the backup succeeds degraded; sync heals it', async () => {
    const full = path.join(ws.root, 'full');
    mkdirSync(full);
    const tmpfs = mountSmallFolder(full, 256 * 1024);
    try {
      const res = await runCli(['backup', '--db', url('accounts'), '--to', nas, '--to', full, '--recipient', ws.recipient, '--json'], env);
      expect(res.code, res.stderr).toBe(0);
      const record = res.json().backup as BackupRecord;
      expect(record.status).toBe('succeeded');
      expect(record.health).toBe('degraded');
      const failed = record.copies.find((c) => c.destinationId === `folder:${full}`)!;
      expect(failed.status).toBe('failed');
      expect(failed.errorMessage).toMatch(/full/);
      expect(ws.files(full)).toEqual([]); // no partial file left behind
      expect(ws.files(nas)).toHaveLength(3);

      tmpfs.resize(64 * 1024 * 1024);
      const sync = await runCli(['sync', '--json'], env);
      expect(sync.code, sync.stdout).toBe(0);
      expect((sync.json().healed as unknown[]).length).toBe(1);
      const show = await runCli(['show', record.id, '--json'], env);
      const healed = show.json().backup as BackupRecord;
      expect(healed.health).toBe('complete');
      expect(ws.files(full)).toEqual(ws.files(nas));
      for (const f of ws.files(nas)) expect(sha(path.join(full, f))).toBe(sha(path.join(nas, f)));
    } finally {
      tmpfs.unmount();
    }
  });

  it('a destination folder removed mid-write fails alone', async () => {
    await cluster().query('CREATE DATABASE big');
    await createBigTable(cluster(), 'big', 120);
    const gone = path.join(ws.root, 'gone');
    mkdirSync(gone);
    const { result } = startCli(['backup', '--db', url('big'), '--to', nas, '--to', gone, '--recipient', ws.recipient, '--compression-level', '9', '--json'], env);
    const deadline = Date.now() + 60_000;
    while (!ws.files(gone).some((f) => f.endsWith('.partial')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    rmSync(gone, { recursive: true, force: true });
    const res = await result;
    expect(res.code, res.stderr).toBe(0);
    const record = res.json().backup as BackupRecord;
    expect(record.health).toBe('degraded');
    expect(record.copies.find((c) => c.destinationId === `folder:${gone}`)?.status).toBe('failed');
    expect(record.copies.find((c) => c.destinationId === `folder:${nas}`)?.status).toBe('present');
  });

  it('scrub finds a flipped byte and a deleted file; restore uses the good copy; sync repairs', async () => {
    const record = await backup(nas, usb);
    const nasDump = dumpOf(nas, record);
    const usbDump = dumpOf(usb, record);
    const bytes = readFileSync(nasDump);
    bytes[bytes.length >> 1]! ^= 0x40;
    writeFileSync(nasDump, bytes);

    const scrub1 = await runCli(['scrub', '--json'], env);
    expect(scrub1.code).toBe(1);
    const problems1 = scrub1.json().problems as Array<{ backupId: string; destinationId: string; after: string }>;
    expect(problems1).toContainEqual(expect.objectContaining({ backupId: record.id, destinationId: `folder:${nas}`, after: 'corrupt' }));

    // The local (preferred) copy is corrupt, so the restore reads the other one.
    const restore = await runCli(['restore', record.id, '--db', url('accounts_from_usb'), '--identity', ws.keyFile, '--json'], env);
    expect(restore.code, restore.stderr).toBe(0);
    expect((restore.json().restore as RestoreReport).mismatches).toEqual([]);

    unlinkSync(usbDump);
    const scrub2 = await runCli(['scrub', '--json'], env);
    const problems2 = scrub2.json().problems as Array<{ backupId: string; destinationId: string; after: string }>;
    expect(problems2).toContainEqual(expect.objectContaining({ backupId: record.id, destinationId: `folder:${usb}`, after: 'missing' }));
    const none = await runCli(['restore', record.id, '--db', url('accounts_nothing'), '--identity', ws.keyFile], env);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/No good copy/);

    // With one copy repaired by hand (say, from tape), sync re-creates the other.
    writeFileSync(nasDump, readFileSync(nasDump).map((b, i) => (i === bytes.length >> 1 ? b ^ 0x40 : b)));
    expect((await runCli(['scrub'], env)).code).toBe(1); // usb still missing
    const sync = await runCli(['sync', '--json'], env);
    // (The folder removed in the previous test is still gone, so that earlier copy cannot heal.)
    expect(sync.json().healed).toContainEqual(expect.objectContaining({ backupId: record.id, destinationId: `folder:${usb}`, from: `folder:${nas}` }));
    expect(sha(usbDump)).toBe(sha(nasDump));
    const scrub3 = await runCli(['scrub', '--json'], env);
    expect((scrub3.json().problems as Array<{ backupId: string }>).filter((p) => p.backupId === record.id)).toEqual([]);
  });

  it('the catalog is rebuilt from the destinations after the data dir is lost, then restores', async () => {
    const before = (await runCli(['list', '--json'], env)).json().backups as BackupRecord[];
    const succeeded = before.filter((b) => b.status === 'succeeded');
    rmSync(ws.home, { recursive: true, force: true });

    const first = await runCli(['catalog', 'rebuild', '--from', nas, '--json'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.json().rebuild).toMatchObject({ added: succeeded.length, merged: 0, skipped: [] });
    const again = await runCli(['catalog', 'rebuild', '--from', nas, '--json'], env);
    expect(again.json().rebuild).toMatchObject({ added: 0, merged: succeeded.length });
    const usbRebuild = await runCli(['catalog', 'rebuild', '--from', usb, '--json'], env);
    expect(usbRebuild.code).toBe(0);

    const after = (await runCli(['list', '--json'], env)).json().backups as BackupRecord[];
    expect(after.map((b) => b.id).sort()).toEqual(succeeded.map((b) => b.id).sort());
    const both = after.find((b) => b.copies.length === 2)!;
    expect(both.copies.map((c) => c.destinationId).sort()).toEqual([`folder:${nas}`, `folder:${usb}`]);

    const restore = await runCli(['restore', both.id, '--db', url('accounts_rebuilt'), '--identity', ws.keyFile, '--json'], env);
    expect(restore.code, restore.stderr).toBe(0);
    expect((restore.json().restore as RestoreReport).mismatches).toEqual([]);
    expect((await cluster().query('SELECT count(*)::int AS n FROM ledger', 'accounts_rebuilt')).rows[0].n).toBe(60000);
  });
});
