// Notifications end to end: channels saved with "send test", then a job's runs reach a real
// SMTP server (STARTTLS + AUTH), a Slack-shaped webhook and a healthcheck endpoint on loopback:
// success, failure (with the cause and the fix), recovery; and alerts are sent once.
import { readFileSync, mkdirSync, writeFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { useCluster } from '../helpers/clusters';
import { startHttpSink, type HttpSink } from '../helpers/http-sink';
import { makeTestCert, startSmtpServer, type TestCert, type TestSmtpServer } from '../helpers/smtp-server';
import { createWorkspace, type Workspace } from '../helpers/workspace';

describe('notifications (PostgreSQL 15, SMTP and HTTP on loopback)', () => {
  const cluster = useCluster(15);
  let ws: Workspace;
  let cert: TestCert;
  let smtp: TestSmtpServer;
  let sink: HttpSink;
  let env: NodeJS.ProcessEnv;
  const SMTP_PASSWORD = `smtp-${Math.random().toString(36).slice(2)}`;
  const cli = (...args: string[]) => runCli(args, env);
  const slack = () => sink.requests.filter((r) => r.path === '/hooks/slack-token');
  const pings = () => sink.requests.filter((r) => r.path.startsWith('/ping/check-uuid')).map((r) => r.path.replace('/ping/check-uuid', '') || '/');

  beforeAll(async () => {
    ws = createWorkspace();
    cert = makeTestCert();
    const caFile = path.join(ws.root, 'ca.pem');
    writeFileSync(caFile, cert.cert);
    smtp = await startSmtpServer({ mode: 'starttls', cert, users: { backup: SMTP_PASSWORD } });
    sink = await startHttpSink();
    const nas = path.join(ws.root, 'nas');
    mkdirSync(nas);
    env = {
      LIFEBOAT_HOME: ws.home,
      PGPASSWORD: cluster().password,
      LIFEBOAT_SECRETS: 'env',
      SMTP_PW: SMTP_PASSWORD,
      LIFEBOAT_SECRET_CHANNEL_MAIL_SECRET: SMTP_PASSWORD,
      HOOK: sink.url('/hooks/slack-token'),
      LIFEBOAT_SECRET_CHANNEL_CHAT_SECRET: sink.url('/hooks/slack-token'),
      PING: sink.url('/ping/check-uuid'),
      LIFEBOAT_SECRET_CHANNEL_PING_SECRET: sink.url('/ping/check-uuid'),
    };
    await cluster().query('CREATE DATABASE crm');
    await cluster().query('CREATE TABLE contacts (id int); INSERT INTO contacts SELECT generate_series(1, 100)', 'crm');
    const add = [
      await cli('notify', 'add', 'mail', '--email', '--smtp-host', '127.0.0.1', '--smtp-port', String(smtp.port), '--security', 'starttls', '--smtp-user', 'backup', '--password-env', 'SMTP_PW', '--from', 'lifeboat@office.test', '--to', 'admin@office.test', '--ca-file', caFile),
      await cli('notify', 'add', 'chat', '--webhook', 'slack', '--url-env', 'HOOK'),
      await cli('notify', 'add', 'ping', '--healthcheck', 'healthchecks', '--url-env', 'PING'),
    ];
    for (const res of add) expect(res.code, res.stderr).toBe(0);
    const job = await cli('job', 'add', 'crm', '--db', `postgres://postgres@127.0.0.1:${cluster().port}/crm`, '--to', nas, '--schedule', 'daily 03:00', '--time-zone', 'UTC', '--recipient', ws.recipient, '--notify', 'mail', '--notify', 'chat:everything', '--notify', 'ping');
    expect(job.code, job.stderr).toBe(0);
  });
  afterAll(async () => {
    await smtp?.close();
    await sink?.close();
    cert?.cleanup();
    ws?.cleanup();
  });

  it('"send test" reached every channel when they were added', () => {
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]).toMatchObject({ from: 'lifeboat@office.test', to: ['admin@office.test'], user: 'backup', secure: true });
    expect(smtp.mails[0]!.subject).toMatch(/test/i);
    expect(slack()).toHaveLength(1);
    expect(slack()[0]!.json<{ text: string }>().text).toMatch(/test/i);
    expect(pings()).toEqual(['/']);
  });

  it('a good run: the chat hears everything, email stays quiet, the healthcheck gets start and success', async () => {
    const run = await cli('job', 'run', 'crm');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(smtp.mails).toHaveLength(1);
    expect(slack()).toHaveLength(2);
    expect(JSON.stringify(slack()[1]!.json())).toMatch(/crm/);
    expect(pings()).toEqual(['/', '/start', '/']);
  });

  it('a failed run emails what happened, to which database, and what to do', async () => {
    const run = await runCli(['job', 'run', 'crm'], { ...env, PGPASSWORD: 'wrong-password' });
    expect(run.code).toBe(1);
    expect(smtp.mails).toHaveLength(2);
    const mail = smtp.mails[1]!;
    expect(mail.subject).toMatch(/crm/);
    expect(mail.text).toMatch(/Password authentication failed for user "postgres"/);
    expect(mail.text).toMatch(/Check the password/);
    expect(mail.text).not.toContain('wrong-password');
    expect(pings().at(-1)).toBe('/fail');
  });

  it('the next good run is a recovery, and email says so', async () => {
    const run = await cli('job', 'run', 'crm');
    expect(run.code, run.stderr).toBe(0);
    expect(smtp.mails).toHaveLength(3);
    expect(`${smtp.mails[2]!.subject} ${smtp.mails[2]!.text}`).toMatch(/recover|working again|back/i);
    expect(pings().at(-1)).toBe('/');
  });

  it('an alert is sent once, not at every check', async () => {
    // A second database that has never been backed up, by a job set up three days ago.
    await cluster().query('CREATE DATABASE ledger');
    const job = await cli('job', 'add', 'ledger', '--db', `postgres://postgres@127.0.0.1:${cluster().port}/ledger`, '--to', path.join(ws.root, 'nas'), '--schedule', 'daily 03:00', '--time-zone', 'UTC', '--recipient', ws.recipient, '--notify', 'mail');
    expect(job.code, job.stderr).toBe(0);
    const db = new Database(path.join(ws.home, 'catalog.sqlite'));
    db.prepare("UPDATE jobs SET created_at = ? WHERE name = 'ledger'").run(new Date(Date.now() - 3 * 86_400_000).toISOString());
    db.close();
    const first = await cli('check', '--json');
    expect(first.code).toBe(1);
    expect((first.json().raised as Array<{ kind: string; database: string }>).map((a) => [a.kind, a.database])).toEqual([['alert-no-recent-backup', 'ledger']]);
    expect(smtp.mails).toHaveLength(4);
    expect(smtp.mails[3]!.text).toMatch(/ledger/);
    const second = await cli('check', '--json');
    expect(second.json().raised).toEqual([]);
    expect(smtp.mails).toHaveLength(4);
  });

  it('no SMTP password or webhook token in the catalog, the logs or the audit log', () => {
    const files = readdirSync(ws.home, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
    for (const file of files) {
      const bytes = readFileSync(file);
      expect(bytes.includes(SMTP_PASSWORD), file).toBe(false);
      expect(bytes.includes('slack-token'), file).toBe(false);
      expect(bytes.includes('check-uuid'), file).toBe(false);
    }
  });
});
