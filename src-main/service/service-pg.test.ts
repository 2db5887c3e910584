// The service end to end against a real PostgreSQL 15 and real folders, only through
// service.call and its events: test a connection, save a destination and a key-pair job, run
// it now and watch its progress, find it in the history, verify it, restore it into a new
// database with the same row counts, cancel a running backup, and a passphrase job.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEnvelope, ApiEvents, ApiMethod, ApiResponse, WorkItem } from '../../src-shared/api';
import type { JobConfigInput } from '../../src-shared/job';
import { secretRefs } from '../secrets/secret-store';
import { createBigTable } from '../../test/helpers/big-table';
import { useCluster } from '../../test/helpers/clusters';
import { createWorkspace, type Workspace } from '../../test/helpers/workspace';
import { createLifeboatService } from './create-service';
import { MemorySecretStore } from './memory-secret-store';
import type { LifeboatService } from './service-types';

function result<M extends ApiMethod>(envelope: ApiEnvelope<M>): ApiResponse<M> {
  if ('error' in envelope) throw new Error(`expected a result, got ${JSON.stringify(envelope.error)}`);
  return envelope.result;
}

async function until(what: string, check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Polls an async condition (a query through the service) until it holds. */
async function untilAsync(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('service end to end (PostgreSQL 15)', () => {
  const cluster = useCluster(15);
  let ws: Workspace;
  let store: MemorySecretStore;
  let service: LifeboatService;
  const workEvents: WorkItem[][] = [];
  const changed: Array<ApiEvents['changed']['what']> = [];
  const busy: boolean[] = [];
  const counts = async (database: string) =>
    (await cluster().query("SELECT (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM big) AS big", database)).rows[0];

  const job = (name: string, database: string, encryption: JobConfigInput['encryption'], extra: Partial<JobConfigInput> = {}): JobConfigInput => ({
    name,
    source: { host: '127.0.0.1', port: cluster().port, user: 'postgres', databases: { mode: 'list', names: [database] } },
    schedule: { spec: { kind: 'daily', time: '02:30' }, timeZone: 'Europe/Berlin', catchUp: true },
    destinations: ['nas'],
    encryption,
    ...extra,
  });

  beforeAll(async () => {
    ws = createWorkspace();
    store = new MemorySecretStore();
    service = createLifeboatService({ host: 'serve', onBusyChange: (b) => busy.push(b) }, { dataDir: ws.home, secrets: store });
    service.on('work', ({ work }) => workEvents.push(work));
    service.on('changed', ({ what }) => changed.push(what));
    await cluster().query('CREATE DATABASE shop');
    await cluster().query(
      `CREATE TABLE customers (id int PRIMARY KEY, name text); INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 300) g;
       CREATE TABLE orders (id int PRIMARY KEY, customer int REFERENCES customers, total numeric); INSERT INTO orders SELECT g, 1 + g % 300, g * 1.5 FROM generate_series(1, 12000) g;`,
      'shop',
    );
    await createBigTable(cluster(), 'shop', 12);
    await cluster().query('CREATE DATABASE warehouse');
    await createBigTable(cluster(), 'warehouse', 60);
  });
  afterAll(async () => {
    await service?.close();
    ws?.cleanup();
  });

  it('tests a connection, explaining a wrong password', async () => {
    const ok = result(await service.call('connection.test', { host: '127.0.0.1', port: cluster().port, user: 'postgres', password: cluster().password }));
    expect(ok.serverVersion).toMatch(/^15\./);
    expect(ok.toolVersion).toMatch(/^\d+/);
    expect(ok.databases).toEqual(expect.arrayContaining(['postgres', 'shop', 'warehouse']));
    const bad = await service.call('connection.test', { host: '127.0.0.1', port: cluster().port, user: 'postgres', password: 'wrong' });
    expect(bad).toMatchObject({ error: { code: 'PG_AUTH_FAILED' } });
  });

  it('saves a folder destination once it passed the write test', async () => {
    const missing = await service.call('destinations.save', { name: 'nas', kind: 'folder', path: path.join(ws.root, 'not-mounted') });
    expect(missing).toMatchObject({ error: { code: 'DEST_NOT_FOUND' } });
    const saved = result(await service.call('destinations.save', { name: 'nas', kind: 'folder', path: ws.dest }));
    expect(saved.destination).toMatchObject({ name: 'nas', kind: 'folder', where: ws.dest, id: `folder:${ws.dest}` });
    expect(saved.steps.length).toBeGreaterThan(2);
    expect(result(await service.call('destinations.list', {})).destinations.map((d) => d.name)).toEqual(['nas']);
    expect(changed).toContain('destinations');
  });

  let backupId: string;

  it('runs a key-pair job now: work events with progress, then the backup in the history', async () => {
    const key = result(await service.call('keys.generate', { label: 'shop' }));
    const saved = result(await service.call('jobs.save', { config: job('nightly', 'shop', { kind: 'x25519', recipients: [key.recipient] }), password: cluster().password, create: true }));
    expect(saved.job).toMatchObject({ paused: false, scheduleText: 'Every day at 02:30 (Europe/Berlin)' });
    expect(saved.job.nextRuns[0]).toMatch(/T02:30:00\+0[12]:00$/);
    expect(await store.get(secretRefs.jobPassword('nightly'))).toBe(cluster().password);
    const checks = result(await service.call('jobs.test', { name: 'nightly' })).checks;
    expect(checks.map((c) => [c.check, c.ok])).toEqual([
      ['connection', true],
      ['read access to shop', true],
      ['destination nas', true],
    ]);

    workEvents.length = 0;
    changed.length = 0;
    const queued = result(await service.call('jobs.runNow', { name: 'nightly' }));
    expect(queued).toEqual({ queued: true });
    // It returned before the backup finished: the run is under way.
    expect(changed).not.toContain('backups');
    expect(result(await service.call('jobs.runNow', { name: 'nightly' }))).toEqual({ queued: false });
    await until('the run to finish', () => changed.includes('backups'));
    await until('the last work event', () => workEvents.at(-1)?.length === 0);

    const items = workEvents.flat().filter((w) => w.job === 'nightly');
    // This database dumps in a blink; byte counts, rate and ETA are watched on a slow one below.
    expect(items.some((w) => w.kind === 'backup' && w.database === 'shop' && w.step === 'Dumping shop' && w.progress?.phase === 'dumping' && (w.progress.totalBytes ?? 0) > 0)).toBe(true);
    expect(new Set(items.map((w) => w.id)).size).toBe(1);
    expect(busy).toEqual([true, false]);

    const history = result(await service.call('backups.list', { job: 'nightly' }));
    expect(history.total).toBe(1);
    expect(history.rows[0]).toMatchObject({ job: 'nightly', database: 'shop', status: 'succeeded', health: 'complete', encryptionKind: 'x25519', recipients: [key.recipient] });
    backupId = history.rows[0]!.id;
    expect(result(await service.call('backups.get', { id: backupId.slice(0, 8) })).backup.id).toBe(backupId);

    const dashboard = result(await service.call('dashboard.get', {}));
    expect(dashboard.jobs[0]).toMatchObject({ name: 'nightly', databases: ['shop'], lastGood: { backupId }, lastRun: { outcome: 'succeeded' }, destinations: [{ name: 'nas', state: 'ok' }] });
    // The kit of its key was not confirmed yet: amber until it is.
    expect(dashboard.jobs[0]!.status).toBe('warning');
    expect(dashboard.tray).toBe('warning');
    result(await service.call('recoveryKit.confirmSaved', { recipient: key.recipient }));
    const after = result(await service.call('dashboard.get', {}));
    expect([after.jobs[0]!.status, after.tray]).toEqual(['ok', 'ok']);
    expect(after.chart).toEqual([expect.objectContaining({ job: 'nightly', database: 'shop', storedBytes: history.rows[0]!.storedBytes })]);
  });

  it('verifies the backup with the identity from the secret store', async () => {
    await new Promise((r) => setTimeout(r, 250)); // past the work-event throttle: the start is published at once
    workEvents.length = 0;
    const { report } = result(await service.call('backups.verify', { id: backupId }));
    expect(report).toMatchObject({ backupId, hashChecked: true, tables: 3 });
    expect(workEvents.flat().some((w) => w.kind === 'verify' && w.job === 'nightly' && w.database === 'shop' && w.step.endsWith(`shop (${backupId})`))).toBe(true);
  });

  it('restores into a new database with the same row counts', async () => {
    workEvents.length = 0;
    busy.length = 0;
    // No password given: the target is the job's own server, so its saved password is used.
    const { report } = result(await service.call('backups.restore', { id: backupId, target: { host: '127.0.0.1', port: cluster().port, user: 'postgres', database: 'shop_restored' } }));
    expect(report).toMatchObject({ backupId, database: 'shop', targetDatabase: 'shop_restored', mismatches: [] });
    expect(report.tablesChecked).toBe(3);
    expect(await counts('shop_restored')).toEqual(await counts('shop'));
    expect(workEvents.flat().some((w) => w.kind === 'restore' && w.step === 'Restoring into shop_restored')).toBe(true);
    expect(busy).toEqual([true, false]);
    const again = await service.call('backups.restore', { id: backupId, target: { host: '127.0.0.1', port: cluster().port, user: 'postgres', database: 'shop_restored' } });
    expect(again).toMatchObject({ error: { code: 'TARGET_DB_EXISTS' } });
    const drill = result(await service.call('dashboard.get', {})).jobs[0]!.lastVerifiedRestore;
    expect(drill).toMatchObject({ ok: true });
    const events = result(await service.call('activity.list', { job: 'nightly' })).entries.map((e) => e.event);
    expect(events).toEqual(expect.arrayContaining(['job_created', 'backup_create_start', 'backup_create_complete']));
    expect(result(await service.call('activity.list', { event: 'restore_complete' })).entries[0]).toMatchObject({ status: 'success', database: 'shop_restored' });
  });

  it('cancels a running backup from its work item', async () => {
    result(await service.call('jobs.save', { config: job('bulk', 'warehouse', { kind: 'public-key', recipients: [ws.recipient] }, { compressionLevel: 9 }), password: cluster().password, create: true }));
    workEvents.length = 0;
    changed.length = 0;
    result(await service.call('jobs.runNow', { name: 'bulk' }));
    await until('the dump to be under way', () => workEvents.flat().some((w) => w.job === 'bulk' && w.progress?.phase === 'dumping' && w.progress.bytes > 0));
    const progressing = workEvents.flat().find((w) => w.job === 'bulk' && w.progress?.phase === 'dumping' && w.progress.bytes > 0)!;
    expect(progressing).toMatchObject({ kind: 'backup', database: 'warehouse', step: 'Dumping warehouse' });
    expect(progressing.progress!.bytesPerSecond).toBeGreaterThan(0);
    expect(progressing.progress!.totalBytes).toBeGreaterThan(progressing.progress!.bytes);
    expect(progressing.progress!.etaSeconds).toBeGreaterThan(0);
    const item = result(await service.call('work.list', {})).work.find((w) => w.job === 'bulk')!;
    const cancelledAt = Date.now();
    expect(result(await service.call('work.cancel', { id: item.id }))).toEqual({ cancelled: true });
    await until('the cancelled run to end', () => changed.includes('backups'), 20_000);
    expect(Date.now() - cancelledAt).toBeLessThan(15_000);
    const history = result(await service.call('backups.list', { job: 'bulk' }));
    expect(history.rows.map((r) => r.status)).toEqual(['cancelled']);
    const card = result(await service.call('dashboard.get', {})).jobs.find((c) => c.name === 'bulk')!;
    expect(card.lastRun).toMatchObject({ outcome: 'cancelled' });
    expect(ws.files().filter((f) => f.includes('warehouse'))).toEqual([]);
    expect(result(await service.call('work.cancel', { id: item.id }))).toEqual({ cancelled: false });
    result(await service.call('jobs.delete', { name: 'bulk', backups: 'keep' }));
  });

  it('keeps a passphrase job’s passphrase in the store and verifies with it by default', async () => {
    mkdirSync(path.join(ws.root, 'unused'), { recursive: true });
    result(await service.call('jobs.save', { config: job('weekly', 'shop', { kind: 'passphrase' }), password: cluster().password, passphrase: 'correct horse battery staple', create: true }));
    expect(await store.get(secretRefs.jobPassphrase('weekly'))).toBe('correct horse battery staple');
    changed.length = 0;
    result(await service.call('jobs.runNow', { name: 'weekly' }));
    const latest = async () => result(await service.call('backups.list', { job: 'weekly' })).rows[0];
    await untilAsync('the run to finish', async () => ['succeeded', 'failed'].includes((await latest())?.status ?? ''));
    const id = (await latest())!.id;
    expect(result(await service.call('backups.verify', { id })).report).toMatchObject({ backupId: id, hashChecked: true });
    const wrong = await service.call('backups.verify', { id, keys: { passphrase: 'wrong' } });
    expect(wrong).toMatchObject({ error: { code: 'DECRYPT_WRONG_KEY' } });
    // A wrong key is not a damaged copy.
    expect(result(await service.call('backups.get', { id })).backup.copies.map((c) => c.status)).toEqual(['present']);

    result(await service.call('jobs.delete', { name: 'weekly', backups: 'delete' }));
    expect(await store.get(secretRefs.jobPassphrase('weekly'))).toBeUndefined();
    expect(result(await service.call('backups.list', { job: 'weekly' })).total).toBe(0);
  });
});
