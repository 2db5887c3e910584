// Jobs end to end through the CLI against a real server: create, preview, run now, whole-server
// jobs that pick up new databases, run-due catch-up without duplicates (also with two processes
// racing), pause, retention with a dry run, and deleting a job explicitly.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupRecord } from '../../src-shared/types';
import { runCli } from '../helpers/cli';
import { useCluster } from '../helpers/clusters';
import { createWorkspace, type Workspace } from '../helpers/workspace';

describe('jobs (PostgreSQL 15)', () => {
  const cluster = useCluster(15);
  let ws: Workspace;
  let env: NodeJS.ProcessEnv;
  let nas: string;
  const server = () => `postgres://postgres@127.0.0.1:${cluster().port}`;
  const cli = (...args: string[]) => runCli(args, env);
  const backups = async () => ((await cli('list', '--json')).json().backups as BackupRecord[]).filter((b) => b.status === 'succeeded');
  /** Pretend the job was created long ago, so its past slots count as missed. */
  const backdate = (job: string, iso: string) => {
    const db = new Database(path.join(ws.home, 'catalog.sqlite'));
    db.prepare('UPDATE jobs SET created_at = ? WHERE name = ?').run(iso, job);
    db.close();
  };

  beforeAll(async () => {
    ws = createWorkspace();
    nas = path.join(ws.root, 'nas');
    mkdirSync(nas);
    env = { LIFEBOAT_HOME: ws.home, PGPASSWORD: cluster().password, LIFEBOAT_SECRETS: 'env' };
    for (const db of ['sales', 'hr']) {
      await cluster().query(`CREATE DATABASE ${db}`);
      await cluster().query('CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t SELECT generate_series(1, 500)', db);
    }
  });
  afterAll(() => ws?.cleanup());

  it('creates a job and previews its next five runs in its time zone', async () => {
    const res = await cli('job', 'add', 'nightly', '--db', `${server()}/sales`, '--to', nas, '--schedule', 'daily 02:30', '--time-zone', 'Europe/Berlin', '--recipient', ws.recipient, '--keep-last', '2', '--json');
    expect(res.code, res.stderr).toBe(0);
    const runs = res.json().nextRuns as string[];
    expect(runs).toHaveLength(5);
    for (const run of runs) expect(run).toMatch(/02:30/);
    const show = await cli('job', 'show', 'nightly');
    expect(show.stdout).toMatch(/Every day at 02:30 \(Europe\/Berlin\)/);
  });

  it('job test checks the connection, read permissions and destinations, naming what is wrong', async () => {
    const good = await cli('job', 'test', 'nightly', '--json');
    expect(good.code, good.stdout).toBe(0);
    expect((good.json().checks as Array<{ check: string; ok: boolean }>).map((c) => [c.check, c.ok])).toEqual([
      ['connection', true],
      ['read access to sales', true],
      [`destination ${nas}`, true],
    ]);
    await cluster().query("CREATE ROLE clerk LOGIN PASSWORD 'clerk-pw'; GRANT CONNECT ON DATABASE sales TO clerk");
    await cluster().query('CREATE TABLE salaries (id int); CREATE SEQUENCE invoice_seq', 'sales');
    const add = await cli('job', 'add', 'clerkjob', '--db', `postgres://clerk@127.0.0.1:${cluster().port}/sales`, '--to', nas, '--to', path.join(ws.root, 'no-such-nas'), '--schedule', 'daily 03:00', '--recipient', ws.recipient);
    expect(add.code, add.stderr).toBe(1); // the missing folder is refused at creation
    const add2 = await cli('job', 'add', 'clerkjob', '--db', `postgres://clerk@127.0.0.1:${cluster().port}/sales`, '--to', nas, '--schedule', 'daily 03:00', '--recipient', ws.recipient);
    expect(add2.code, add2.stderr).toBe(0);
    const bad = await runCli(['job', 'test', 'clerkjob', '--json'], { ...env, PGPASSWORD: 'clerk-pw' });
    expect(bad.code).toBe(1);
    const checks = bad.json().checks as Array<{ check: string; ok: boolean; detail: string }>;
    expect(checks.find((c) => c.check === 'read access to sales')).toMatchObject({ ok: false, detail: expect.stringMatching(/table public\.salaries.*sequence public\.invoice_seq|sequence public\.invoice_seq.*table public\.salaries/) });
    await cluster().query('DROP TABLE salaries; DROP SEQUENCE invoice_seq', 'sales');
    await cli('job', 'remove', 'clerkjob', '--keep-backups');
  });

  it('rejects bad input with a specific message and saves nothing', async () => {
    const bad = await cli('job', 'add', 'broken', '--db', `${server()}/sales`, '--to', nas, '--schedule', 'daily 25:00', '--time-zone', 'Europe/Berlin', '--recipient', ws.recipient);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/25:00/);
    const withPassword = await cli('job', 'add', 'leaky', '--db', `postgres://postgres:secret@127.0.0.1:${cluster().port}/sales`, '--to', nas, '--schedule', 'daily 01:00', '--recipient', ws.recipient);
    expect(withPassword.code).toBe(1);
    expect(withPassword.stderr).toMatch(/must not keep its password in the URL/);
    const list = await cli('job', 'list', '--json');
    expect((list.json().jobs as Array<{ config: { name: string } }>).map((j) => j.config.name)).toEqual(['nightly']);
  });

  it('runs now, and retention keeps the last two backups', async () => {
    for (let i = 0; i < 3; i++) {
      const run = await cli('job', 'run', 'nightly', '--json');
      expect(run.code, run.stdout + run.stderr).toBe(0);
    }
    const left = (await backups()).filter((b) => b.job === 'nightly');
    expect(left).toHaveLength(2);
    expect(ws.files(nas).filter((f) => f.endsWith('.manifest.json'))).toHaveLength(2);
  });

  it('a whole-server job picks up a database created after the job', async () => {
    const add = await cli('job', 'add', 'server', '--db', server(), '--all-databases', '--exclude', 'postgres', '--to', nas, '--schedule', 'every 6 hours', '--time-zone', 'UTC', '--recipient', ws.recipient);
    expect(add.code, add.stderr).toBe(0);
    await cluster().query('CREATE DATABASE newcomer');
    const run = await cli('job', 'run', 'server', '--json');
    expect(run.code, run.stdout).toBe(0);
    const dbs = (run.json().run as { outcomes: Array<{ database: string }> }).outcomes.map((o) => o.database).sort();
    expect(dbs).toEqual(['hr', 'newcomer', 'sales']);
  });

  it('run-due makes one catch-up run for missed slots, then nothing until the next slot', async () => {
    await cli('job', 'pause', 'server');
    const add = await cli('job', 'add', 'catchup', '--db', `${server()}/sales`, '--to', nas, '--schedule', 'daily 02:30', '--time-zone', 'Europe/Berlin', '--recipient', ws.recipient);
    expect(add.code, add.stderr).toBe(0);
    backdate('catchup', new Date(Date.now() - 3 * 86_400_000).toISOString());
    const first = await cli('run-due', '--json');
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.json().queued).toEqual(['catchup']);
    expect((await backups()).filter((b) => b.job === 'catchup')).toHaveLength(1);
    const second = await cli('run-due', '--json');
    expect(second.json().queued).toEqual([]);
    expect((await backups()).filter((b) => b.job === 'catchup')).toHaveLength(1);
    // A job just run by hand is not run again for a slot that run already covers.
    expect((second.json().queued as string[]).includes('nightly')).toBe(false);
  });

  it('two processes running run-due at once start one run, and a paused job does not run', async () => {
    const add = await cli('job', 'add', 'race', '--db', `${server()}/hr`, '--to', nas, '--schedule', 'every hour', '--time-zone', 'UTC', '--recipient', ws.recipient);
    expect(add.code, add.stderr).toBe(0);
    backdate('race', new Date(Date.now() - 2 * 3600_000).toISOString());
    const [a, b] = await Promise.all([cli('run-due', '--json'), cli('run-due', '--json')]);
    const queued = [...(a.json().queued as string[]), ...(b.json().queued as string[])].filter((j) => j === 'race');
    expect(queued).toEqual(['race']);
    expect((await backups()).filter((x) => x.job === 'race')).toHaveLength(1);
    expect((await backups()).filter((x) => x.job === 'server')).toHaveLength(3); // paused: no scheduled run
  });

  it('prune --dry-run lists deletions without deleting; removing a job asks what to do with its backups', async () => {
    const dry = await cli('prune', '--job', 'nightly', '--dry-run', '--json');
    expect(dry.code, dry.stderr).toBe(0);
    const result = (dry.json().results as Array<{ summary: string; plan: { deletions: unknown[] } }>)[0]!;
    const count = result.plan.deletions.length;
    expect(result.summary).toMatch(count === 0 ? /nothing to delete/ : /will be deleted, freeing/);
    const files = ws.files(nas).length;
    expect(ws.files(nas).length).toBe(files);

    const ambiguous = await cli('job', 'remove', 'race');
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toMatch(/--keep-backups.*--delete-backups/);
    const removed = await cli('job', 'remove', 'race', '--delete-backups', '--json');
    expect(removed.code, removed.stderr).toBe(0);
    expect((await backups()).filter((x) => x.job === 'race')).toEqual([]);
    expect(ws.files(nas).some((f) => f.startsWith('race/'))).toBe(false);
  });

  it('records everything in the audit log, and exports metrics and a monthly report', async () => {
    const activity = await cli('activity', '--limit', '1000', '--json');
    expect(activity.code, activity.stderr).toBe(0);
    const events = (activity.json().entries as Array<{ event: string; status: string; job?: string }>).map((e) => e.event);
    for (const event of ['job_created', 'backup_create_start', 'backup_upload', 'backup_create_complete', 'backup_prune', 'job_edited', 'job_deleted']) expect(events).toContain(event);
    const prunes = (activity.json().entries as Array<{ event: string; job?: string }>).filter((e) => e.event === 'backup_prune');
    expect(prunes.every((e) => e.job)).toBe(true);

    const prom = path.join(ws.root, 'lifeboat.prom');
    const metrics = await cli('metrics', '--out', prom);
    expect(metrics.code, metrics.stderr).toBe(0);
    const text = (await import('node:fs')).readFileSync(prom, 'utf8');
    expect(text).toMatch(/^lifeboat_last_backup_success\{job="nightly",database="sales"\} 1$/m);
    expect(text).toMatch(/^lifeboat_last_success_timestamp_seconds\{job="nightly",database="sales"\} \d{10}/m);

    const month = new Date().toISOString().slice(0, 7);
    const csv = path.join(ws.root, 'report.csv');
    const report = await cli('report', '--month', month, '--job', 'nightly', '--format', 'csv', '--out', csv, '--time-zone', 'UTC');
    expect(report.code, report.stderr).toBe(0);
    const rows = (await import('node:fs')).readFileSync(csv, 'utf8').trim().split(/\r?\n/);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.slice(1).every((r) => r.includes('sales'))).toBe(true);
    const html = path.join(ws.root, 'report.html');
    expect((await cli('report', '--month', month, '--job', 'nightly', '--out', html, '--time-zone', 'UTC')).code).toBe(0);
    expect((await import('node:fs')).readFileSync(html, 'utf8')).toMatch(/Lifeboat backup report — nightly/);
  });

  it('pausing all schedules holds every job; the metrics file is rewritten after each run once set', async () => {
    const add = await cli('job', 'add', 'paused', '--db', `${server()}/hr`, '--to', nas, '--schedule', 'every hour', '--time-zone', 'UTC', '--recipient', ws.recipient);
    expect(add.code, add.stderr).toBe(0);
    backdate('paused', new Date(Date.now() - 2 * 3600_000).toISOString());
    expect((await cli('pause', '--for', '1h')).code).toBe(0);
    expect((await cli('run-due', '--json')).json().queued).toEqual([]);
    expect((await cli('resume')).code).toBe(0);

    const prom = path.join(ws.root, 'auto.prom');
    expect((await cli('settings', 'set', 'metrics.file', prom)).code).toBe(0);
    const due = await cli('run-due', '--json');
    expect(due.json().queued).toEqual(['paused']);
    const text = (await import('node:fs')).readFileSync(prom, 'utf8');
    expect(text).toMatch(/^lifeboat_last_backup_success\{job="paused",database="hr"\} 1$/m);
  });
});
