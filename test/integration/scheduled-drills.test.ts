// Scheduled restore drills through the job runtime against a real PostgreSQL 15: two runtimes
// on one catalog (the desktop app and the daemon) with an injected clock. A due drill runs once;
// without a good backup it is skipped, not failed; on a good backup it passes and is recorded;
// on a corrupted copy it fails, is recorded, and the job's webhook hears about it.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobConfigInput } from '../../src-shared/job';
import { LifeboatCore } from '../../src-main/core';
import type { DrillRunResult } from '../../src-main/drills/run-job-drill';
import { checkAlerts } from '../../src-main/jobs/check-alerts';
import { isDrillRun } from '../../src-main/jobs/run-queue';
import { createJobRuntime, type JobRuntime } from '../../src-main/jobs/runtime';
import { ManualClock } from '../../src-main/schedule/clock';
import { secretRefs } from '../../src-main/secrets/secret-store';
import { MemorySecretStore } from '../../src-main/service/memory-secret-store';
import { useCluster } from '../helpers/clusters';
import { startHttpSink, type HttpSink } from '../helpers/http-sink';
import { createWorkspace, type Workspace } from '../helpers/workspace';

// Sundays at 04:00 UTC, the default drill time in the job's zone; the Saturday before the first.
const SATURDAY = new Date('2030-06-08T12:00:00Z');
const SUNDAYS = ['2030-06-09T04:00:00Z', '2030-06-16T04:00:00Z', '2030-06-23T04:00:00Z'].map((iso) => new Date(iso));

