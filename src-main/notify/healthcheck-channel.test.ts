// Real HTTP on 127.0.0.1 standing in for Healthchecks.io and Uptime Kuma: start, success and
// fail pings arrive at the right paths with the right bodies.
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpSink, type HttpSink } from '../../test/helpers/http-sink';
import { rejectsWith, throwsWith } from '../crypto/fixtures/age-test-helpers';
import { HealthcheckChannel, pingUrls } from './healthcheck-channel';
import { renderMessage } from './messages';
import { sendTest } from './send-test';
import { everyEvent } from './test-fixtures';

const UUID = '5f0c2a9e-1b7d-4c55-9f0e-3d2b1a0c9e8f';
const e = everyEvent();
const render = (event: Parameters<typeof renderMessage>[0]) => renderMessage(event, { timeZone: 'UTC' });

let sink: HttpSink | undefined;
afterEach(async () => {
  await sink?.close();
  sink = undefined;
});

describe('HealthcheckChannel (Healthchecks style)', () => {
  it('pings start, success and fail with short bodies', async () => {
    sink = await startHttpSink();
    const ch = new HealthcheckChannel({ id: 'hc', style: 'healthchecks', url: sink.url(`/ping/${UUID}`), retryDelayMs: 10 });
    await ch.start('nightly', 'shop');
    await ch.outcome(e['backup-succeeded'], render(e['backup-succeeded']));
    await ch.outcome(e['backup-failed'], render(e['backup-failed']));
    await ch.outcome(e['backup-degraded'], render(e['backup-degraded']));
    await ch.outcome(e['backup-recovered'], render(e['backup-recovered']));
    expect(sink.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /ping/${UUID}/start`,
      `POST /ping/${UUID}`,
      `POST /ping/${UUID}/fail`,
      `POST /ping/${UUID}/fail`,
      `POST /ping/${UUID}`,
    ]);
    const [start, success, fail] = sink.requests;
    expect(start!.body).toBe('Backup of shop (job "nightly") started.');
    expect(success!.body).toMatch(/^Backup of shop succeeded\. The "nightly" job backed up/);
    expect(fail!.body).toContain('Could not connect to postgres://backup:***@db.office.lan:5432/shop: Connection refused');
    expect(fail!.body).toContain('What to do: Check that PostgreSQL is running');
    expect(fail!.body).not.toContain('Sup3rS3cret');
    expect(fail!.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  it('uses explicit URLs and GET when told to', async () => {
    sink = await startHttpSink();
    const ch = new HealthcheckChannel({
      id: 'custom',
      style: 'healthchecks',
      startUrl: sink.url('/begin?k=1'),
      successUrl: sink.url('/ok?k=1'),
      failUrl: sink.url('/bad?k=1'),
      method: 'GET',
    });
    await ch.start('nightly', 'shop');
    await ch.outcome(e['backup-failed'], render(e['backup-failed']));
    expect(sink.requests.map((r) => `${r.method} ${r.path} [${r.body}]`)).toEqual(['GET /begin?k=1 []', 'GET /bad?k=1 []']);
  });

  it('explains a failed ping without the check id', async () => {
    sink = await startHttpSink(() => ({ status: 404, body: 'not found' }));
    const ch = new HealthcheckChannel({ id: 'hc', style: 'healthchecks', url: sink.url(`/ping/${UUID}`) });
    const error = await rejectsWith(ch.outcome(e['backup-succeeded'], render(e['backup-succeeded'])), 'BAD_INPUT', [UUID]);
    expect(error.message).toBe(`127.0.0.1:${sink.port} does not know this URL for the Healthchecks success ping (HTTP 404).`);
    expect(ch.describe()).toBe(`Healthchecks ping at 127.0.0.1:${sink.port}`);
  });

  it('"Send test" is a success ping', async () => {
    sink = await startHttpSink();
    const ch = new HealthcheckChannel({ id: 'hc', style: 'healthchecks', url: sink.url(`/ping/${UUID}/`) });
    await expect(sendTest(ch, { hostName: 'office-pc' })).resolves.toEqual({ ok: true });
    expect(sink.requests[0]!.path).toBe(`/ping/${UUID}`);
    expect(sink.requests[0]!.body).toMatch(/^Lifeboat test notification\. This is a test message from Lifeboat on office-pc/);
  });
});

describe('HealthcheckChannel (Uptime Kuma style)', () => {
  it('pushes status=up or status=down with a short msg, and has no start', async () => {
    sink = await startHttpSink();
    const ch = new HealthcheckChannel({ id: 'kuma', style: 'uptime-kuma', url: sink.url('/api/push/AbCdEf123?status=up&msg=OK&ping=') });
    await ch.start('nightly', 'shop');
    await ch.outcome(e['backup-succeeded'], render(e['backup-succeeded']));
    await ch.outcome(e['backup-failed'], render(e['backup-failed']));
    expect(sink.requests).toHaveLength(2);
    const [up, down] = sink.requests.map((r) => new URL(r.path, 'http://x'));
    expect(up!.pathname).toBe('/api/push/AbCdEf123');
    expect(up!.searchParams.get('status')).toBe('up');
    expect(up!.searchParams.get('msg')).toMatch(/^Backup of shop succeeded\./);
    expect(down!.searchParams.get('status')).toBe('down');
    expect(down!.searchParams.get('msg')!.length).toBeLessThanOrEqual(200);
    expect(sink.requests.every((r) => r.method === 'GET' && r.body === '')).toBe(true);
  });
});

describe('pingUrls', () => {
  it('derives each signal from the base URL, keeping its query', () => {
    expect(pingUrls({ id: 'a', style: 'healthchecks', url: 'https://hc-ping.com/abc?create=1' })).toEqual({
      start: 'https://hc-ping.com/abc/start?create=1',
      success: 'https://hc-ping.com/abc?create=1',
      fail: 'https://hc-ping.com/abc/fail?create=1',
    });
    expect(pingUrls({ id: 'k', style: 'uptime-kuma', url: 'https://kuma.lan/api/push/t' })).toEqual({
      start: null,
      success: 'https://kuma.lan/api/push/t?status=up',
      fail: 'https://kuma.lan/api/push/t?status=down',
    });
  });

  it('refuses settings without a URL to ping', () => {
    throwsWith(() => pingUrls({ id: 'hc', style: 'healthchecks', successUrl: 'https://hc-ping.com/x' }), 'BAD_INPUT');
    const error = throwsWith(() => pingUrls({ id: 'hc', style: 'healthchecks', url: 'hc-ping.com/secret-uuid' }), 'BAD_INPUT', ['secret-uuid']);
    expect(error.message).toBe('The base ping URL of "hc" is not a valid web address.');
  });
});
