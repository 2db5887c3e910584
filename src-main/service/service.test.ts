// The service through its one entry point, without a PostgreSQL server: envelopes for bad
// input and unknown methods, schedule previews, settings, key generation with its one-time
// recovery kit, and the dashboard and the tray agreeing in every state a job can be in.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEnvelope, ApiEvents, ApiMethod, ApiResponse, JobCard, JobStatus, TrayState } from '../../src-shared/api';
import type { JobConfigInput } from '../../src-shared/job';
import { LifeboatCore } from '../core';
import { generateIdentity } from '../crypto';
import { secretRefs } from '../secrets/secret-store';
import { createLifeboatService } from './create-service';
import { MemorySecretStore } from './memory-secret-store';
import type { LifeboatService } from './service-types';

const HOUR = 3600_000;

function result<M extends ApiMethod>(envelope: ApiEnvelope<M>): ApiResponse<M> {
  if ('error' in envelope) throw new Error(`expected a result, got ${JSON.stringify(envelope.error)}`);
  return envelope.result;
}

function failure<M extends ApiMethod>(envelope: ApiEnvelope<M>) {
  if (!('error' in envelope)) throw new Error(`expected an error, got ${JSON.stringify(envelope.result)}`);
  return envelope.error;
}

describe('service (no database server)', () => {
  let root: string;
  let store: MemorySecretStore;
  let service: LifeboatService;
  let now = new Date('2026-03-02T12:00:00Z');
  let folder: string;
  const trayEvents: Array<ApiEvents['tray']> = [];

  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'lifeboat-service-'));
    folder = path.join(root, 'nas');
    mkdirSync(folder);
    store = new MemorySecretStore();
    service = createLifeboatService({ host: 'serve', recoveryKitUrl: (id) => `kit:${id}` }, { dataDir: path.join(root, 'home'), secrets: store, clock: { now: () => now, monotonicMs: () => performance.now() } });
    service.on('tray', (tray) => trayEvents.push(tray));
  });
  afterAll(async () => {
    await service?.close();
    rmSync(root, { recursive: true, force: true });
  });

  describe('requests', () => {
    it('answers an unknown method with a BAD_INPUT envelope instead of throwing', async () => {
      const error = failure(await service.call('nope.nothing' as ApiMethod, {}));
      expect(error).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/^method: "nope.nothing" is not/) });
    });

    it('names the field first when a request does not fit the schema', async () => {
      expect(failure(await service.call('jobs.get', { name: '9lives' }))).toMatchObject({ code: 'BAD_INPUT', message: 'name: a letter followed by letters, digits, - or _', details: { field: 'name' } });
      expect(failure(await service.call('jobs.runNow', {})).message).toBe('name: required');
      expect(failure(await service.call('dashboard.get', { extra: 1 })).message).toBe('extra: not a known field');
      expect(failure(await service.call('backups.list', { limit: 5000 })).message).toMatch(/^limit: /);
      const nested = failure(await service.call('schedule.preview', { schedule: { spec: { kind: 'daily', time: '2pm' }, timeZone: 'Europe/Berlin' } }));
      expect(nested).toMatchObject({ message: 'schedule.spec.time: a time like 02:30', details: { field: 'schedule.spec.time' } });
      expect(failure(await service.call('jobs.get', null)).message).toBe('name: required');
    });

    it('turns errors thrown by a handler into envelopes', async () => {
      expect(failure(await service.call('jobs.get', { name: 'ghost' }))).toMatchObject({ code: 'BAD_INPUT', message: 'There is no job named "ghost".' });
      expect(failure(await service.call('backups.get', { id: 'zzzzzz' }))).toMatchObject({ code: 'BACKUP_NOT_FOUND' });
      expect(failure(await service.call('activity.list', { event: 'party' }))).toMatchObject({ code: 'BAD_INPUT', details: { field: 'event' } });
    });

    it('previews a schedule in words with the next five runs in its time zone', async () => {
      const preview = result(await service.call('schedule.preview', { schedule: { spec: { kind: 'weekdays', time: '19:00' }, timeZone: 'Europe/Berlin' } }));
      expect(preview.description).toBe('Weekdays (Monday to Friday) at 19:00 (Europe/Berlin)');
      expect(preview.nextRuns).toEqual(['2026-03-02T19:00:00+01:00', '2026-03-03T19:00:00+01:00', '2026-03-04T19:00:00+01:00', '2026-03-05T19:00:00+01:00', '2026-03-06T19:00:00+01:00']);
      const wrong = failure(await service.call('schedule.preview', { schedule: { spec: { kind: 'every-hours', hours: 5 }, timeZone: 'UTC' } }));
      expect(wrong).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/does not fit evenly into a day/), details: { field: 'schedule' } });
    });

    it('reads and writes settings; the metrics file must be a .prom file', async () => {
      expect(result(await service.call('settings.get', {})).settings).toEqual({ theme: 'system', startAtLogin: false, metricsFile: null, pausedUntil: null, recoveryKitSaved: true });
      const until = new Date(now.getTime() + HOUR).toISOString();
      const changed = result(await service.call('settings.set', { theme: 'dark', startAtLogin: true, pausedUntil: until, metricsFile: path.join(root, 'lifeboat.prom') }));
      expect(changed.settings).toMatchObject({ theme: 'dark', startAtLogin: true, pausedUntil: until, metricsFile: path.join(root, 'lifeboat.prom') });
      expect(failure(await service.call('settings.set', { metricsFile: '/tmp/metrics.txt' }))).toMatchObject({ details: { field: 'metricsFile' } });
      const cleared = result(await service.call('settings.set', { pausedUntil: null, metricsFile: null }));
      expect(cleared.settings).toMatchObject({ pausedUntil: null, metricsFile: null, theme: 'dark' });
    });
  });

  describe('keys', () => {
    it('keeps a new identity in the secret store and hands out its recovery kit once', async () => {
      const generated = result(await service.call('keys.generate', { label: 'Office server' }));
      expect(generated.recipient).toMatch(/^age1/);
      expect(JSON.stringify(generated)).not.toContain('AGE-SECRET-KEY');
      const identity = await store.get(secretRefs.identity(generated.recipient));
      expect(identity).toMatch(/^AGE-SECRET-KEY-1/);
      const kitId = generated.recoveryKitUrl.replace(/^kit:/, '');
      const html = service.takeRecoveryKit(kitId)!;
      expect(html).toContain(identity!);
      expect(html).toContain(generated.recipient);
      expect(html).toContain('age -d -i key.txt FILE.dump.zst.age | zstd -d | pg_restore -d NEW_DATABASE');
      expect(html).toContain('Office server');
      expect(html).not.toMatch(/<script|src=|href=/i);
      expect(service.takeRecoveryKit(kitId)).toBeUndefined();
    });

    it('says clearly when the secret store cannot be written', async () => {
      const readOnly = createLifeboatService({ host: 'serve' }, { dataDir: path.join(root, 'ro-home'), secrets: new MemorySecretStore(false) });
      try {
        expect(failure(await readOnly.call('keys.generate', {}))).toMatchObject({ code: 'SECRET_STORE_FAILED', message: expect.stringMatching(/can only be read/), fix: expect.stringMatching(/lifeboat keygen/) });
      } finally {
        await readOnly.close();
      }
    });
  });

  describe('dashboard and tray', () => {
    let core: LifeboatCore;
    const folderId = () => `folder:${folder}`;
    beforeAll(() => {
      core = new LifeboatCore({ dataDir: path.join(root, 'home'), secrets: store });
    });
    afterAll(() => core.close());

    const job = (name: string, encryption: JobConfigInput['encryption']): JobConfigInput => ({
      name,
      source: { host: '127.0.0.1', port: 5432, user: 'postgres', databases: { mode: 'list', names: ['shop'] } },
      schedule: { spec: { kind: 'daily', time: '02:30' }, timeZone: 'UTC', catchUp: true },
      destinations: [folder],
      encryption,
    });
    const recipient = generateIdentity().recipient;
    let seq = 0;
    const addBackup = (jobName: string, status: 'succeeded' | 'failed', at: Date, copy: 'present' | 'missing' = 'present') => {
      const id = `test${String(seq++).padStart(6, '0')}`;
      core.backups.insertRunning({ id, job: jobName, database: 'shop', startedAt: at.toISOString(), source: '127.0.0.1:5432', serverVersion: '15.8', toolVersion: '15.8', encryptionKind: 'x25519', recipients: [recipient] });
      if (status === 'failed') {
        core.backups.markFailed(id, 'failed', { code: 'PG_UNREACHABLE', message: 'The server did not answer.' });
        core.jobs.recordOutcome(jobName, 'failed', at);
        return id;
      }
      core.backups.setCopy(id, { destinationId: folderId(), kind: 'folder', prefix: `${jobName}/shop/2026/03`, status: copy, errorMessage: copy === 'missing' ? 'gone' : null });
      core.backups.markSucceeded(id, { finishedAt: new Date(at.getTime() + 60_000).toISOString(), dumpBytes: 1000, storedBytes: 400, warnings: [], files: [{ role: 'dump', name: `${id}.dump.zst.age`, size: 400, sha256: 'a'.repeat(64) }] });
      core.jobs.recordOutcome(jobName, 'succeeded', at);
      return id;
    };

    /** The tray is the worst card, by error > warning > running > ok > idle/paused; and a tray event said so. */
    async function expectAgreement(expected: TrayState, cards: Record<string, JobStatus>): Promise<JobCard[]> {
      const dashboard = result(await service.call('dashboard.get', {}));
      expect(Object.fromEntries(dashboard.jobs.map((c) => [c.name, c.status]))).toEqual(cards);
      expect(dashboard.tray).toBe(expected);
      const tray = service.trayState();
      expect(tray.state).toBe(expected);
      const rank: Record<JobStatus, number> = { error: 4, warning: 3, running: 2, ok: 1, idle: 0, paused: 0 };
      const worst = dashboard.jobs.reduce((w, c) => Math.max(w, rank[c.status]), 0);
      expect(rank[tray.state]).toBe(worst);
      if (trayEvents.length > 0) expect(trayEvents.at(-1)!.state).toBe(expected);
      return dashboard.jobs;
    }

    it('agree from no job to every kind of trouble and back', async () => {
      await expectAgreement('idle', {});

      result(await service.call('jobs.save', { config: job('alpha', { kind: 'public-key', recipients: [recipient] }), create: true }));
      let cards = await expectAgreement('idle', { alpha: 'idle' });
      expect(cards[0]).toMatchObject({ statusText: expect.stringMatching(/^No backup yet; the first one runs 2026-03-03T02:30:00\+00:00/), nextRun: '2026-03-03T02:30:00+00:00', databases: ['shop'], lastGood: null });

      const good = addBackup('alpha', 'succeeded', new Date(now.getTime() - 2 * HOUR));
      result(await service.call('jobs.setPaused', { name: 'alpha', paused: false })); // any edit refreshes the tray
      cards = await expectAgreement('ok', { alpha: 'ok' });
      expect(cards[0]).toMatchObject({ lastGood: { backupId: good, ageHours: 2 }, lastRun: { outcome: 'succeeded' }, destinations: [{ name: folder, state: 'ok' }] });

      result(await service.call('jobs.save', { config: job('beta', { kind: 'public-key', recipients: [recipient] }), create: true }));
      addBackup('beta', 'failed', new Date(now.getTime() - HOUR));
      result(await service.call('jobs.setPaused', { name: 'beta', paused: false }));
      cards = await expectAgreement('error', { alpha: 'ok', beta: 'error' });
      expect(cards[1]!.statusText).toBe('The last run failed: The server did not answer.');
      expect(service.trayState().tooltip).toMatch(/beta needs attention — beta: The last run failed/);

      // A paused job does not colour the tray.
      result(await service.call('jobs.setPaused', { name: 'beta', paused: true }));
      await expectAgreement('ok', { alpha: 'ok', beta: 'paused' });

      // Thirty hours later, alpha's newest good backup is too old.
      now = new Date(now.getTime() + 30 * HOUR);
      service.wake();
      cards = await expectAgreement('warning', { alpha: 'warning', beta: 'paused' });
      expect(cards[0]!.statusText).toBe('No good backup of shop for more than 26 hours.');

      // A missing copy of the newest backup is a warning too; an active alert is an error.
      addBackup('alpha', 'succeeded', new Date(now.getTime() - HOUR), 'missing');
      service.wake();
      cards = await expectAgreement('warning', { alpha: 'warning', beta: 'paused' });
      expect(cards[0]).toMatchObject({ statusText: expect.stringMatching(/^Not every destination holds a good copy/), destinations: [{ state: 'degraded' }] });
      core.settings.set('alerts.active', ['alert-size-anomaly|alpha|shop']);
      service.wake();
      cards = await expectAgreement('error', { alpha: 'error', beta: 'paused' });
      expect(cards[0]!.statusText).toMatch(/much bigger or smaller than usual/);
      core.settings.set('alerts.active', []);
      addBackup('alpha', 'succeeded', new Date(now.getTime() - 0.5 * HOUR));
      service.wake();
      await expectAgreement('ok', { alpha: 'ok', beta: 'paused' });
    });

    it('warn until the recovery kit of a key-pair job is confirmed saved', async () => {
      const key = result(await service.call('keys.generate', {}));
      result(await service.call('jobs.save', { config: job('gamma', { kind: 'x25519', recipients: [key.recipient] }), create: true }));
      addBackup('gamma', 'succeeded', new Date(now.getTime() - 1.2 * HOUR));
      service.wake();
      const cards = await expectAgreement('warning', { alpha: 'ok', beta: 'paused', gamma: 'warning' });
      expect(cards[2]!.statusText).toMatch(/recovery kit of its key was not saved/);
      expect(result(await service.call('settings.get', {})).settings.recoveryKitSaved).toBe(false);
      result(await service.call('recoveryKit.confirmSaved', { recipient: key.recipient }));
      await expectAgreement('ok', { alpha: 'ok', beta: 'paused', gamma: 'ok' });
      expect(result(await service.call('dashboard.get', {})).recoveryKitSaved).toBe(true);
    });

    it('refuses a key-pair job whose secret key is not in the store, and unknown destinations', async () => {
      const stranger = generateIdentity().recipient;
      const noKey = failure(await service.call('jobs.save', { config: job('delta', { kind: 'x25519', recipients: [stranger] }), create: true }));
      expect(noKey).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining(`The secret key of ${stranger} is not in`), details: { field: 'config.encryption.recipients' } });
      const noDest = failure(await service.call('jobs.save', { config: { ...job('delta', { kind: 'public-key', recipients: [stranger] }), destinations: ['offsite'] }, create: true }));
      expect(noDest).toMatchObject({ code: 'BAD_INPUT', message: 'There is no saved destination named "offsite".', details: { field: 'config.destinations' } });
      const noPass = failure(await service.call('jobs.save', { config: job('delta', { kind: 'passphrase' }), create: true }));
      expect(noPass).toMatchObject({ details: { field: 'passphrase' } });
      const dup = failure(await service.call('jobs.save', { config: job('alpha', { kind: 'public-key', recipients: [stranger] }), create: true }));
      expect(dup).toMatchObject({ message: 'A job named "alpha" already exists.', details: { field: 'config.name' } });
      expect(result(await service.call('jobs.list', {})).jobs.map((j) => j.config.name)).toEqual(['alpha', 'beta', 'gamma']);
    });

    it('pages history with filters, the same records the catalog gives', async () => {
      const all = result(await service.call('backups.list', {}));
      expect(all.total).toBe(core.backups.list().length);
      expect(all.rows).toEqual(core.backups.list());
      const failed = result(await service.call('backups.list', { status: 'failed' }));
      expect(failed.rows.map((r) => r.job)).toEqual(['beta']);
      const page = result(await service.call('backups.list', { job: 'alpha', limit: 1, offset: 1 }));
      expect(page.total).toBe(3);
      expect(page.rows).toHaveLength(1);
      expect(result(await service.call('backups.list', { destination: folder })).total).toBe(all.total - 1);
      expect(result(await service.call('backups.list', { from: new Date(now.getTime() - 1.5 * HOUR).toISOString() })).rows.map((r) => r.job)).toEqual(['alpha', 'alpha', 'gamma']);
    });
  });
});
