// Real HTTP on 127.0.0.1: each webhook shape arrives as JSON the service accepts; retries,
// timeouts and errors behave, and the URL's secret path never shows.
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpSink, type HttpSink, type SinkReply, type SinkRequest } from '../../test/helpers/http-sink';
import { rejectsWith } from '../crypto/fixtures/age-test-helpers';
import { renderMessage } from './messages';
import { sendTest } from './send-test';
import { everyEvent, failedEvent } from './test-fixtures';
import { WebhookChannel } from './webhook-channel';
import type { WebhookFormat } from './webhook-payloads';

const SECRET_PATH = '/services/T0AAA/B0BBB/XyZsEcReTtOkEn123';
const message = renderMessage(failedEvent(), { timeZone: 'UTC' });

interface SlackBody {
  text: string;
  blocks: Array<{ type: string; text?: { type: string; text: string; emoji?: boolean }; fields?: Array<{ type: string; text: string }> }>;
}
interface TeamsBody {
  type: string;
  attachments: Array<{ contentType: string; content: { type: string; version: string; body: Array<{ type: string; text?: string; facts?: Array<{ title: string; value: string }> }> } }>;
}
interface DiscordBody {
  username: string;
  content: string;
  allowed_mentions: unknown;
  embeds: Array<{ title: string; description: string; color: number; footer: { text: string }; fields: Array<{ name: string; value: string; inline: boolean }> }>;
}

let sink: HttpSink | undefined;
afterEach(async () => {
  await sink?.close();
  sink = undefined;
});

async function serve(reply?: (request: SinkRequest, index: number) => SinkReply): Promise<HttpSink> {
  sink = await startHttpSink(reply);
  return sink;
}

function hook(s: HttpSink, format: WebhookFormat, extra: { timeoutMs?: number } = {}): WebhookChannel {
  return new WebhookChannel({ id: 'team-chat', format, url: s.url(SECRET_PATH), retryDelayMs: 20, ...extra });
}

describe('WebhookChannel payloads', () => {
  it('generic: our documented JSON', async () => {
    const s = await serve();
    await hook(s, 'generic').send(message);
    const [req] = s.requests;
    expect(req!.method).toBe('POST');
    expect(req!.path).toBe(SECRET_PATH);
    expect(req!.headers['content-type']).toBe('application/json');
    const body = req!.json<Record<string, unknown>>();
    expect(body).toMatchObject({
      version: 1,
      source: 'lifeboat',
      kind: 'backup-failed',
      severity: 'error',
      title: 'Backup of shop failed',
      job: 'nightly',
      database: 'shop',
      time: failedEvent().time,
      fix: failedEvent().error.fix,
    });
    expect(body.text).toContain('Could not connect to postgres://backup:***@db.office.lan');
    expect(body.fields).toContainEqual({ label: 'Database', value: 'shop' });
    expect(req!.body).not.toContain('Sup3rS3cret');
  });

  it('Slack: text plus header, section, fields and context blocks', async () => {
    const s = await serve();
    await hook(s, 'slack').send(message);
    const body = s.requests[0]!.json<SlackBody>();
    expect(body.text).toMatch(/^Backup of shop failed: The "nightly" job/);
    expect(body.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'context']);
    expect(body.blocks[0]!.text).toEqual({ type: 'plain_text', text: '🔴 Backup of shop failed', emoji: true });
    expect(body.blocks[1]!.text?.type).toBe('mrkdwn');
    expect(body.blocks[1]!.text?.text).toContain('What to do: Check that PostgreSQL is running');
    expect(body.blocks[2]!.fields!.length).toBeLessThanOrEqual(10);
    expect(body.blocks[2]!.fields).toContainEqual({ type: 'mrkdwn', text: '*Database*\nshop' });
  });

  it('Teams: an Adaptive Card in a message envelope', async () => {
    const s = await serve(() => ({ status: 202, body: '' }));
    await hook(s, 'teams').send(message);
    const body = s.requests[0]!.json<TeamsBody>();
    expect(body.type).toBe('message');
    expect(body.attachments).toHaveLength(1);
    const attachment = body.attachments[0]!;
    expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(attachment.content).toMatchObject({ type: 'AdaptiveCard', version: '1.4', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json' });
    const [title, text, facts] = attachment.content.body;
    expect(title).toMatchObject({ type: 'TextBlock', text: 'Backup of shop failed', weight: 'Bolder', color: 'Attention', wrap: true });
    expect(text!.text).toContain('What to do:');
    expect(facts!.type).toBe('FactSet');
    expect(facts!.facts).toContainEqual({ title: 'Job', value: 'nightly' });
  });

  it('Discord: content plus one embed, and no mentions', async () => {
    const s = await serve(() => ({ status: 204, body: '' }));
    await hook(s, 'discord').send(renderMessage(everyEvent()['backup-degraded'], { timeZone: 'UTC' }));
    const body = s.requests[0]!.json<DiscordBody>();
    expect(body.content).toBe('⚠️ Backup of shop is missing a copy on b2-offsite');
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.username).toBe('Lifeboat');
    const [embed] = body.embeds;
    expect(embed).toMatchObject({ title: 'Backup of shop is missing a copy on b2-offsite', color: 0xf29900, timestamp: everyEvent()['backup-degraded'].time });
    expect(embed!.description).toContain('The backup is safe on nas');
    expect(embed!.fields).toContainEqual({ name: 'Database', value: 'shop', inline: true });
    const size = JSON.stringify(embed).length;
    expect(size).toBeLessThan(6000);
  });

  it('keeps a huge message within Slack and Discord limits', async () => {
    const big = { ...message, text: 'x'.repeat(10_000), fields: Array.from({ length: 30 }, (_, i): [string, string] => [`F${i}`, 'y'.repeat(3000)]) };
    const s = await serve();
    await hook(s, 'slack').send(big);
    await hook(s, 'discord').send(big);
    const slack = s.requests[0]!.json<SlackBody>();
    expect(slack.blocks[1]!.text!.text.length).toBeLessThanOrEqual(3000);
    expect(slack.blocks[2]!.fields).toHaveLength(10);
    const e = s.requests[1]!.json<DiscordBody>().embeds[0]!;
    const total = e.title.length + e.description.length + e.footer.text.length + e.fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(6000);
  });
});

