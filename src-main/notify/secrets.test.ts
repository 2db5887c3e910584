// Secrets stay secret: whatever fails, channel errors, results and log lines never contain the
// SMTP password or a webhook/ping URL's path, and sent messages never carry a database password.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, startHttpSink, type HttpSink } from '../../test/helpers/http-sink';
import { makeTestCert, startSmtpServer, type TestCert, type TestSmtpServer } from '../../test/helpers/smtp-server';
import { captureLogger } from './capture-logger';
import { EmailChannel } from './email-channel';
import { HealthcheckChannel } from './healthcheck-channel';
import { renderMessage } from './messages';
import { Notifier, type NotifyResult } from './notifier';
import { sendTest } from './send-test';
import { failedEvent } from './test-fixtures';
import { WebhookChannel } from './webhook-channel';

const SMTP_PASSWORD = 'Kx9-smtp-pass-7Qz';
const HOOK_TOKEN = 'T01ABCDEF/B02GHIJKL/zq8SecretHookToken';
const PING_UUID = '0b9e4a4e-77f0-4a55-8d2c-8f5c1f3c1d7e';
const SECRETS = [SMTP_PASSWORD, HOOK_TOKEN, 'zq8SecretHookToken', PING_UUID, 'Sup3rS3cret'];

let cert: TestCert;
let smtp: TestSmtpServer;
let failing: HttpSink;
let slow: HttpSink;
let capturing: HttpSink;

beforeAll(async () => {
  cert = makeTestCert();
  smtp = await startSmtpServer({ mode: 'tls', cert, users: { alerts: 'the-real-password' } });
  failing = await startHttpSink((req) => ({ status: 500, body: `error handling ${req.path}` }));
  slow = await startHttpSink(() => ({ delayMs: 3_000 }));
  capturing = await startHttpSink();
});

afterAll(async () => {
  await Promise.all([smtp?.close(), failing?.close(), slow?.close(), capturing?.close()]);
  cert?.cleanup();
});

function expectNoSecrets(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

const email = (port: number) =>
  new EmailChannel({
    id: `mail-${port}`,
    config: { host: '127.0.0.1', port, security: 'tls', user: 'alerts', from: 'alerts@office.example', to: ['it@office.example'] },
    password: SMTP_PASSWORD,
    tls: { ca: cert.cert },
    timeouts: { connection: 2_000, greeting: 2_000, socket: 2_000 },
  });

describe('secrets in notification failures', () => {
  it('errors, results and log lines name hosts, never passwords or URL paths', async () => {
    const logger = captureLogger();
    const channels = [
      email(smtp.port), // wrong password
      email(await closedPort()),
      new WebhookChannel({ id: 'slack', format: 'slack', url: failing.url(`/services/${HOOK_TOKEN}`), retryDelayMs: 10 }),
      new WebhookChannel({ id: 'teams', format: 'teams', url: slow.url(`/webhookb2/${HOOK_TOKEN}`), timeoutMs: 200 }),
      new WebhookChannel({ id: 'discord', format: 'discord', url: `http://127.0.0.1:${await closedPort()}/api/webhooks/${HOOK_TOKEN}`, retryDelayMs: 10 }),
      new HealthcheckChannel({ id: 'hc', style: 'healthchecks', url: failing.url(`/ping/${PING_UUID}`), retryDelayMs: 10 }),
    ];
    const notifier = new Notifier({ targets: channels.map((channel) => ({ channel })), logger });
    const results: NotifyResult[] = await notifier.notify(failedEvent());
    expect(results.map((r) => r.status)).toEqual(Array(channels.length).fill('failed'));
    expect(results.map((r) => r.error?.code)).toEqual(['DEST_AUTH_FAILED', 'DEST_UNREACHABLE', 'DEST_FAILED', 'DEST_UNREACHABLE', 'DEST_UNREACHABLE', 'DEST_FAILED']);
    expectNoSecrets(JSON.stringify(results));
    expect(logger.lines.filter((l) => l.message === 'notification failed')).toHaveLength(channels.length);
    expectNoSecrets(JSON.stringify(logger.lines));
    expectNoSecrets(channels.map((c) => c.describe()).join('\n'));
    // Each error still says where: the host, so the admin knows which service.
    expect(results[2]!.error!.message).toContain(`127.0.0.1:${failing.port}`);
  });

  it('a thrown channel error (Send test) keeps secrets out of message, fix, details and cause', async () => {
    for (const channel of [email(smtp.port), new WebhookChannel({ id: 'w', format: 'generic', url: failing.url(`/hooks/${HOOK_TOKEN}`), retryDelayMs: 10 })]) {
      const error = await sendTest(channel).then(
        () => undefined,
        (e: unknown) => e as Error & { fix?: string; details?: unknown; cause?: unknown },
      );
      expect(error).toBeDefined();
      const cause = error!.cause as { message?: string; response?: string } | undefined;
      expectNoSecrets([error!.message, error!.fix, JSON.stringify(error!.details), cause?.message, cause?.response].join('\n'));
    }
  });

  it('what reaches a webhook never carries the database password from an error message', async () => {
    await new WebhookChannel({ id: 'g', format: 'generic', url: capturing.url('/in') }).send(renderMessage(failedEvent()));
    expect(capturing.requests).toHaveLength(1);
    expectNoSecrets(capturing.requests[0]!.body);
    expect(capturing.requests[0]!.body).toContain('postgres://backup:***@db.office.lan');
  });
});