describe('scheduled restore drills (PostgreSQL 15, two runtimes on one catalog)', () => {
  const cluster = useCluster(15);
  let ws: Workspace;
  let sink: HttpSink;
  let clock: ManualClock;
  let cores: LifeboatCore[];
  let runtimes: JobRuntime[];
  const drills: DrillRunResult[] = [];
  const drillMessages = () => sink.requests.map((r) => r.json<{ kind: string; text: string }>()).filter((m) => /drill/i.test(m.text));
  const app = () => cores[0]!;

  /** Both processes look at the schedule at the same moment, then their queues finish. */
  async function tickBoth(at: Date): Promise<string[]> {
    clock.advance(at.getTime() - clock.now().getTime());
    const queued = runtimes.flatMap((r) => r.scheduler.tickAll().drills);
    await Promise.all(runtimes.map((r) => r.queue.idle()));
    return queued;
  }

  beforeAll(async () => {
    ws = createWorkspace();
    sink = await startHttpSink();
    const store = new MemorySecretStore();
    await store.set(secretRefs.identity(ws.recipient), ws.identity);
    await store.set(secretRefs.jobPassword('nightly'), cluster().password);
    await store.set(secretRefs.channelSecret('chat'), sink.url('/hooks/chat'));
    await cluster().query('CREATE DATABASE sales');
    await cluster().query('CREATE TABLE orders (id int PRIMARY KEY, total numeric); INSERT INTO orders SELECT g, g * 1.5 FROM generate_series(1, 3000) g', 'sales');

    clock = new ManualClock(SATURDAY);
    cores = [new LifeboatCore({ dataDir: ws.home, secrets: store, logScope: 'app' }), new LifeboatCore({ dataDir: ws.home, secrets: store, logScope: 'daemon' })];
    app().channels.save({ name: 'chat', kind: 'webhook', config: { format: 'generic' } });
    const job: JobConfigInput = {
      name: 'nightly',
      source: { host: '127.0.0.1', port: cluster().port, user: 'postgres', databases: { mode: 'list', names: ['sales'] } },
      // Backups on the 1st at 03:00 without catch-up: none falls due in these weeks, only drills do.
      schedule: { spec: { kind: 'monthly', dayOfMonth: 1, time: '03:00' }, timeZone: 'UTC', catchUp: false },
      destinations: [ws.dest],
      encryption: { kind: 'x25519', recipients: [ws.recipient] },
      notifications: [{ channel: 'chat', level: 'failures-and-recovery' }],
    };
    app().jobs.create(job);
    runtimes = cores.map((core) => createJobRuntime(core, { clock, observe: () => ({ done: (outcome) => void (!(outcome instanceof Error) && isDrillRun(outcome) && drills.push(outcome)) }) }));
    expect(await tickBoth(SATURDAY)).toEqual([]);
  });
  afterAll(async () => {
    for (const core of cores ?? []) core.close();
    await sink?.close();
    ws?.cleanup();
  });

  it('with no good backup yet, the due drill runs once and is skipped, not failed', async () => {
    expect(await tickBoth(SUNDAYS[0]!)).toEqual(['nightly']);
    expect(drills.map((d) => [d.outcome, d.detail])).toEqual([['skipped', 'the job has no good backup yet']]);
    expect(app().drillState.get('nightly')).toMatchObject({ lastOutcome: 'skipped', lastSlot: SUNDAYS[0]!.toISOString() });
    expect(app().backups.verifications()).toEqual([]);
    expect(drillMessages()).toEqual([]);
    const audit = await app().audit.read({ event: 'restore_drill' });
    expect(audit.map((e) => [e.status, e.actor, e.details])).toEqual([['info', 'scheduler', 'Restore drill of job "nightly" skipped: the job has no good backup yet']]);
  });

  it('on a good backup, the next due drill runs once, passes in a throwaway cluster and is recorded', async () => {
    const run = await app().runJob(app().jobs.require('nightly').config);
    expect(run.ok, JSON.stringify(run.outcomes)).toBe(true);
    expect(await tickBoth(SUNDAYS[1]!)).toEqual(['nightly']);
    expect(drills).toHaveLength(2);
    expect(drills[1]).toMatchObject({ outcome: 'passed', report: { ok: true, results: [{ database: 'sales', backupId: run.outcomes[0]!.backupId, where: 'throwaway PostgreSQL 15 cluster', tablesChecked: 1 }] } });
    expect(app().backups.verifications().map((v) => [v.backup_id, v.kind, v.ok, v.detail])).toEqual([[run.outcomes[0]!.backupId, 'restore', 1, 'drill (throwaway PostgreSQL 15 cluster): passed; 1 tables checked, 0 differ']]);
    expect(app().drillState.get('nightly')).toMatchObject({ lastOutcome: 'passed', lastDetail: null });
    expect(drillMessages()).toEqual([]);
    const audit = await app().audit.read({ event: 'restore_drill' });
    expect(audit[0]).toMatchObject({ status: 'success', actor: 'scheduler', job: 'nightly', database: 'sales', backup_id: run.outcomes[0]!.backupId });
  });

  it('on a corrupted copy, the drill fails, is recorded, and the job’s channel is told once', async () => {
    const dump = path.join(ws.dest, ws.files().find((f) => f.endsWith('.dump.zst.age'))!);
    const bytes = readFileSync(dump);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    writeFileSync(dump, bytes);

    expect(await tickBoth(SUNDAYS[2]!)).toEqual(['nightly']);
    expect(drills).toHaveLength(3);
    expect(drills[2]).toMatchObject({ outcome: 'failed', report: { ok: false, results: [{ database: 'sales', ok: false, error: { code: 'DECRYPT_CORRUPT' } }] } });
    const verifications = app().backups.verifications();
    expect(verifications.map((v) => v.ok)).toEqual([1, 0]);
    expect(verifications[1]!.detail).toMatch(/^drill \(throwaway PostgreSQL 15 cluster\): FAILED \[DECRYPT_CORRUPT\] /);
    expect(app().drillState.get('nightly')).toMatchObject({ lastOutcome: 'failed', lastDetail: expect.stringMatching(/^sales: /) });

    const told = drillMessages();
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ kind: 'alert-drill-failed', job: 'nightly', database: 'sales' });
    expect(told[0]!.text).toMatch(/restore test \(drill\) of the backup of sales .*\(job "nightly"\) failed/);
    // The daemon's hourly check that follows has nothing new to say about it.
    const core = cores[1]!;
    const check = await checkAlerts({ backups: core.backups, jobs: core.jobs, channels: core.channels, settings: core.settings, secrets: await core.secrets(), destination: (d) => core.registry.fromSpec(d), log: core.log, now: clock.now() });
    expect(check.raised).toEqual([]);
    expect(check.active.map((a) => a.kind)).toContain('alert-drill-failed');
    expect(drillMessages()).toHaveLength(1);
    const audit = await app().audit.read({ event: 'restore_drill' });
    expect(audit[0]).toMatchObject({ status: 'error', details: expect.stringMatching(/^Restore drill of sales FAILED \[DECRYPT_CORRUPT\]: /) });
  });
});