describe('WebhookChannel delivery', () => {
  it('retries once after a 500, then succeeds', async () => {
    const s = await serve((_req, i) => (i === 0 ? { status: 500, body: 'oops' } : { status: 200 }));
    await hook(s, 'generic').send(message);
    expect(s.requests).toHaveLength(2);
    expect(s.requests[1]!.body).toBe(s.requests[0]!.body);
  });

  it('gives up after the retry with an error naming only the host', async () => {
    const s = await serve(() => ({ status: 503, body: `unavailable at ${SECRET_PATH}` }));
    const error = await rejectsWith(hook(s, 'slack').send(message), 'DEST_FAILED', [SECRET_PATH, 'XyZsEcReTtOkEn123']);
    expect(s.requests).toHaveLength(2);
    expect(error.message).toBe(`127.0.0.1:${s.port} had a problem taking the Slack webhook (HTTP 503: "unavailable at /***") (tried twice).`);
    expect(error.details).toMatchObject({ host: `127.0.0.1:${s.port}`, httpStatus: 503, attempts: 2 });
  });

  it('does not retry a 4xx, and explains a deleted webhook', async () => {
    const s = await serve(() => ({ status: 404, body: 'no_service' }));
    const error = await rejectsWith(hook(s, 'slack').send(message), 'BAD_INPUT', [SECRET_PATH]);
    expect(s.requests).toHaveLength(1);
    expect(error.message).toBe(`127.0.0.1:${s.port} does not know this URL for the Slack webhook (HTTP 404).`);
    expect(error.fix).toContain('copy it again');
  });

  it('explains a revoked webhook (403)', async () => {
    const s = await serve(() => ({ status: 403, body: 'invalid_token' }));
    const error = await rejectsWith(hook(s, 'discord').send(message), 'DEST_AUTH_FAILED', [SECRET_PATH]);
    expect(error.message).toContain('refused the Discord webhook (HTTP 403: "invalid_token")');
  });

  it('times out a slow server, without retrying', async () => {
    const s = await serve(() => ({ delayMs: 5_000 }));
    const started = Date.now();
    const error = await rejectsWith(hook(s, 'teams', { timeoutMs: 300 }).send(message), 'DEST_UNREACHABLE', [SECRET_PATH]);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error.message).toBe(`The Microsoft Teams webhook at 127.0.0.1:${s.port} did not answer within 0.3 s.`);
    expect(s.requests).toHaveLength(1);
  });

  it('retries once after a network error and explains a refused connection', async () => {
    const s = await serve();
    const url = s.url(SECRET_PATH);
    await s.close();
    sink = undefined;
    const error = await rejectsWith(new WebhookChannel({ id: 'x', format: 'generic', url, retryDelayMs: 10 }).send(message), 'DEST_UNREACHABLE', [SECRET_PATH]);
    expect(error.message).toMatch(/^127\.0\.0\.1:\d+ refused the connection for the webhook \(tried twice\)\.$/);
    expect(error.details).toMatchObject({ reason: 'refused', attempts: 2 });
  });

  it('describes itself by host only, and rejects invalid URLs without quoting them', async () => {
    const s = await serve();
    expect(hook(s, 'slack').describe()).toBe(`Slack webhook at 127.0.0.1:${s.port}`);
    expect(() => new WebhookChannel({ id: 'x', format: 'slack', url: 'hooks.slack.com/services/SECRET' })).toThrow(/not a valid web address/);
    try {
      new WebhookChannel({ id: 'x', format: 'slack', url: 'ftp://hooks.slack.com/services/SECRET' });
    } catch (error) {
      expect(String(error)).not.toContain('SECRET');
    }
  });

  it('"Send test" posts a labelled test message', async () => {
    const s = await serve();
    await expect(sendTest(hook(s, 'generic'), { hostName: 'office-pc' })).resolves.toEqual({ ok: true });
    expect(s.requests[0]!.json()).toMatchObject({ kind: 'test', title: 'Lifeboat test notification', severity: 'info' });
  });
});
